package dev.retain.connectors.servicenow;

import static dev.retain.connectors.support.Json.requiredText;
import static dev.retain.connectors.support.Json.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.connectors.support.Json;
import dev.retain.connectors.support.Mapped;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.model.Ticket;
import dev.retain.model.Tombstone;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One Table API read: {@code GET /api/now/table/<table>?sysparm_query=<time>>=<since>
 * ^ORDERBY<time>^ORDERBYsys_id&sysparm_offset=<offset>&sysparm_limit=<n>} with {@code
 * sysparm_exclude_reference_link=true} (references are plain sys_ids) and raw values, whose times
 * are UTC {@code yyyy-MM-dd HH:mm:ss}.
 *
 * <p>State keys: {@value #UPDATED_SINCE} (ISO-8601, the time of the last record read) and {@value
 * #OFFSET} (how many records at exactly that second were read). This is keyset paging with the
 * offset only inside one second, so records changed while a run pages neither shift pages nor get
 * lost. With a {@code lookback} the offset is dropped at the end of a pass and the next run starts
 * that much earlier (records are read again; upserts are idempotent).
 *
 * <p>{@code servicenow.tickets} reads the task table on {@code sys_updated_on}; {@code
 * servicenow.deletes} reads {@code sys_audit_delete} ({@code tablename=<table>}) on {@code
 * sys_created_on}, one tombstone per deleted record ({@code documentkey} is its sys_id).
 */
final class ServiceNowTable implements SourceStream {
  static final String UPDATED_SINCE = "updatedSince";
  static final String OFFSET = "offset";

  private static final DateTimeFormatter GLIDE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final String name;
  private final String table;
  private final String timeField;
  private final String filter;
  private final List<String> fields;
  private final ServiceNowSettings settings;
  private final HttpTransport transport;
  private final Function<JsonNode, CanonicalRecord> mapper;
  private final String authorization;

  private ServiceNowTable(
      String name,
      String table,
      String timeField,
      String filter,
      List<String> fields,
      ServiceNowSettings settings,
      HttpTransport transport,
      Function<JsonNode, CanonicalRecord> mapper) {
    this.name = name;
    this.table = table;
    this.timeField = timeField;
    this.filter = filter;
    this.fields = fields;
    this.settings = requireNonNull(settings, "settings is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.mapper = mapper;
    this.authorization =
        settings.bearerToken() != null
            ? "Bearer " + settings.bearerToken()
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (settings.username() + ":" + settings.password())
                            .getBytes(StandardCharsets.UTF_8));
  }

  static ServiceNowTable tickets(ServiceNowSettings s, HttpTransport transport) {
    List<String> fields =
        List.of(
            "sys_id",
            "number",
            "short_description",
            "state",
            "priority",
            "opened_at",
            "resolved_at",
            "closed_at",
            "sys_created_on",
            "sys_updated_on",
            s.accountField(),
            s.requesterField());
    return new ServiceNowTable(
        "servicenow.tickets",
        s.table(),
        "sys_updated_on",
        "",
        fields,
        s,
        transport,
        node -> ticket(node, s));
  }

  static ServiceNowTable deletes(ServiceNowSettings s, HttpTransport transport) {
    return new ServiceNowTable(
        "servicenow.deletes",
        "sys_audit_delete",
        "sys_created_on",
        "tablename=" + s.table() + "^",
        List.of("sys_id", "tablename", "documentkey", "display_value", "sys_created_on"),
        s,
        transport,
        node ->
            new Tombstone(
                ref(requiredText(node, "documentkey")),
                Entity.TICKET,
                time(node, "sys_created_on")));
  }

  @Override
  public String name() {
    return name;
  }

  String table() {
    return table;
  }

  @Override
  public Page read(StreamState state) {
    Instant since = state.get(UPDATED_SINCE).map(this::instant).orElse(null);
    boolean fresh = state.get(OFFSET).isEmpty();
    int offset = state.get(OFFSET).map(this::offset).orElse(0);
    Instant querySince = since != null && fresh ? since.minus(settings.lookback()) : since;

    List<Mapped> entries = fetch(querySince, offset, settings.pageSize());
    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    Instant last = querySince;
    int atLast = offset;
    for (Mapped m : entries) {
      if (m.record() != null) {
        records.add(m.record());
      } else {
        rejected.add(m.rejected());
      }
      if (m.cursor() == null) {
        continue; // not counted: the next page may read it again, never skip another
      }
      if (last != null && m.cursor().equals(last)) {
        atLast++;
      } else if (last == null || m.cursor().isAfter(last)) {
        last = m.cursor();
        atLast = 1;
      }
    }
    boolean more = entries.size() == settings.pageSize();
    if (more && atLast == offset && Objects.equals(last, querySince)) {
      // a full page without one readable time: step over it rather than read it forever
      atLast = offset + entries.size();
    }
    StreamState next = StreamState.INITIAL;
    if (last != null) {
      next = next.with(UPDATED_SINCE, last.toString());
      if (more || settings.lookback().isZero()) {
        next = next.with(OFFSET, Integer.toString(atLast));
      }
    }
    if (!more && entries.isEmpty()) {
      // nothing new: keep the cursor; with a lookback the next run starts a fresh query
      next = settings.lookback().isZero() ? state : state.without(OFFSET);
    }
    return new Page(records, rejected, next, more);
  }

  int probe() {
    return fetch(null, 0, 1).size();
  }

  private List<Mapped> fetch(Instant since, int offset, int limit) {
    String order = "ORDERBY" + timeField + "^ORDERBYsys_id";
    String query =
        filter
            + (since == null
                ? ""
                : timeField + ">=" + GLIDE.format(since.atOffset(ZoneOffset.UTC)) + "^")
            + order;
    URI uri =
        URI.create(
            settings.baseUrl()
                + "/api/now/table/"
                + table
                + "?sysparm_query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&sysparm_fields="
                + URLEncoder.encode(String.join(",", fields), StandardCharsets.UTF_8)
                + "&sysparm_exclude_reference_link=true&sysparm_display_value=false"
                + "&sysparm_offset="
                + offset
                + "&sysparm_limit="
                + limit);
    String what =
        "GET "
            + name
            + " ("
            + table
            + ") offset "
            + offset
            + (since == null ? " from the start" : " " + timeField + " >= " + since);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .GET()
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .build();
    return Json.fetch(
        transport,
        request,
        ServiceNowConnector.SYSTEM,
        what,
        (response, in) -> {
          List<Mapped> entries = new ArrayList<>();
          Json.readEnvelope(
              in, "result", (node, i) -> entries.add(map(node)), ServiceNowConnector.SYSTEM, what);
          return entries;
        });
  }

  private Mapped map(JsonNode node) {
    String id = null;
    Instant cursor = null;
    try {
      id = requiredText(node, "sys_id");
      cursor = time(node, timeField);
      return Mapped.of(mapper.apply(node), cursor, id);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Mapped.rejected(
          new RejectedRecord(name, id, node.toString(), String.valueOf(e.getMessage())),
          cursor,
          id);
    }
  }

  private static Ticket ticket(JsonNode node, ServiceNowSettings s) {
    String state = requiredText(node, "state");
    Ticket.Status status = s.states().get(state);
    if (status == null) {
      throw new IllegalArgumentException(
          "field 'state': value " + state + " is not in servicenow.states " + s.states().keySet());
    }
    Instant opened = optionalTime(node, "opened_at");
    Instant created = opened != null ? opened : time(node, "sys_created_on");
    Instant resolved = optionalTime(node, "resolved_at");
    Instant solved =
        status.isOpen() ? null : resolved != null ? resolved : optionalTime(node, "closed_at");
    String account = text(node, s.accountField());
    String requester = text(node, s.requesterField());
    return new Ticket(
        ref(requiredText(node, "sys_id")),
        account == null ? null : ref(account),
        requester == null ? null : ref(requester),
        text(node, "short_description"),
        priority(text(node, "priority")),
        status,
        created,
        solved,
        null,
        time(node, "sys_updated_on"));
  }

  /** 1 Critical, 2 High, 3 Moderate, 4 Low, 5 Planning. */
  private static Ticket.Priority priority(String value) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "1" -> Ticket.Priority.URGENT;
      case "2" -> Ticket.Priority.HIGH;
      case "3" -> Ticket.Priority.NORMAL;
      case "4", "5" -> Ticket.Priority.LOW;
      default -> throw new IllegalArgumentException("field 'priority': unknown value " + value);
    };
  }

  private static SourceRef ref(String id) {
    return SourceRef.of(ServiceNowConnector.SYSTEM, id);
  }

  private static Instant time(JsonNode node, String field) {
    Instant value = optionalTime(node, field);
    if (value == null) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return value;
  }

  private static Instant optionalTime(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(value, GLIDE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "field '" + field + "': expected yyyy-MM-dd HH:mm:ss, got " + value);
    }
  }

  private Instant instant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + ": state key " + UPDATED_SINCE + " is not an ISO-8601 instant: " + value, e);
    }
  }

  private int offset(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n < 0) {
        throw new IllegalArgumentException(name + ": state key offset must be >= 0");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": state key offset is not a number: " + value, e);
    }
  }
}
