package dev.retain.connectors.sinks.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.retain.connectors.http.HttpSettings;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.http.RetryPolicy;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.RemoteTicket;
import dev.retain.connectors.spi.RiskTicketDraft;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signed webhook sink against a real receiver (a JDK HttpServer) that verifies signatures with
 * {@link WebhookSignature} and keeps one ticket per Idempotency-Key, as the contract asks.
 */
class WebhookSinkTest {
  static final String SECRET = "whsec_4f1c2e9a7b3d5e6f";
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper();

  HttpServer receiver;
  final Map<String, JsonNode> tickets = new ConcurrentHashMap<>();
  final List<String> deliveries = new CopyOnWriteArrayList<>();
  final AtomicInteger stallFirst = new AtomicInteger();
  final WebhookSignature verifier = new WebhookSignature(SECRET);

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    receiver.setExecutor(Executors.newFixedThreadPool(4));
    receiver.createContext(
        "/hooks/retain",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            WebhookSignature.Verdict verdict =
                verifier.verify(
                    h.getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    h.getFirst(WebhookSignature.SIGNATURE_HEADER),
                    body,
                    CLOCK,
                    Duration.ofMinutes(5));
            if (verdict != WebhookSignature.Verdict.OK) {
              exchange.sendResponseHeaders(401, -1);
              return;
            }
            String key = h.getFirst(WebhookSignature.IDEMPOTENCY_HEADER);
            String event = h.getFirst(WebhookSignature.EVENT_HEADER);
            deliveries.add(event + " " + key + " " + h.getFirst(WebhookSignature.SIGNATURE_HEADER));
            JsonNode node = JSON.readTree(body);
            if (event.equals("risk_ticket.opened") || event.equals("risk_ticket.updated")) {
              tickets.put(key, node.get("ticket")); // upsert by key: a repeat changes nothing
            }
            if (stallFirst.getAndDecrement() > 0) {
              Thread.sleep(1_500); // acted, then too slow to answer: the sender times out
            }
            exchange.sendResponseHeaders(202, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  WebhookSink sink(String secret) {
    WebhookSinkSettings settings =
        new WebhookSinkSettings(
            URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/retain"),
            secret,
            new HttpSettings(
                Duration.ofSeconds(2),
                Duration.ofMillis(400),
                2,
                new RetryPolicy(
                    3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30))));
    return new WebhookSink(settings, new HttpTransport("webhook", settings.http(), d -> {}), CLOCK);
  }

  static RiskTicketDraft draft(String summary) {
    return new RiskTicketDraft(
        "cust-42",
        summary,
        "Globex dropped to at risk.",
        List.of("Logins fell 60%"),
        Map.of("ARR", "USD 120,000"),
        "High");
  }

  @Test
  void createUpdateAndResolveAreSignedEventsKeyedByTheDedupeKey() {
    WebhookSink sink = sink(SECRET);

    RemoteTicket ticket = sink.create(draft("Globex is at risk (score 31)"));
    sink.update(ticket, draft("Globex is at risk (score 25)"));
    sink.resolve(ticket, "Recovered.");

    assertThat(ticket.id()).isEqualTo("cust-42");
    assertThat(tickets).containsOnlyKeys("cust-42");
    assertThat(tickets.get("cust-42").get("summary").asText())
        .isEqualTo("Globex is at risk (score 25)");
    assertThat(deliveries)
        .extracting(d -> d.split(" ")[0])
        .containsExactly("risk_ticket.opened", "risk_ticket.updated", "risk_ticket.resolved");
  }

  @Test
  void aCreateThatTimedOutAfterTheReceiverActedLeavesOneTicket() {
    stallFirst.set(1);

    sink(SECRET).create(draft("Globex is at risk (score 31)"));

    assertThat(deliveries).hasSize(2);
    // the retry is the same request: same key and the same signature, so the receiver sees a repeat
    assertThat(deliveries.get(0)).isEqualTo(deliveries.get(1));
    assertThat(tickets).hasSize(1);
  }

  @Test
  void checkSaysWhenTheSecretsDiffer() {
    assertThat(sink(SECRET).check().ok()).isTrue();

    CheckResult wrong = sink("whsec_not_the_same_secret").check();

    assertThat(wrong.ok()).isFalse();
    assertThat(wrong.message()).contains("webhook.secret");
  }

  @Test
  void theVerifierRefusesTamperedOldOrUnsignedRequests() {
    byte[] body = "{\"event\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
    long ts = NOW.getEpochSecond();
    String signature = verifier.sign(ts, body);

    assertThat(verifier.verify("" + ts, signature, body, CLOCK, Duration.ofMinutes(5)))
        .isEqualTo(WebhookSignature.Verdict.OK);
    assertThat(
            verifier.verify(
                "" + ts,
                signature,
                "{\"event\":\"pong\"}".getBytes(StandardCharsets.UTF_8),
                CLOCK,
                Duration.ofMinutes(5)))
        .isEqualTo(WebhookSignature.Verdict.BAD_SIGNATURE);
    assertThat(
            verifier.verify(
                "" + (ts - 3600),
                verifier.sign(ts - 3600, body),
                body,
                CLOCK,
                Duration.ofMinutes(5)))
        .isEqualTo(WebhookSignature.Verdict.TOO_OLD);
    assertThat(verifier.verify(null, signature, body, CLOCK, Duration.ofMinutes(5)))
        .isEqualTo(WebhookSignature.Verdict.MISSING_HEADER);
    assertThat(signature).startsWith("sha256=").hasSize(7 + 64);
  }

  @Test
  void settingsMaskTheSecret() {
    assertThat(
            new WebhookSinkSettings(
                    URI.create("https://hooks.acme.example/retain"), SECRET, HttpSettings.DEFAULT)
                .toString())
        .doesNotContain(SECRET)
        .contains("secret=****");
    assertThatThrownBy(
            () ->
                new WebhookSinkSettings(
                    URI.create("https://h.example/"), "short", HttpSettings.DEFAULT))
        .hasMessageContaining("webhook.secret");
  }
}
