package dev.retain.routes.unify;

import static java.util.Objects.requireNonNull;

import dev.retain.routes.unify.IdentityInput.Key;

/** A must-link or cannot-link decision about two records, from configuration or review. */
record LinkOverride(Kind kind, Key a, Key b) {
  enum Kind {
    MUST_LINK,
    CANNOT_LINK
  }

  LinkOverride {
    requireNonNull(kind, "kind is null");
    requireNonNull(a, "a is null");
    requireNonNull(b, "b is null");
  }

  /** Parses {@code source/entity/id = source/entity/id}; a bad value names {@code key}. */
  static LinkOverride parse(String key, Kind kind, String value) {
    String[] sides = value == null ? new String[0] : value.split("=");
    if (sides.length != 2) {
      throw new IllegalArgumentException(
          key + " must be 'source/entity/id = source/entity/id', got '" + value + "'");
    }
    return new LinkOverride(kind, keyOf(key, sides[0], value), keyOf(key, sides[1], value));
  }

  private static Key keyOf(String key, String side, String value) {
    String[] parts = side.strip().split("/", 3);
    if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
      throw new IllegalArgumentException(
          key + " must be 'source/entity/id = source/entity/id', got '" + value + "'");
    }
    return new Key(parts[0], parts[1], parts[2]);
  }
}
