package dev.retain.connectors.salesforce;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * Reading Salesforce field values out of one record; every failure names the field. Salesforce
 * sends dateTimes as {@code 2024-01-15T10:30:00.000+0000} and dates as {@code 2024-01-15}.
 */
final class SalesforceJson {
  /** Decimals stay exact: {@code 1200.50} arrives as BigDecimal 1200.50, not a double. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
          .build();

  static final DateTimeFormatter DATE_TIME =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter();

  private SalesforceJson() {}

  /** The value at a field path such as {@code Owner.Name}; null when absent or JSON null. */
  static JsonNode at(JsonNode record, String path) {
    JsonNode node = record;
    for (String part : path.split("\\.")) {
      if (node == null || node.isNull() || !node.isObject()) {
        return null;
      }
      node = node.get(part);
    }
    return node == null || node.isNull() ? null : node;
  }

  static String text(JsonNode record, String field) {
    if (field == null) {
      return null;
    }
    JsonNode node = at(record, field);
    if (node == null) {
      return null;
    }
    if (!node.isValueNode()) {
      throw bad(field, "expected a text value, got " + node);
    }
    return node.asText();
  }

  static String requiredText(JsonNode record, String field) {
    String value = text(record, field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or empty");
    }
    return value;
  }

  static BigDecimal decimal(JsonNode record, String field) {
    if (field == null) {
      return null;
    }
    JsonNode node = at(record, field);
    if (node == null) {
      return null;
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual()) {
      try {
        return new BigDecimal(node.asText().strip());
      } catch (NumberFormatException e) {
        throw bad(field, "expected a number, got \"" + node.asText() + "\"");
      }
    }
    throw bad(field, "expected a number, got " + node);
  }

  static Integer integer(JsonNode record, String field) {
    BigDecimal value = decimal(record, field);
    if (value == null) {
      return null;
    }
    try {
      return value.intValueExact();
    } catch (ArithmeticException e) {
      try {
        return value.stripTrailingZeros().intValueExact();
      } catch (ArithmeticException notWhole) {
        throw bad(field, "expected a whole number, got " + value.toPlainString());
      }
    }
  }

  static LocalDate date(JsonNode record, String field) {
    String value = text(record, field);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw bad(field, "expected a date yyyy-MM-dd, got \"" + value + "\"");
    }
  }

  static Instant dateTime(JsonNode record, String field) {
    String value = text(record, field);
    if (value == null || value.isBlank()) {
      return null;
    }
    return parseDateTime(value, field);
  }

  static Instant parseDateTime(String value, String what) {
    try {
      return OffsetDateTime.parse(value.strip(), DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw bad(
          what, "expected a dateTime like 2024-01-15T10:30:00.000+0000, got \"" + value + "\"");
    }
  }

  static boolean bool(JsonNode record, String field) {
    if (field == null) {
      return false;
    }
    JsonNode node = at(record, field);
    if (node == null) {
      return false;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual() && (node.asText().equals("true") || node.asText().equals("false"))) {
      return Boolean.parseBoolean(node.asText());
    }
    throw bad(field, "expected true or false, got " + node);
  }

  static IllegalArgumentException bad(String field, String problem) {
    return new IllegalArgumentException("field '" + field + "': " + problem);
  }
}
