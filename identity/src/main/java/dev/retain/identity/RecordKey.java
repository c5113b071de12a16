package dev.retain.identity;

import static java.util.Objects.requireNonNull;

/** A record's natural key: the system it comes from and its id there. */
public record RecordKey(String source, String id) implements Comparable<RecordKey> {
  public RecordKey {
    requireNonNull(source, "source is null");
    requireNonNull(id, "id is null");
  }

  @Override
  public int compareTo(RecordKey o) {
    int c = source.compareTo(o.source);
    return c != 0 ? c : id.compareTo(o.id);
  }

  @Override
  public String toString() {
    return source + ":" + id;
  }
}
