package dev.retain.connectors.zendesk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends authenticated GETs to Zendesk and parses incremental export pages as they stream in. Knows
 * nothing about the canonical model.
 */
final class ZendeskClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private final ZendeskSettings settings;
  private final HttpTransport transport;

  ZendeskClient(ZendeskSettings settings, HttpTransport transport) {
    this.settings = settings;
    this.transport = transport;
  }

  HttpRequest get(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(settings.baseUrl() + pathAndQuery))
        .header("Authorization", settings.authorization())
        .header("Accept", "application/json")
        .GET()
        .build();
  }

  /** Reads a small JSON document whole (used by the connection check). */
  JsonNode getTree(String pathAndQuery, String what) {
    String body = transport.sendForString(get(pathAndQuery), what);
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ConnectorException(
          ConnectorErrorCode.MALFORMED_RESPONSE,
          "zendesk: " + what + " answered a body that is not JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * Fetches one export page and parses it with a streaming parser: each exported item and each
   * side-loaded metric set is read as a tree, everything else is skipped. A body without the
   * documented shape fails the whole page with {@link ConnectorErrorCode#MALFORMED_RESPONSE}.
   *
   * @param itemsKey the array that holds the exported items ({@code tickets}, {@code users}, ...)
   */
  ExportPage export(String pathAndQuery, String itemsKey, String what) {
    HttpResponse<InputStream> response = transport.send(get(pathAndQuery), what);
    try (InputStream in = response.body();
        JsonParser parser = FACTORY.createParser(in)) {
      parser.setCodec(JSON);
      return parse(parser, itemsKey, what);
    } catch (JsonProcessingException e) {
      throw malformed(
          what,
          "the body is not valid JSON ("
              + e.getOriginalMessage()
              + " at line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + ", column "
              + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr())
              + ")",
          e);
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorErrorCode.UNAVAILABLE,
          "zendesk: " + what + ": the connection broke while reading the page: " + e,
          e);
    }
  }

  private static ExportPage parse(JsonParser parser, String itemsKey, String what)
      throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw malformed(what, "the body is not a JSON object", null);
    }
    List<JsonNode> items = null;
    Map<String, JsonNode> metricSets = new HashMap<>();
    Boolean endOfStream = null;
    Long endTime = null;
    String nextPage = null;
    String afterCursor = null;
    String afterUrl = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals(itemsKey)) {
        items = readArray(parser, value, itemsKey, what);
      } else if (field.equals("metric_sets")) {
        for (JsonNode set : readArray(parser, value, "metric_sets", what)) {
          JsonNode ticketId = set.path("ticket_id");
          if (ticketId.isIntegralNumber() || ticketId.isTextual()) {
            metricSets.put(ticketId.asText(), set);
          }
        }
      } else if (field.equals("end_of_stream")) {
        if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
          throw malformed(what, "end_of_stream is not a boolean", null);
        }
        endOfStream = value == JsonToken.VALUE_TRUE;
      } else if (field.equals("end_time")) {
        endTime = value == JsonToken.VALUE_NULL ? null : readLong(parser, value, field, what);
      } else if (field.equals("next_page")) {
        nextPage = readString(parser, value, field, what);
      } else if (field.equals("after_cursor")) {
        afterCursor = readString(parser, value, field, what);
      } else if (field.equals("after_url")) {
        afterUrl = readString(parser, value, field, what);
      } else {
        parser.skipChildren();
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw malformed(what, "the body ended before its closing brace", null);
    }
    if (items == null) {
      throw malformed(what, "the body has no \"" + itemsKey + "\" array", null);
    }
    if (endOfStream == null) {
      throw malformed(what, "the body has no end_of_stream flag", null);
    }
    return new ExportPage(items, metricSets, endOfStream, endTime, nextPage, afterCursor, afterUrl);
  }

  private static List<JsonNode> readArray(
      JsonParser parser, JsonToken value, String field, String what) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw malformed(what, "\"" + field + "\" is not an array", null);
    }
    List<JsonNode> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (parser.currentToken() == null) {
        throw malformed(what, "the body ended inside \"" + field + "\"", null);
      }
      items.add(parser.readValueAsTree());
    }
    return items;
  }

  private static long readLong(JsonParser parser, JsonToken value, String field, String what)
      throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return parser.getLongValue();
    }
    if (value == JsonToken.VALUE_STRING) {
      try {
        return Long.parseLong(parser.getText().strip());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw malformed(what, field + " is not a Unix time in seconds", null);
  }

  private static String readString(JsonParser parser, JsonToken value, String field, String what)
      throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw malformed(what, field + " is not a string", null);
    }
    String text = parser.getText();
    return text.isBlank() ? null : text;
  }

  private static ConnectorException malformed(String what, String why, Throwable cause) {
    return new ConnectorException(
        ConnectorErrorCode.MALFORMED_RESPONSE,
        "zendesk: " + what + " answered a page without the documented shape: " + why,
        cause);
  }
}
