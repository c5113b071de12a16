package dev.retain.connectors.delighted;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.model.SurveyResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code GET /v1/survey_responses.json} with {@code order=asc:updated_at}, {@code expand[]=person}
 * and {@code updated_since} (inclusive, unix seconds).
 *
 * <p>State keys: {@value #UPDATED_SINCE} and {@value #PAGE}. Each request asks for responses
 * updated since the last landed response's updated time, page 1 — keyset paging, so a response
 * updated while a run is under way moves to the end instead of shifting the pages under the reader.
 * The responses at exactly that second are read again (the upsert downstream is idempotent). Only
 * when a whole page shares one second does the page number go up within the same {@code
 * updatedSince}. An empty page ends the pass.
 */
final class DelightedSurveyResponses implements SourceStream {
  static final String NAME = "delighted.survey_responses";
  static final String UPDATED_SINCE = "updatedSince";
  static final String PAGE = "page";

  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final DelightedSettings settings;
  private final HttpTransport transport;
  private final String authorization;

  DelightedSurveyResponses(DelightedSettings settings, HttpTransport transport) {
    this.settings = requireNonNull(settings, "settings is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((settings.apiKey() + ":").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Page read(StreamState state) {
    OptionalLong since =
        state
            .get(UPDATED_SINCE)
            .map(v -> OptionalLong.of(number(v, UPDATED_SINCE)))
            .orElse(OptionalLong.empty());
    long page = state.get(PAGE).map(v -> number(v, PAGE)).orElse(1L);
    if (page < 1) {
      throw new IllegalArgumentException(NAME + ": state key " + PAGE + " must be >= 1");
    }
    List<Entry> entries = fetch(since, page, settings.perPage());
    if (entries.isEmpty()) {
      return new Page(List.of(), List.of(), state.without(PAGE), false);
    }
    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    long last = Long.MIN_VALUE;
    for (Entry e : entries) {
      if (e.record() != null) {
        records.add(e.record());
      } else {
        rejected.add(e.rejected());
      }
      if (e.updated() != null) {
        last = Math.max(last, e.updated());
      }
    }
    StreamState next;
    if (last == Long.MIN_VALUE || (since.isPresent() && last <= since.getAsLong())) {
      // the whole page shares the second we asked from (or has no readable time): turn the page
      next = state.with(PAGE, Long.toString(page + 1));
    } else {
      next = state.with(UPDATED_SINCE, Long.toString(last)).without(PAGE);
    }
    return new Page(records, rejected, next, true);
  }

  /** Reads one response, for the connection check; returns how many came back. */
  int probe() {
    return fetch(OptionalLong.empty(), 1, 1).size();
  }

  private List<Entry> fetch(OptionalLong since, long page, int perPage) {
    StringBuilder query =
        new StringBuilder("per_page=")
            .append(perPage)
            .append("&page=")
            .append(page)
            .append("&order=asc%3Aupdated_at&expand%5B%5D=person");
    since.ifPresent(s -> query.append("&updated_since=").append(s));
    URI uri = URI.create(settings.baseUrl() + "/v1/survey_responses.json?" + query);
    String what =
        "GET "
            + NAME
            + " page "
            + page
            + (since.isPresent() ? " updated since " + since.getAsLong() : " from the start");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .build();
    HttpResponse<InputStream> response = transport.send(request, what);
    try (InputStream in = response.body()) {
      return parse(in, what);
    } catch (JsonProcessingException e) {
      throw malformed(what, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorErrorCode.UNAVAILABLE,
          "delighted: " + what + ": reading the body failed: " + e.getMessage(),
          e);
    }
  }

  /** The documented shape: a JSON array of survey response objects. */
  private List<Entry> parse(InputStream in, String what) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (JsonParser p = MAPPER.createParser(in)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_ARRAY) {
        throw malformed(
            what,
            "expected a JSON array of survey responses, got "
                + (first == null
                    ? "an empty body"
                    : first.asString() == null ? first : first.asString()));
      }
      int index = 0;
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.START_OBJECT) {
          throw malformed(what, "element [" + index + "] is not an object");
        }
        JsonNode node = p.readValueAsTree();
        entries.add(map(node));
        index++;
      }
      if (p.nextToken() != null) {
        throw malformed(what, "there is more after the array");
      }
    }
    return entries;
  }

  private Entry map(JsonNode node) {
    String payload = node.toString();
    String id =
        node.hasNonNull("id") && node.get("id").isValueNode() ? node.get("id").asText() : null;
    Long updated = null;
    try {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("field 'id' is missing or empty");
      }
      long created = seconds(node, "created_at", true);
      Long updatedAt = node.hasNonNull("updated_at") ? seconds(node, "updated_at", true) : null;
      updated = updatedAt == null ? created : updatedAt;
      JsonNode type = node.get("survey_type");
      if (type != null && !type.isNull() && !type.asText().equals("nps")) {
        throw new IllegalArgumentException(
            "field 'survey_type': \"" + type.asText() + "\" is not an NPS survey");
      }
      JsonNode score = node.get("score");
      if (score == null || score.isNull()) {
        throw new IllegalArgumentException("field 'score' is missing");
      }
      if (!score.isIntegralNumber()) {
        throw new IllegalArgumentException("field 'score': expected a whole number, got " + score);
      }
      SourceRef respondent = null;
      String email = null;
      JsonNode person = node.get("person");
      if (person != null && person.isObject()) {
        String personId = person.hasNonNull("id") ? person.get("id").asText() : null;
        if (personId == null || personId.isBlank()) {
          throw new IllegalArgumentException("field 'person.id' is missing or empty");
        }
        respondent = SourceRef.of(DelightedConnector.SYSTEM, personId);
        email = person.hasNonNull("email") ? person.get("email").asText() : null;
      } else if (person != null && person.isValueNode() && !person.isNull()) {
        respondent = SourceRef.of(DelightedConnector.SYSTEM, person.asText());
      } else if (person != null && !person.isNull()) {
        throw new IllegalArgumentException("field 'person': expected an object or an id");
      }
      String accountId = null;
      JsonNode props = node.get("person_properties");
      if (props != null && props.isObject()) {
        JsonNode value = props.get(settings.accountIdProperty());
        if (value != null && value.isValueNode() && !value.isNull()) {
          accountId = value.asText();
        }
      } else if (props != null && !props.isNull()) {
        throw new IllegalArgumentException("field 'person_properties': expected an object");
      }
      JsonNode comment = node.get("comment");
      SurveyResponse record =
          new SurveyResponse(
              SourceRef.of(DelightedConnector.SYSTEM, id),
              respondent,
              email,
              accountId,
              score.intValue(),
              comment == null || comment.isNull() ? null : comment.asText(),
              Instant.ofEpochSecond(created),
              Instant.ofEpochSecond(updated));
      return new Entry(updated, record, null);
    } catch (IllegalArgumentException | NullPointerException e) {
      return new Entry(
          updated, null, new RejectedRecord(NAME, id, payload, String.valueOf(e.getMessage())));
    }
  }

  private static long seconds(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException("field '" + field + "' is missing");
      }
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
      throw new IllegalArgumentException(
          "field '" + field + "': expected unix seconds, got " + value);
    }
    return value.longValue();
  }

  private static long number(String value, String key) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          NAME + ": state key " + key + " is not a whole number: " + value, e);
    }
  }

  private static ConnectorException malformed(String what, String problem) {
    return new ConnectorException(
        ConnectorErrorCode.MALFORMED_RESPONSE,
        "delighted: " + what + ": the page is not a list of survey responses: " + problem);
  }

  /** A mapped or rejected response, with its updated time (unix seconds) when readable. */
  private record Entry(Long updated, CanonicalRecord record, RejectedRecord rejected) {}
}
