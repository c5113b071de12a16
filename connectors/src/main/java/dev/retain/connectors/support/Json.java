package dev.retain.connectors.support;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Streaming parse of JSON pages: the records array is read one element at a time (each element as a
 * small tree), so memory holds one record, never the page's text; everything else at the top level
 * (paging links, totals) is kept as a tree.
 */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  /** Receives the elements of the records array one at a time. */
  @FunctionalInterface
  public interface ElementHandler {
    void accept(JsonNode element, int index);
  }

  /** Reads a response body; IO and JSON errors are translated by {@link #fetch}. */
  @FunctionalInterface
  public interface BodyReader<T> {
    T read(HttpResponse<InputStream> response, InputStream body) throws IOException;
  }

  /**
   * Sends {@code request} and reads the body with {@code reader}: JSON that does not parse becomes
   * {@link ConnectorErrorCode#MALFORMED_RESPONSE} naming {@code what}; a body cut off mid-read is
   * {@link ConnectorErrorCode#UNAVAILABLE} (the next run retries).
   */
  public static <T> T fetch(
      HttpTransport transport,
      HttpRequest request,
      String system,
      String what,
      BodyReader<T> reader) {
    HttpResponse<InputStream> response = transport.send(request, what);
    try (InputStream in = response.body()) {
      return reader.read(response, in);
    } catch (JsonProcessingException e) {
      throw malformed(system, what, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorErrorCode.UNAVAILABLE,
          system + ": " + what + ": reading the body failed: " + e.getMessage(),
          e);
    }
  }

  public static ConnectorException malformed(String system, String what, String problem) {
    return new ConnectorException(
        ConnectorErrorCode.MALFORMED_RESPONSE,
        system + ": " + what + ": the page does not have the documented shape: " + problem);
  }

  /**
   * Streams a JSON object whose field {@code arrayField} holds the records; returns the other
   * top-level fields. A missing records field, or one that is not an array, is malformed.
   */
  public static ObjectNode readEnvelope(
      InputStream in, String arrayField, ElementHandler handler, String system, String what)
      throws IOException {
    ObjectNode rest = MAPPER.createObjectNode();
    boolean seen = false;
    try (JsonParser p = MAPPER.createParser(in)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw malformed(
            system,
            what,
            "expected a JSON object with '" + arrayField + "', got " + describe(first));
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals(arrayField)) {
          if (value != JsonToken.START_ARRAY) {
            throw malformed(
                system, what, "field '" + arrayField + "' is not an array but " + describe(value));
          }
          readElements(p, handler, system, what, arrayField);
          seen = true;
        } else {
          rest.set(name, p.readValueAsTree());
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw malformed(system, what, "there is more after the JSON object");
      }
    }
    if (!seen) {
      throw malformed(system, what, "field '" + arrayField + "' is missing");
    }
    return rest;
  }

  /** Streams a top-level JSON array of records. */
  public static void readArray(InputStream in, ElementHandler handler, String system, String what)
      throws IOException {
    try (JsonParser p = MAPPER.createParser(in)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_ARRAY) {
        throw malformed(system, what, "expected a JSON array, got " + describe(first));
      }
      readElements(p, handler, system, what, "");
      if (p.nextToken() != null) {
        throw malformed(system, what, "there is more after the array");
      }
    }
  }

  private static void readElements(
      JsonParser p, ElementHandler handler, String system, String what, String field)
      throws IOException {
    int index = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw malformed(system, what, "element " + field + "[" + index + "] is not an object");
      }
      handler.accept(p.readValueAsTree(), index++);
    }
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "an empty body";
    }
    return token.asString() == null ? token.name() : "'" + token.asString() + "'";
  }

  // ---- field access; every failure names the field ------------------------------------------

  /** The node at a dotted path ({@code fields.customfield_10002}); null when absent or null. */
  public static JsonNode at(JsonNode node, String path) {
    JsonNode current = node;
    for (String part : path.split("\\.")) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(part);
    }
    return current == null || current.isNull() || current.isMissingNode() ? null : current;
  }

  /** The text at a dotted path; null when absent, null or blank. */
  public static String text(JsonNode node, String path) {
    JsonNode value = at(node, path);
    if (value == null) {
      return null;
    }
    if (!value.isValueNode()) {
      throw new IllegalArgumentException("field '" + path + "': expected a value, got " + value);
    }
    String text = value.asText();
    return text.isBlank() ? null : text;
  }

  public static String requiredText(JsonNode node, String path) {
    String value = text(node, path);
    if (value == null) {
      throw new IllegalArgumentException("field '" + path + "' is missing or empty");
    }
    return value;
  }

  /** A decimal (number or numeric string); null when absent or blank. */
  public static BigDecimal decimal(JsonNode node, String path) {
    String value = text(node, path);
    if (value == null) {
      return null;
    }
    try {
      return new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field '" + path + "': not a number: " + value);
    }
  }

  /** A whole number (number or numeric string); null when absent or blank. */
  public static Integer integer(JsonNode node, String path) {
    String value = text(node, path);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field '" + path + "': not a whole number: " + value);
    }
  }
}
