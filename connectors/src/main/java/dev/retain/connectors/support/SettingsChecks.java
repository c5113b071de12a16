package dev.retain.connectors.support;

import java.net.URI;
import java.time.Duration;

/** Validation for settings records; every message names the offending key. */
public final class SettingsChecks {
  private SettingsChecks() {}

  /** An absolute http(s) URL without trailing slashes. */
  public static URI httpUrl(URI value, String key) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is required");
    }
    String scheme = value.getScheme();
    if (scheme == null
        || !(scheme.equals("https") || scheme.equals("http"))
        || value.getHost() == null) {
      throw new IllegalArgumentException(key + " must be an absolute http(s) URL, got: " + value);
    }
    return URI.create(value.toString().replaceAll("/+$", ""));
  }

  public static String notBlank(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " is blank");
    }
    return value.strip();
  }

  public static int between(int value, int min, int max, String key) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          key + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  public static Duration notNegative(Duration value, String key) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is required");
    }
    if (value.isNegative()) {
      throw new IllegalArgumentException(key + " must not be negative, got " + value);
    }
    return value;
  }

  public static <T> T required(T value, String key) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is required");
    }
    return value;
  }
}
