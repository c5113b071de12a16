package dev.retain.identity;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;

/**
 * One record to resolve: its key and its raw field values by field name (as {@link Settings} names
 * them). Missing and blank values are simply absent.
 */
public record IdentityRecord(RecordKey key, Map<String, String> values) {
  public IdentityRecord {
    requireNonNull(key, "key is null");
    Map<String, String> copy = new HashMap<>();
    values.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            copy.put(k, v);
          }
        });
    values = Map.copyOf(copy);
  }

  public static IdentityRecord of(String source, String id, Map<String, String> values) {
    return new IdentityRecord(new RecordKey(source, id), values);
  }

  public String value(String field) {
    return values.get(field);
  }
}
