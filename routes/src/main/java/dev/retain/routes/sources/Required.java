package dev.retain.routes.sources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Start-up checks of settings whose messages name the property key. */
final class Required {
  private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

  private Required() {}

  static void check(String key, Object value) {
    if (isBlank(value)) {
      throw new IllegalArgumentException(key + " is required when the source is enabled");
    }
  }

  static boolean isBlank(Object value) {
    return value == null || value instanceof String s && s.isBlank();
  }

  /** A blank string is "not set". */
  static String orNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  static void range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          key + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  static void notNegative(String key, Duration value) {
    check(key, value);
    if (value.isNegative()) {
      throw new IllegalArgumentException(key + " must not be negative, got " + value);
    }
  }

  static void positive(String key, Duration value) {
    check(key, value);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be more than 0, got " + value);
    }
  }

  static void readableFile(String key, Path value) {
    check(key, value);
    if (!Files.isReadable(value) || Files.isDirectory(value)) {
      throw new IllegalArgumentException(key + " is not a readable file: " + value);
    }
  }

  /** Exactly one of two ways to authenticate. */
  static void oneOf(String first, boolean firstSet, String second, boolean secondSet) {
    if (firstSet == secondSet) {
      throw new IllegalArgumentException(
          "set either "
              + first
              + " or "
              + second
              + (firstSet ? ", not both" : " when the source is enabled"));
    }
  }

  /**
   * Builds a connector's settings record, rewriting the connector's own key names in a failure
   * message ({@code hubspot.pageSize}) as the property key ({@code
   * retain.sources.hubspot.page-size}), so every start-up failure names the key a user sets.
   */
  static <T> T build(String connectorPrefix, String propertyPrefix, Supplier<T> settings) {
    try {
      return settings.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      // the message names the property; the connector's own exception is kept for its stack
      IllegalArgumentException named =
          new IllegalArgumentException(
              propertyKeys(String.valueOf(e.getMessage()), connectorPrefix, propertyPrefix));
      named.addSuppressed(e);
      throw named;
    }
  }

  static String propertyKeys(String message, String connectorPrefix, String propertyPrefix) {
    Matcher m =
        Pattern.compile("(?<![\\w.-])" + Pattern.quote(connectorPrefix) + "\\.([A-Za-z][\\w.]*)")
            .matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String path = m.group(1).replaceAll("\\.+$", "");
      String rest = m.group(1).substring(path.length());
      String kebab = CAMEL.matcher(path).replaceAll("$1-$2").toLowerCase(Locale.ROOT);
      m.appendReplacement(out, Matcher.quoteReplacement(propertyPrefix + "." + kebab + rest));
    }
    m.appendTail(out);
    String text = out.toString();
    return text.contains(propertyPrefix) ? text : propertyPrefix + ": " + text;
  }
}
