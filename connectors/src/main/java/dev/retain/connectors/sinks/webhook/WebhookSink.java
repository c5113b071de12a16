package dev.retain.connectors.sinks.webhook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.RemoteTicket;
import dev.retain.connectors.spi.RiskTicketDraft;
import dev.retain.connectors.spi.TicketingSink;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Optional;

/**
 * A generic, signed webhook: every ticket action is one {@code POST} of a JSON event to the
 * configured URL, signed as {@link WebhookSignature} describes, with {@value
 * WebhookSignature#EVENT_HEADER} naming the event ({@code risk_ticket.opened}, {@code .updated},
 * {@code .commented}, {@code .resolved}, {@code .reopened}) and {@value
 * WebhookSignature#IDEMPOTENCY_HEADER} carrying the ticket's dedupe key.
 *
 * <p>The receiver owns the ticket, keyed by the dedupe key, so an {@code opened} event for a key it
 * knows updates that ticket instead of opening another; that is the contract. The sink keeps no
 * remote id: {@link #find} cannot ask a generic receiver and returns empty, and {@link #create}
 * returns a ticket whose id and key are the dedupe key. Because every event is idempotent by key,
 * each request retries through the shared transport (timeouts, 5xx, resets) and is re-sent with the
 * same timestamp, signature and key, so a receiver that acted before the timeout sees a repeat.
 */
public final class WebhookSink implements TicketingSink {
  public static final String SYSTEM = "webhook";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebhookSinkSettings settings;
  private final HttpTransport transport;
  private final WebhookSignature signature;
  private final Clock clock;

  public WebhookSink(WebhookSinkSettings settings) {
    this(settings, new HttpTransport(SYSTEM, settings.http()), Clock.systemUTC());
  }

  public WebhookSink(WebhookSinkSettings settings, HttpTransport transport, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.signature = new WebhookSignature(settings.secret());
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  @Override
  public Optional<RemoteTicket> find(String dedupeKey) {
    return Optional.empty();
  }

  @Override
  public RemoteTicket create(RiskTicketDraft draft) {
    ObjectNode event = event("risk_ticket.opened", draft.dedupeKey());
    event.set("ticket", draft(draft));
    post(event, draft.dedupeKey());
    return new RemoteTicket(draft.dedupeKey(), draft.dedupeKey(), null, true);
  }

  @Override
  public void update(RemoteTicket ticket, RiskTicketDraft draft) {
    ObjectNode event = event("risk_ticket.updated", ticket.id());
    event.set("ticket", draft(draft));
    post(event, ticket.id());
  }

  @Override
  public void comment(RemoteTicket ticket, String text) {
    ObjectNode event = event("risk_ticket.commented", ticket.id());
    event.put("comment", requireNonNull(text, "text is null"));
    post(event, ticket.id());
  }

  @Override
  public void resolve(RemoteTicket ticket, String comment) {
    ObjectNode event = event("risk_ticket.resolved", ticket.id());
    event.put("comment", requireNonNull(comment, "comment is null"));
    post(event, ticket.id());
  }

  @Override
  public void reopen(RemoteTicket ticket, String comment) {
    ObjectNode event = event("risk_ticket.reopened", ticket.id());
    event.put("comment", requireNonNull(comment, "comment is null"));
    post(event, ticket.id());
  }

  /** Sends a signed {@code ping} event; the receiver should answer 2xx. */
  @Override
  public CheckResult check() {
    try {
      post(event("ping", "check-connection"), "check-connection");
      return CheckResult.ok(SYSTEM, settings.url() + " accepted a signed ping");
    } catch (ConnectorException e) {
      return CheckResult.failed(
          SYSTEM,
          switch (e.code()) {
            case AUTHENTICATION_FAILED, PERMISSION_DENIED ->
                "the receiver refused the signature: check that both ends share webhook.secret: "
                    + e.getMessage();
            case UNREACHABLE ->
                "receiver not reachable: " + settings.url() + " (" + e.getMessage() + ")";
            default -> "the receiver did not accept the ping: " + e.getMessage();
          });
    }
  }

  private ObjectNode event(String type, String key) {
    ObjectNode event = JSON.createObjectNode();
    event.put("event", type);
    event.put("dedupe_key", key);
    return event;
  }

  private static ObjectNode draft(RiskTicketDraft draft) {
    ObjectNode t = JSON.createObjectNode();
    t.put("summary", draft.summary());
    t.put("headline", draft.headline());
    var reasons = t.putArray("reasons");
    draft.reasons().forEach(reasons::add);
    ObjectNode facts = t.putObject("facts");
    draft.facts().forEach(facts::put);
    t.put("priority", draft.priority());
    var sections = t.putArray("sections");
    for (RiskTicketDraft.Section section : draft.sections()) {
      ObjectNode node = sections.addObject();
      node.put("title", section.title());
      node.put("text", section.text());
      var items = node.putArray("items");
      section.items().forEach(items::add);
    }
    return t;
  }

  private void post(ObjectNode event, String idempotencyKey) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(settings.url())
            .header("Content-Type", "application/json")
            .header(WebhookSignature.EVENT_HEADER, event.get("event").asText())
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(WebhookSignature.SIGNATURE_HEADER, signature.sign(timestamp, body))
            .header(WebhookSignature.IDEMPOTENCY_HEADER, idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    transport.sendForString(request, "POST " + event.get("event").asText() + " " + idempotencyKey);
  }
}
