package dev.retain.routes.sources;

/** Start-up checks of settings whose messages name the property key. */
final class Required {
  private Required() {}

  static void check(String key, Object value) {
    if (value == null || value instanceof String s && s.isBlank()) {
      throw new IllegalArgumentException(key + " is required when the source is enabled");
    }
  }

  static void range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          key + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
