package dev.retain.connectors.sinks.servicenow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.http.RetryPolicy;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.RemoteTicket;
import dev.retain.connectors.spi.RiskTicketDraft;
import dev.retain.connectors.spi.TicketingSink;
import dev.retain.connectors.support.IdempotentCreate;
import dev.retain.connectors.support.JsonApi;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Risk incidents in ServiceNow through the Table API ({@code /api/now/table/incident}). Each
 * incident carries {@code correlation_id = <prefix><dedupeKey>} and is found again with {@code
 * sysparm_query=correlation_id=...^ORDERBYDESCsys_created_on}. Updates are {@code PATCH} of {@code
 * short_description}, {@code description}, {@code impact} and {@code urgency}; comments are {@code
 * work_notes}; resolve sets {@code state=6}, {@code close_code} and {@code close_notes}; reopen
 * sets the configured state. States 1 to 3 (New, In Progress, On Hold) count as open.
 *
 * <p>The create goes through a one-attempt transport; after a failure that leaves it unknown
 * whether ServiceNow acted, the sink queries the correlation id again before re-sending.
 */
public final class ServiceNowSink implements TicketingSink {
  public static final String SYSTEM = "servicenow";
  private static final Logger log = LoggerFactory.getLogger(ServiceNowSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> OPEN_STATES = Set.of("1", "2", "3");
  private static final String FIELDS = "sys_id,number,state,correlation_id";

  private final ServiceNowSinkSettings settings;
  private final HttpTransport transport;
  private final HttpTransport createTransport;
  private final HttpTransport.Sleeper sleeper;
  private final JsonApi api;

  public ServiceNowSink(ServiceNowSinkSettings settings) {
    this(settings, d -> Thread.sleep(d.toMillis()));
  }

  public ServiceNowSink(ServiceNowSinkSettings settings, HttpTransport.Sleeper sleeper) {
    this.settings = requireNonNull(settings, "settings is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
    this.api = new JsonApi(SYSTEM, settings.baseUrl().toString(), settings::authorization);
    this.transport = new HttpTransport(SYSTEM, settings.http(), sleeper);
    RetryPolicy retry = settings.http().retry();
    this.createTransport =
        new HttpTransport(
            SYSTEM,
            settings
                .http()
                .withRetry(
                    new RetryPolicy(
                        1, retry.initialBackoff(), retry.maxBackoff(), retry.maxRetryAfter())),
            sleeper);
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  public String correlationId(String dedupeKey) {
    String key = requireNonNull(dedupeKey, "dedupeKey is null").strip().replaceAll("\\s+", "-");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("dedupeKey is blank");
    }
    String id = settings.correlationPrefix() + key;
    if (id.length() > 100) {
      throw new IllegalArgumentException(
          "correlation_id " + id + " is longer than ServiceNow's 100 characters");
    }
    return id;
  }

  private String tablePath() {
    return "/api/now/table/" + settings.table();
  }

  @Override
  public Optional<RemoteTicket> find(String dedupeKey) {
    String correlation = correlationId(dedupeKey);
    String query = "correlation_id=" + correlation + "^ORDERBYDESCsys_created_on";
    String what = "GET " + tablePath() + " where correlation_id=" + correlation;
    JsonNode answer =
        api.call(
            transport,
            api.get(
                tablePath()
                    + "?sysparm_query="
                    + JsonApi.encode(query)
                    + "&sysparm_fields="
                    + JsonApi.encode(FIELDS)
                    + "&sysparm_limit=10"),
            what);
    JsonNode result = answer.path("result");
    if (!result.isArray()) {
      throw api.malformed(what, "no \"result\" array");
    }
    RemoteTicket newest = null;
    for (JsonNode record : result) {
      RemoteTicket ticket = ticket(record, what);
      if (ticket.open()) {
        return Optional.of(ticket); // newest open first
      }
      if (newest == null) {
        newest = ticket;
      }
    }
    return Optional.ofNullable(newest);
  }

  @Override
  public RemoteTicket create(RiskTicketDraft draft) {
    Optional<RemoteTicket> existing = find(draft.dedupeKey());
    if (existing.isPresent()) {
      update(existing.get(), draft);
      return existing.get();
    }
    String correlation = correlationId(draft.dedupeKey());
    ObjectNode body = editable(draft);
    body.put("correlation_id", correlation);
    body.put("correlation_display", "Retain");
    if (settings.assignmentGroup() != null) {
      body.put("assignment_group", settings.assignmentGroup());
    }
    HttpRequest request =
        api.send("POST", tablePath() + "?sysparm_fields=" + JsonApi.encode(FIELDS), body);
    String what = "POST " + tablePath() + " for correlation_id " + correlation;
    return IdempotentCreate.create(
        "servicenow",
        what,
        settings.http().retry(),
        sleeper,
        () -> ticket(api.call(createTransport, request, what).path("result"), what),
        () -> find(draft.dedupeKey()));
  }

  @Override
  public void update(RemoteTicket ticket, RiskTicketDraft draft) {
    patch(ticket, editable(draft), "update");
  }

  @Override
  public void comment(RemoteTicket ticket, String text) {
    ObjectNode body = JSON.createObjectNode();
    body.put("work_notes", requireNonNull(text, "text is null"));
    patch(ticket, body, "work notes");
  }

  @Override
  public void resolve(RemoteTicket ticket, String comment) {
    ObjectNode body = JSON.createObjectNode();
    body.put("state", "6");
    body.put("close_code", settings.closeCode());
    body.put("close_notes", requireNonNull(comment, "comment is null"));
    body.put("work_notes", comment);
    patch(ticket, body, "resolve");
  }

  @Override
  public void reopen(RemoteTicket ticket, String comment) {
    ObjectNode body = JSON.createObjectNode();
    body.put("state", settings.reopenState());
    body.put("work_notes", requireNonNull(comment, "comment is null"));
    patch(ticket, body, "reopen");
  }

  @Override
  public CheckResult check() {
    try {
      JsonNode answer =
          api.call(
              transport,
              api.get(tablePath() + "?sysparm_limit=1&sysparm_fields=sys_id"),
              "GET " + tablePath() + "?sysparm_limit=1");
      if (!answer.path("result").isArray()) {
        return CheckResult.failed(
            SYSTEM, settings.baseUrl() + " does not answer like the ServiceNow Table API");
      }
      return CheckResult.ok(
          SYSTEM,
          "connected to "
              + settings.baseUrl()
              + (settings.user() == null ? " with the OAuth token" : " as " + settings.user())
              + "; table "
              + settings.table()
              + " is readable");
    } catch (ConnectorException e) {
      String detail = e.getMessage();
      return CheckResult.failed(
          SYSTEM,
          switch (e.code()) {
            case AUTHENTICATION_FAILED ->
                "credentials rejected by " + settings.baseUrl() + ": " + detail;
            case PERMISSION_DENIED ->
                "missing permission: the user needs a role that may read and write "
                    + settings.table()
                    + " (itil): "
                    + detail;
            case UNREACHABLE -> "host not reachable: " + settings.baseUrl() + " (" + detail + ")";
            case RATE_LIMITED -> "ServiceNow is rate limiting this user; try later: " + detail;
            case UNAVAILABLE ->
                "ServiceNow is not answering properly (a hibernating instance?): " + detail;
            case MALFORMED_RESPONSE ->
                settings.baseUrl() + " does not answer like ServiceNow: " + detail;
            case REQUEST_REJECTED -> "the request was rejected: " + detail;
          });
    }
  }

  // --- helpers

  private ObjectNode editable(RiskTicketDraft draft) {
    ObjectNode body = JSON.createObjectNode();
    String line = draft.summary().replaceAll("\\s+", " ").strip();
    body.put("short_description", line.length() > 160 ? line.substring(0, 159) + "…" : line);
    body.put("description", description(draft));
    int[] impactUrgency = impactUrgency(draft.priority());
    body.put("impact", Integer.toString(impactUrgency[0]));
    body.put("urgency", Integer.toString(impactUrgency[1]));
    return body;
  }

  /** Impact and urgency, from which ServiceNow's priority lookup derives the priority. */
  static int[] impactUrgency(String priority) {
    return switch (priority.toLowerCase(Locale.ROOT)) {
      case "highest" -> new int[] {1, 1};
      case "high" -> new int[] {1, 2};
      case "low", "lowest" -> new int[] {3, 3};
      default -> new int[] {2, 2};
    };
  }

  static String description(RiskTicketDraft draft) {
    StringBuilder b = new StringBuilder(draft.headline()).append("\n\n");
    if (!draft.reasons().isEmpty()) {
      b.append("Top reasons:\n");
      draft.reasons().forEach(r -> b.append("- ").append(r).append('\n'));
      b.append('\n');
    }
    for (RiskTicketDraft.Section section : draft.sections()) {
      b.append(section.line()).append('\n');
      section.items().forEach(i -> b.append("- ").append(i).append('\n'));
      b.append('\n');
    }
    for (Map.Entry<String, String> fact : draft.facts().entrySet()) {
      b.append(fact.getKey()).append(": ").append(fact.getValue()).append('\n');
    }
    return b.toString().strip();
  }

  private void patch(RemoteTicket ticket, ObjectNode body, String doing) {
    String path = tablePath() + "/" + JsonApi.encode(ticket.id());
    api.call(
        transport,
        api.send("PATCH", path + "?sysparm_fields=" + JsonApi.encode(FIELDS), body),
        "PATCH " + path + " (" + doing + ")");
  }

  private RemoteTicket ticket(JsonNode record, String what) {
    String sysId = record.path("sys_id").asText(null);
    String number = record.path("number").asText(null);
    if (sysId == null || sysId.isBlank() || number == null) {
      throw api.malformed(what, "a record without sys_id or number");
    }
    String state = record.path("state").asText("");
    return new RemoteTicket(
        sysId,
        number,
        settings.baseUrl() + "/nav_to.do?uri=" + settings.table() + ".do?sys_id=" + sysId,
        OPEN_STATES.contains(state));
  }
}
