package dev.retain.connectors.zendesk;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Risk tickets in Zendesk Support through the Tickets API. Each ticket carries {@code external_id =
 * <prefix><dedupeKey>} and is found again with {@code GET /api/v2/tickets.json?external_id=...}.
 * Create is {@code POST /api/v2/tickets.json}; update, comment, solve ({@code status: solved}) and
 * reopen ({@code status: open}) are {@code PUT /api/v2/tickets/{id}.json} with a private comment.
 *
 * <p>As in {@link dev.retain.connectors.jira.JiraSink}, the create goes through a one-attempt
 * transport; when it fails in a way that leaves it unknown whether Zendesk acted (timeout, reset,
 * 5xx, 429) the sink looks the external id up again and only re-sends when nothing is there.
 */
public final class ZendeskSink implements TicketingSink {
  public static final String SYSTEM = "zendesk";
  private static final Logger log = LoggerFactory.getLogger(ZendeskSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ZendeskSinkSettings settings;
  private final ZendeskSettings connection;
  private final HttpTransport transport;
  private final HttpTransport createTransport;
  private final HttpTransport.Sleeper sleeper;
  private final JsonApi api;

  public ZendeskSink(ZendeskSinkSettings settings) {
    this(settings, d -> Thread.sleep(d.toMillis()));
  }

  public ZendeskSink(ZendeskSinkSettings settings, HttpTransport.Sleeper sleeper) {
    this.settings = requireNonNull(settings, "settings is null");
    this.connection = settings.connection();
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
    this.api = new JsonApi(SYSTEM, connection.baseUrl().toString(), connection::authorization);
    this.transport = new HttpTransport(SYSTEM, connection.http(), sleeper);
    RetryPolicy retry = connection.http().retry();
    this.createTransport =
        new HttpTransport(
            SYSTEM,
            connection
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

  /** The external_id that marks the ticket of one dedupe key. */
  public String externalId(String dedupeKey) {
    String key = requireNonNull(dedupeKey, "dedupeKey is null").strip().replaceAll("\\s+", "-");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("dedupeKey is blank");
    }
    return settings.externalIdPrefix() + key;
  }

  @Override
  public Optional<RemoteTicket> find(String dedupeKey) {
    String externalId = externalId(dedupeKey);
    String what = "GET /api/v2/tickets.json?external_id=" + externalId;
    JsonNode answer =
        api.call(
            transport,
            api.get("/api/v2/tickets.json?external_id=" + JsonApi.encode(externalId)),
            what);
    JsonNode tickets = answer.path("tickets");
    if (!tickets.isArray()) {
      throw api.malformed(what, "no \"tickets\" array");
    }
    RemoteTicket newest = null;
    for (JsonNode t : tickets) {
      RemoteTicket ticket = ticket(t, what);
      if (!externalId.equals(t.path("external_id").asText(null))) {
        continue;
      }
      if (ticket.open()) {
        if (newest == null || !newest.open() || idOf(ticket) > idOf(newest)) {
          newest = ticket;
        }
      } else if (newest == null || (!newest.open() && idOf(ticket) > idOf(newest))) {
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
    String externalId = externalId(draft.dedupeKey());
    ObjectNode ticket = JSON.createObjectNode();
    ticket.put("subject", subject(draft.summary()));
    ObjectNode comment = ticket.putObject("comment");
    comment.put("body", body(draft));
    comment.put("public", false);
    ticket.put("priority", priority(draft.priority()));
    ticket.put("external_id", externalId);
    var tags = ticket.putArray("tags");
    settings.tags().forEach(tags::add);
    if (settings.groupId() != null) {
      ticket.put("group_id", settings.groupId());
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("ticket", ticket);
    HttpRequest request = api.send("POST", "/api/v2/tickets.json", body);
    String what = "POST /api/v2/tickets.json for external_id " + externalId;
    return IdempotentCreate.create(
        "zendesk",
        what,
        connection.http().retry(),
        sleeper,
        () -> ticket(api.call(createTransport, request, what).path("ticket"), what),
        () -> find(draft.dedupeKey()));
  }

  @Override
  public void update(RemoteTicket ticket, RiskTicketDraft draft) {
    ObjectNode fields = JSON.createObjectNode();
    fields.put("subject", subject(draft.summary()));
    fields.put("priority", priority(draft.priority()));
    ObjectNode comment = fields.putObject("comment");
    comment.put("body", "Updated by Retain:\n\n" + body(draft));
    comment.put("public", false);
    put(ticket, fields, "update");
  }

  @Override
  public void comment(RemoteTicket ticket, String text) {
    put(ticket, commentOnly(text), "comment");
  }

  @Override
  public void resolve(RemoteTicket ticket, String comment) {
    ObjectNode fields = commentOnly(comment);
    fields.put("status", "solved");
    put(ticket, fields, "solve");
  }

  @Override
  public void reopen(RemoteTicket ticket, String comment) {
    ObjectNode fields = commentOnly(comment);
    fields.put("status", "open");
    put(ticket, fields, "reopen");
  }

  @Override
  public CheckResult check() {
    try {
      JsonNode me =
          api.call(transport, api.get("/api/v2/users/me.json"), "GET /api/v2/users/me.json");
      JsonNode user = me.path("user");
      if (user.path("id").isNull() || user.path("id").isMissingNode()) {
        return CheckResult.failed(
            SYSTEM,
            "credentials rejected: Zendesk answered as an anonymous user; check the email and"
                + " API token");
      }
      String role = user.path("role").asText("?");
      if (role.equals("end-user")) {
        return CheckResult.failed(
            SYSTEM,
            "signed in as "
                + user.path("email").asText("?")
                + ", an end user; risk tickets need an agent or admin account");
      }
      find("check-connection");
      return CheckResult.ok(
          SYSTEM,
          "connected to "
              + connection.baseUrl()
              + " as "
              + user.path("email").asText("?")
              + " ("
              + role
              + "); tickets are searchable by external_id");
    } catch (ConnectorException e) {
      String detail = e.getMessage();
      return CheckResult.failed(
          SYSTEM,
          switch (e.code()) {
            case AUTHENTICATION_FAILED ->
                "credentials rejected by " + connection.baseUrl() + ": " + detail;
            case PERMISSION_DENIED -> "missing permission to read or write tickets: " + detail;
            case UNREACHABLE -> "host not reachable: " + connection.baseUrl() + " (" + detail + ")";
            case RATE_LIMITED -> "Zendesk is rate limiting this account; try later: " + detail;
            case UNAVAILABLE -> "Zendesk is not answering properly: " + detail;
            case MALFORMED_RESPONSE ->
                connection.baseUrl() + " does not answer like Zendesk: " + detail;
            case REQUEST_REJECTED -> "the request was rejected: " + detail;
          });
    }
  }

  // --- helpers

  private static ObjectNode commentOnly(String text) {
    requireNonNull(text, "text is null");
    ObjectNode fields = JSON.createObjectNode();
    ObjectNode comment = fields.putObject("comment");
    comment.put("body", text);
    comment.put("public", false);
    return fields;
  }

  private void put(RemoteTicket ticket, ObjectNode fields, String doing) {
    ObjectNode body = JSON.createObjectNode();
    body.set("ticket", fields);
    String path = "/api/v2/tickets/" + ticket.id() + ".json";
    api.call(transport, api.send("PUT", path, body), "PUT " + path + " (" + doing + ")");
  }

  private RemoteTicket ticket(JsonNode t, String what) {
    JsonNode id = t.path("id");
    if (!id.canConvertToLong()) {
      throw api.malformed(what, "a ticket without a numeric id");
    }
    String status = t.path("status").asText("");
    boolean open = !(status.equals("solved") || status.equals("closed"));
    return new RemoteTicket(
        id.asText(), id.asText(), connection.baseUrl() + "/agent/tickets/" + id.asText(), open);
  }

  private static long idOf(RemoteTicket t) {
    return Long.parseLong(t.id());
  }

  static String priority(String priority) {
    return switch (priority.toLowerCase(Locale.ROOT)) {
      case "highest" -> "urgent";
      case "high" -> "high";
      case "low", "lowest" -> "low";
      default -> "normal";
    };
  }

  private static String subject(String summary) {
    String line = summary.replaceAll("\\s+", " ").strip();
    return line.length() > 150 ? line.substring(0, 149) + "…" : line;
  }

  static String body(RiskTicketDraft draft) {
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
}
