package dev.retain.connectors.jsm;

import static dev.retain.connectors.support.Json.at;
import static dev.retain.connectors.support.Json.requiredText;
import static dev.retain.connectors.support.Json.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.connectors.support.Json;
import dev.retain.connectors.support.Mapped;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.model.Ticket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /rest/api/3/search/jql} with {@code jql=(<filter>) AND updated >= "yyyy/MM/dd HH:mm"
 * ORDER BY updated ASC}, paged with {@code nextPageToken}.
 *
 * <p>State keys: {@value #UPDATED_SINCE} (ISO-8601; where the next query starts), and while a query
 * is in flight {@value #NEXT_PAGE_TOKEN} and {@value #SEEN_UNTIL} (the latest {@code updated} seen
 * in it). When the query ends, {@code updatedSince} moves to {@code seenUntil}. JQL dates have
 * minutes, read in the API user's time zone, so a new query starts at the minute (minus the
 * lookback) and re-reads the issues of that minute; upserts are idempotent. A continuation token
 * Jira no longer accepts (they expire after 7 days) restarts the query from {@code updatedSince}.
 *
 * <p>Deleted issues: Jira's search has no feed of deleted issues, so none arrive as tombstones.
 */
final class JsmIssues implements SourceStream {
  static final String NAME = "jsm.tickets";
  static final String UPDATED_SINCE = "updatedSince";
  static final String NEXT_PAGE_TOKEN = "nextPageToken";
  static final String SEEN_UNTIL = "seenUntil";

