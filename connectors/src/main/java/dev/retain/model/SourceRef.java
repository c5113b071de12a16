package dev.retain.model;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Where a record comes from: the source system (a lower-case token such as {@code salesforce}) and
 * the record's id in that system. Together they are the record's natural key everywhere in Retain.
 */
public record SourceRef(String system, String id) {
  private static final Pattern SYSTEM = Pattern.compile("[a-z][a-z0-9_]{1,31}");

  public SourceRef {
    requireNonNull(system, "system is null");
    requireNonNull(id, "id is null");
    if (!SYSTEM.matcher(system).matches()) {
      throw new IllegalArgumentException("system must be a lower-case token, got: " + system);
    }
    if (id.isBlank()) {
      throw new IllegalArgumentException("id of a " + system + " record is blank");
    }
  }

  public static SourceRef of(String system, String id) {
    return new SourceRef(system, id);
  }

  @Override
  public String toString() {
    return system + ":" + id;
  }
}
