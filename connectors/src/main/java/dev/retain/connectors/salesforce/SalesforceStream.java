package dev.retain.connectors.salesforce;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.model.Tombstone;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Salesforce object read incrementally on SystemModstamp through the REST query API.
 *
 * <p>State keys: {@value #SYSTEM_MODSTAMP} (ISO-8601 instant of the last landed record), {@value
 * #LAST_ID} (its Id) and, while a query is in flight, {@value #NEXT_RECORDS_URL}. A new query asks
 * for {@code SystemModstamp >= cursor} (SOQL literals have whole seconds, so the cursor is floored)
 * ordered by {@code SystemModstamp, Id}; on its first page the records already landed — those
 * before the cursor, and those at the cursor up to and including {@code lastId} in the server's
 * order — are dropped, so records sharing a timestamp across a page boundary are neither lost nor
 * read twice. With a {@code lookback} the query starts that much earlier and nothing is dropped:
 * records are landed again and the upsert downstream is idempotent.
 *
 * <p>With {@code includeDeleted} the stream reads {@code queryAll} and selects {@code IsDeleted}; a
 * deleted record becomes a {@link Tombstone} in timestamp order with the live ones, so one cursor
 * covers both.
 *
 * <p>A saved {@code nextRecordsUrl} whose query locator has expired (Salesforce answers 400
 * INVALID_QUERY_LOCATOR or 404) is dropped and the query restarts from the cursor.
 */
final class SalesforceStream implements SourceStream {
  static final String SYSTEM_MODSTAMP = "systemModstamp";
  static final String LAST_ID = "lastId";
  static final String NEXT_RECORDS_URL = "nextRecordsUrl";

  private static final Logger log = LoggerFactory.getLogger(SalesforceStream.class);

  private final SalesforceObject object;
  private final SalesforceSettings settings;
  private final SalesforceSession session;

  SalesforceStream(
      SalesforceObject object, SalesforceSettings settings, SalesforceSession session) {
    this.object = requireNonNull(object, "object is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.session = requireNonNull(session, "session is null");
  }

  @Override
  public String name() {
    return object.streamName();
  }

  SalesforceObject object() {
    return object;
  }

  @Override
  public Page read(StreamState state) {
    Optional<Instant> cursor = state.get(SYSTEM_MODSTAMP).map(this::parseCursor);
    Optional<String> lastId = state.get(LAST_ID);
    Optional<String> next = state.get(NEXT_RECORDS_URL);

    Result result = null;
    boolean fresh = true;
    if (next.isPresent()) {
      try {
        result = fetchNext(next.get());
        fresh = false;
      } catch (ConnectorException e) {
        if (e.code() != ConnectorErrorCode.REQUEST_REJECTED) {
          throw e;
        }
        log.warn(
            "{}: the saved query locator {} was refused ({}); restarting the query from {}",
            name(),
            next.get(),
            e.getMessage(),
            cursor.map(Instant::toString).orElse("the beginning"));
      }
    }
    if (result == null) {
      result = fetchQuery(cursor, null);
    }

    List<Entry> entries = result.entries();
    if (fresh && cursor.isPresent() && settings.lookback().isZero()) {
      entries = dropLanded(entries, cursor.get(), lastId.orElse(null));
    }
    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    for (Entry e : entries) {
      if (e.record() != null) {
        records.add(e.record());
      } else {
        rejected.add(e.rejected());
      }
    }

    StreamState nextState = state;
    Entry last = null;
    for (Entry e : result.entries()) {
      if (e.stamp() != null && e.id() != null) {
        last = e;
      }
    }
    if (last != null && (cursor.isEmpty() || !last.stamp().isBefore(cursor.get()))) {
      nextState = nextState.with(SYSTEM_MODSTAMP, last.stamp().toString()).with(LAST_ID, last.id());
    }
    nextState = nextState.with(NEXT_RECORDS_URL, result.done() ? null : result.next());
    return new Page(records, rejected, nextState, !result.done());
  }

  /** Reads up to {@code limit} records from the start, for the connection check. */
  Result probe(int limit) {
    return fetchQuery(Optional.empty(), limit);
  }

  String soql(Optional<Instant> cursor, Integer limit) {
    StringBuilder q =
        new StringBuilder("SELECT ")
            .append(String.join(", ", object.selectList(settings.includeDeleted())))
            .append(" FROM ")
            .append(object.sobject());
    cursor.ifPresent(
        c ->
            q.append(" WHERE SystemModstamp >= ")
                .append(
                    DateTimeFormatter.ISO_INSTANT.format(
                        c.minus(settings.lookback()).truncatedTo(ChronoUnit.SECONDS))));
    q.append(" ORDER BY SystemModstamp ASC, Id ASC");
    if (limit != null) {
      q.append(" LIMIT ").append(limit);
    }
    return q.toString();
  }

  private Result fetchQuery(Optional<Instant> cursor, Integer limit) {
    String soql = soql(cursor, limit);
    String resource = settings.includeDeleted() ? "queryAll" : "query";
    String what =
        "GET "
            + name()
            + " "
            + resource
            + (cursor.isPresent() ? " from SystemModstamp " + cursor.get() : " from the start");
    return fetch(
        instance ->
            URI.create(
                instance
                    + "/services/data/v"
                    + settings.apiVersion()
                    + "/"
                    + resource
                    + "?q="
                    + URLEncoder.encode(soql, StandardCharsets.UTF_8)),
        what);
  }

  private Result fetchNext(String nextRecordsUrl) {
    if (!nextRecordsUrl.startsWith("/")) {
      throw new ConnectorException(
          ConnectorErrorCode.REQUEST_REJECTED,
          name() + ": saved nextRecordsUrl is not a path on the instance: " + nextRecordsUrl);
    }
    return fetch(
        instance -> URI.create(instance + nextRecordsUrl),
        "GET " + name() + " next page " + nextRecordsUrl);
  }

  private Result fetch(SalesforceSession.Target target, String what) {
    HttpResponse<InputStream> response = session.send(target, what);
    try (InputStream in = response.body()) {
      return parse(in, what);
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorErrorCode.UNAVAILABLE,
          "salesforce: " + what + ": reading the body failed: " + e.getMessage(),
          e);
    }
  }

  /** Streams the documented shape {totalSize, done, nextRecordsUrl?, records: [...]}. */
  private Result parse(InputStream in, String what) throws IOException {
    Boolean done = null;
    String next = null;
    boolean sawRecords = false;
    List<Entry> entries = new ArrayList<>();
    try (JsonParser p = SalesforceJson.MAPPER.createParser(in)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw malformed(
            what, "expected a JSON object {totalSize, done, records}, got " + describe(first));
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "done" -> {
            if (!value.isBoolean()) {
              throw malformed(what, "'done' is not a boolean");
            }
            done = p.getBooleanValue();
          }
          case "nextRecordsUrl" -> {
            if (value == JsonToken.VALUE_STRING) {
              next = p.getText();
            } else if (value != JsonToken.VALUE_NULL) {
              throw malformed(what, "'nextRecordsUrl' is not a string");
            }
          }
          case "records" -> {
            if (value != JsonToken.START_ARRAY) {
              throw malformed(what, "'records' is not an array");
            }
            sawRecords = true;
            int index = 0;
            JsonToken item;
            while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
              if (item != JsonToken.START_OBJECT) {
                throw malformed(what, "records[" + index + "] is not an object");
              }
              JsonNode record = p.readValueAsTree();
              entries.add(map(record));
              index++;
            }
          }
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw malformed(what, "the body does not end where the object ends");
      }
    } catch (JsonProcessingException e) {
      throw malformed(what, "not valid JSON: " + e.getOriginalMessage());
    }
    if (done == null || !sawRecords) {
      throw malformed(what, "'done' or 'records' is missing");
    }
    if (!done && (next == null || next.isBlank())) {
      throw malformed(what, "'done' is false but 'nextRecordsUrl' is missing");
    }
    return new Result(done, next, entries);
  }

  private Entry map(JsonNode node) {
    String payload = node.toString();
    JsonNode idNode = node.get("Id");
    String id = idNode != null && idNode.isTextual() ? idNode.asText() : null;
    Instant stamp = null;
    try {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("field 'Id' is missing or empty");
      }
      stamp = SalesforceJson.dateTime(node, "SystemModstamp");
      if (stamp == null) {
        throw new IllegalArgumentException("field 'SystemModstamp' is missing or empty");
      }
      SourceRef ref = SourceRef.of(SalesforceObject.SYSTEM, id);
      if (settings.includeDeleted() && SalesforceJson.bool(node, "IsDeleted")) {
        return new Entry(stamp, id, new Tombstone(ref, object.entity(), stamp), null);
      }
      return new Entry(stamp, id, object.mapper().map(node, ref, stamp), null);
    } catch (IllegalArgumentException | NullPointerException e) {
      return new Entry(
          stamp, id, null, new RejectedRecord(name(), id, payload, String.valueOf(e.getMessage())));
    }
  }

  private static List<Entry> dropLanded(List<Entry> entries, Instant cursor, String lastId) {
    int lastIndex = -1;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.stamp() != null && e.stamp().equals(cursor) && e.id().equals(lastId)) {
        lastIndex = i;
      }
    }
    List<Entry> kept = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.stamp() != null
          && (e.stamp().isBefore(cursor) || (e.stamp().equals(cursor) && i <= lastIndex))) {
        continue;
      }
      kept.add(e);
    }
    return kept;
  }

  private Instant parseCursor(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name() + ": state key " + SYSTEM_MODSTAMP + " is not an ISO-8601 instant: " + value, e);
    }
  }

  private ConnectorException malformed(String what, String problem) {
    return new ConnectorException(
        ConnectorErrorCode.MALFORMED_RESPONSE,
        "salesforce: " + what + ": the page is not a Salesforce query result: " + problem);
  }

  private static String describe(JsonToken token) {
    return token == null
        ? "an empty body"
        : token.asString() == null ? token.name() : token.asString();
  }

  /** One record of a page: mapped or rejected, with the timestamp and Id when readable. */
  record Entry(Instant stamp, String id, CanonicalRecord record, RejectedRecord rejected) {}

  record Result(boolean done, String next, List<Entry> entries) {}
}
