package dev.retain.connectors.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.SourceRef;
import dev.retain.model.UsageDaily;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Segment-spec endpoint over real HTTP, and the queue a route pulls from. */
class SegmentIngestServerTest {
  static final String KEY = "wk_7H2kq9LmN3";
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final LocalDate DAY = LocalDate.parse("2024-05-01");

  SegmentIngestServer server;
  final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    server = start(settings());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  SegmentIngestServer start(SegmentSettings settings) throws IOException {
    return new SegmentIngestServer(
        settings, new InetSocketAddress("127.0.0.1", 0), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static SegmentSettings settings() {
    return SegmentSettings.of(KEY, Set.of("Signed In"), Set.of("Report Created"));
  }

  @Test
  void aBatchMapsToContactsAccountsAndDailyUsage() throws Exception {
    HttpResponse<String> response = post(server, KEY, fixture("batch-good.json"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"success\":true}");
    Page page = server.queue().read(StreamState.INITIAL);
    assertThat(page.records())
        .containsExactly(
            new Contact(
                ref("u-1"),
                ref("acme-1"),
                "Wile Coyote",
                "wile@acme.example",
                "+1 555 0100",
                null,
                Instant.parse("2024-05-01T09:00:00Z")),
            new Account(
                ref("acme-1"),
                "Acme Inc",
                "acme.example",
                null,
                null,
                null,
                "enterprise",
                120,
                null,
                null,
                Instant.parse("2024-05-01T09:00:01Z")),
            new UsageDaily(
                ref("acme-1:" + DAY),
                ref("acme-1"),
                DAY,
                1,
                1,
                1,
                2,
                Instant.parse("2024-05-01T10:00:00Z")));
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void recordsStayUntilTheRouteAcknowledgesThemWithTheState() throws Exception {
    post(server, KEY, fixture("batch-good.json"));
    Page first = server.queue().read(StreamState.INITIAL);

    // the route failed to land: reading from the old state hands the same records out again
    assertThat(server.queue().read(StreamState.INITIAL).records()).isEqualTo(first.records());
    // landed: the next read with the page's state drops them
    Page after = server.queue().read(first.next());
    assertThat(after.records()).isEmpty();
    assertThat(server.queue().size()).isZero();

    // more tracks later the same day: the day's running total replaces the earlier row
    post(
        server,
        KEY,
        "{\"batch\":[{\"type\":\"track\",\"messageId\":\"m-20\",\"userId\":\"u-3\","
            + "\"event\":\"Signed In\",\"timestamp\":\"2024-05-01T13:00:00Z\","
            + "\"context\":{\"groupId\":\"acme-1\"}}]}");
    assertThat(server.queue().read(after.next()).records())
        .containsExactly(
            new UsageDaily(
                ref("acme-1:" + DAY),
                ref("acme-1"),
                DAY,
                2,
                1,
                1,
                3,
                Instant.parse("2024-05-01T13:00:00Z")));
  }

  @Test
  void aBadCallIsRefusedWith400NamingTheField() throws Exception {
    HttpResponse<String> response = post(server, KEY, fixture("batch-bad-group.json"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("batch[1].traits.name");
    assertThat(server.queue().read(StreamState.INITIAL).records()).isEmpty();

    assertThat(post(server, KEY, "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\"}]}").body())
        .contains("batch[0].event");
    assertThat(post(server, KEY, "{\"batch\":[{\"type\":\"purchase\"}]}").body())
        .contains("batch[0].type");
    assertThat(
            post(
                    server,
                    KEY,
                    "{\"batch\":[{\"type\":\"identify\",\"userId\":\"u\","
                        + "\"timestamp\":\"yesterday\"}]}")
                .body())
        .contains("batch[0].timestamp");
    assertThat(post(server, KEY, "{\"events\":[]}").body()).contains("\"field\":\"batch\"");
    assertThat(post(server, KEY, "not json").statusCode()).isEqualTo(400);
  }

  @Test
  void aWrongWriteKeyIs401() throws Exception {
    HttpResponse<String> response = post(server, "wrong", fixture("batch-good.json"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(server.queue().size()).isZero();
  }

  @Test
  void aFullQueueAnswers503WithRetryAfter() throws Exception {
    server.close();
    server = start(settings().withQueueCapacity(1));

    HttpResponse<String> response = post(server, KEY, fixture("batch-good.json"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
  }

  @Test
  void theHandlerWorksWithoutHttp() {
    SegmentQueue queue = new SegmentQueue(settings());
    SegmentBatchHandler handler =
        new SegmentBatchHandler(settings(), queue, Clock.fixed(NOW, ZoneOffset.UTC));
    String auth =
        "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));

    SegmentBatchHandler.Response response =
        handler.handle(auth, fixture("batch-good.json").getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(200);
    List<CanonicalRecord> records = queue.read(StreamState.INITIAL).records();
    assertThat(records).hasSize(3);
  }

  static SourceRef ref(String id) {
    return SourceRef.of("segment", id);
  }

  HttpResponse<String> post(SegmentIngestServer to, String key, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(to.baseUri().resolve("/v1/batch"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String fixture(String name) {
    try (InputStream in = SegmentIngestServerTest.class.getResourceAsStream("/segment/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