  private static final Logger log = LoggerFactory.getLogger(JsmIssues.class);
  private static final DateTimeFormatter JIRA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);
  private static final DateTimeFormatter JQL_MINUTE =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm", Locale.ROOT);

  private final JsmSettings settings;
  private final HttpTransport transport;
  private final String authorization;

  JsmIssues(JsmSettings settings, HttpTransport transport) {
    this.settings = requireNonNull(settings, "settings is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (settings.email() + ":" + settings.apiToken())
                        .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String name() {
    return NAME;
  }

  private record Result(List<Mapped> entries, String nextPageToken) {}

  @Override
  public Page read(StreamState state) {
    Instant since = state.get(UPDATED_SINCE).map(v -> instant(v, UPDATED_SINCE)).orElse(null);
    String token = state.get(NEXT_PAGE_TOKEN).orElse(null);
    Instant seen = state.get(SEEN_UNTIL).map(v -> instant(v, SEEN_UNTIL)).orElse(null);
    Instant querySince = since == null || token != null ? since : since.minus(settings.lookback());

    Result result;
    try {
      result = fetch(querySince, token, settings.pageSize());
    } catch (ConnectorException e) {
      if (token == null || e.code() != ConnectorErrorCode.REQUEST_REJECTED) {
        throw e;
      }
      log.info("{}: continuation token rejected; restarting the query from {}", NAME, since);
      token = null;
      seen = null;
      result = fetch(querySince, null, settings.pageSize());
    }
    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    for (Mapped m : result.entries()) {
      if (m.cursor() != null && (seen == null || m.cursor().isAfter(seen))) {
        seen = m.cursor();
      }
      if (m.record() != null) {
        records.add(m.record());
      } else {
        rejected.add(m.rejected());
      }
    }
    String sinceText = querySince == null ? null : querySince.toString();
    if (result.nextPageToken() != null) {
      StreamState next =
          StreamState.INITIAL
              .with(UPDATED_SINCE, sinceText)
              .with(NEXT_PAGE_TOKEN, result.nextPageToken())
              .with(SEEN_UNTIL, seen == null ? null : seen.toString());
      return new Page(records, rejected, next, true);
    }
    Instant end = seen == null || (since != null && seen.isBefore(since)) ? since : seen;
    return new Page(
        records,
        rejected,
        StreamState.INITIAL.with(UPDATED_SINCE, end == null ? null : end.toString()),
        false);
  }

  int probe() {
    return fetch(null, null, 1).entries().size();
  }

  String jql(Instant since) {
    String filter = "(" + settings.jql() + ")";
    if (since != null) {
      filter +=
          " AND updated >= \""
              + JQL_MINUTE.format(
                  since.atZone(settings.userTimeZone()).truncatedTo(ChronoUnit.MINUTES))
              + "\"";
    }
    return filter + " ORDER BY updated ASC";
  }

  private Result fetch(Instant since, String token, int maxResults) {
    String fields =
        String.join(
            ",",
            "summary",
            "status",
            "priority",
            "created",
            "updated",
            "resolutiondate",
            settings.customerField(),
            settings.organizationField());
    StringBuilder query =
        new StringBuilder("jql=")
            .append(URLEncoder.encode(jql(since), StandardCharsets.UTF_8))
            .append("&maxResults=")
            .append(maxResults)
            .append("&fields=")
            .append(URLEncoder.encode(fields, StandardCharsets.UTF_8));
    if (token != null) {
      query.append("&nextPageToken=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
    }
    URI uri = URI.create(settings.baseUrl() + "/rest/api/3/search/jql?" + query);
    String what =
        "GET "
            + NAME
            + " page "
            + (token == null ? "1" : "after token " + token)
            + (since == null ? " from the start" : " updated since " + since);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .build();
    return Json.fetch(
        transport,
        request,
        JsmConnector.SYSTEM,
        what,
        (response, in) -> {
          List<Mapped> entries = new ArrayList<>();
          ObjectNode rest =
              Json.readEnvelope(
                  in, "issues", (node, i) -> entries.add(map(node)), JsmConnector.SYSTEM, what);
          JsonNode next = rest.get("nextPageToken");
          JsonNode isLast = rest.get("isLast");
          String nextToken =
              next == null || next.isNull() || next.asText().isBlank() ? null : next.asText();
          if (isLast != null && isLast.isBoolean() && isLast.booleanValue()) {
            nextToken = null;
          }
          if (next != null && !next.isNull() && !next.isTextual()) {
            throw Json.malformed(JsmConnector.SYSTEM, what, "nextPageToken is not a string");
          }
          return new Result(entries, nextToken);
        });
  }

  private Mapped map(JsonNode node) {
    String id = null;
    Instant cursor = null;
    try {
      id = requiredText(node, "id");
      cursor = time(node, "fields.updated");
      Instant created = time(node, "fields.created");
      Ticket.Status status = status(node);
      Instant resolved =
          text(node, "fields.resolutiondate") == null ? null : time(node, "fields.resolutiondate");
      Ticket ticket =
          new Ticket(
              SourceRef.of(JsmConnector.SYSTEM, id),
              organization(node),
              customer(node),
              text(node, "fields.summary"),
              priority(node),
              status,
              created,
              status.isOpen() ? null : resolved,
              null,
              cursor);
      return Mapped.of(ticket, cursor, id);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Mapped.rejected(
          new RejectedRecord(NAME, id, node.toString(), String.valueOf(e.getMessage())),
          cursor,
          id);
    }
  }

  private Ticket.Status status(JsonNode node) {
    String name = requiredText(node, "fields.status.name");
    Ticket.Status named = settings.statusNames().get(name);
    if (named != null) {
      return named;
    }
    String category = requiredText(node, "fields.status.statusCategory.key");
    return switch (category) {
      case "new" -> Ticket.Status.NEW;
      case "indeterminate" -> Ticket.Status.OPEN;
      case "done" -> Ticket.Status.SOLVED;
      default ->
          throw new IllegalArgumentException(
              "field 'fields.status.statusCategory.key': unknown category " + category);
    };
  }

  private static Ticket.Priority priority(JsonNode node) {
    String name = text(node, "fields.priority.name");
    if (name == null) {
      return null;
    }
    return switch (name) {
      case "Highest", "Blocker", "Critical" -> Ticket.Priority.URGENT;
      case "High", "Major" -> Ticket.Priority.HIGH;
      case "Medium" -> Ticket.Priority.NORMAL;
      case "Low", "Lowest", "Minor", "Trivial" -> Ticket.Priority.LOW;
      default ->
          throw new IllegalArgumentException(
              "field 'fields.priority.name': unknown priority " + name);
    };
  }

  private SourceRef organization(JsonNode node) {
    String path = "fields." + settings.organizationField();
    JsonNode value = at(node, path);
    if (value == null) {
      return null;
    }
    JsonNode first = value.isArray() ? (value.isEmpty() ? null : value.get(0)) : value;
    if (first == null) {
      return null;
    }
    if (!first.isObject() || !first.hasNonNull("id")) {
      throw new IllegalArgumentException(
          "field '" + path + "': expected organizations with an id, got " + value);
    }
    return SourceRef.of(JsmConnector.SYSTEM, first.get("id").asText());
  }

  private SourceRef customer(JsonNode node) {
    String path = "fields." + settings.customerField();
    JsonNode value = at(node, path);
    if (value == null) {
      return null;
    }
    String accountId = value.isObject() ? text(value, "accountId") : null;
    if (accountId == null) {
      throw new IllegalArgumentException(
          "field '" + path + "': expected a user with an accountId, got " + value);
    }
    return SourceRef.of(JsmConnector.SYSTEM, accountId);
  }

  private static Instant time(JsonNode node, String path) {
    String value = requiredText(node, path);
    try {
      return JIRA_TIME.parse(value, Instant::from);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException(
            "field '"
                + path
                + "': expected a time such as 2024-05-01T10:00:00.000+0000, got "
                + value);
      }
    }
  }

  private static Instant instant(String value, String key) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          NAME + ": state key " + key + " is not an ISO-8601 instant: " + value, e);
    }
  }
}
