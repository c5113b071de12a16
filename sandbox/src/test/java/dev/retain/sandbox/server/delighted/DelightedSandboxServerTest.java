package dev.retain.sandbox.server.delighted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.connectors.delighted.DelightedConnector;
import dev.retain.connectors.delighted.DelightedSettings;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.model.SurveyResponse;
import dev.retain.sandbox.SandboxView;
import dev.retain.sandbox.server.salesforce.TinyView;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Round trip: a hand-built view, served like Delighted, read back by the real connector. */
class DelightedSandboxServerTest {
  static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

  /** 250 responses, four per second, some anonymous, some without a customer id. */
  static final List<SurveyResponse> RESPONSES =
      IntStream.range(0, 250)
          .mapToObj(
              i ->
                  new SurveyResponse(
                      SourceRef.of("delighted", Integer.toString(1000 + i)),
                      i % 10 == 0 ? null : SourceRef.of("delighted", "p" + (i % 40)),
                      i % 10 == 0 ? null : "person" + (i % 40) + "@example.com",
                      i % 3 == 0 ? null : "001SB" + String.format("%010d", i % 40),
                      i % 11,
                      i % 2 == 0 ? null : "comment " + i,
                      T0.plusSeconds(i / 4),
                      T0.plusSeconds(i / 4 + (i % 5 == 0 ? 30 : 0))))
          .sorted(
              java.util.Comparator.comparing(SurveyResponse::updatedAt)
                  .thenComparing(r -> Integer.parseInt(r.ref().id())))
          .toList();

  final AtomicReference<SandboxView> view = new AtomicReference<>();
  final List<Duration> slept = new ArrayList<>();
  DelightedSandboxServer server;

  @BeforeEach
  void start() {
    view.set(withResponses(T0.plusSeconds(3600), RESPONSES));
    server = new DelightedSandboxServer(view::get);
    server.start(0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theStreamReadsBackTheViewsResponses() {
    server.rateLimitEvery(3, 2);
    DelightedConnector connector = connector(DelightedSandboxServer.DEFAULT_API_KEY);

    assertThat(connector.check().ok()).isTrue();
    Reads read = readAll(connector.surveyResponses(), StreamState.INITIAL);

    assertThat(upserted(read.records())).containsExactlyElementsOf(RESPONSES);
    assertThat(slept).isNotEmpty().allMatch(d -> d.equals(Duration.ofSeconds(2)));
  }

  @Test
  void theSecondReadReturnsOnlyResponsesUpdatedSinceTheFirst() {
    SourceStream stream = connector(DelightedSandboxServer.DEFAULT_API_KEY).surveyResponses();
    Reads first = readAll(stream, StreamState.INITIAL);
    Instant cursor =
        Instant.ofEpochSecond(Long.parseLong(first.state().get("updatedSince").orElseThrow()));

    Instant later = T0.plusSeconds(7200);
    SurveyResponse old = RESPONSES.get(17);
    SurveyResponse edited =
        new SurveyResponse(
            old.ref(),
            old.respondent(),
            old.respondentEmail(),
            old.accountExternalId(),
            9,
            "changed my mind",
            old.createdAt(),
            later);
    List<SurveyResponse> all = new ArrayList<>(RESPONSES);
    all.set(17, edited);
    view.set(withResponses(later.plusSeconds(60), all));

    Reads second = readAll(stream, first.state());

    assertThat(second.records())
        .allSatisfy(r -> assertThat(r.updatedAt()).isAfterOrEqualTo(cursor));
    assertThat(upserted(second.records())).endsWith(edited).doesNotContain(RESPONSES.get(0));
  }

  @Test
  void aWrongKeyIsRejected() {
    assertThat(connector("not-the-key").check().message()).startsWith("credentials rejected");
  }

  record Reads(List<CanonicalRecord> records, StreamState state) {}

  static Reads readAll(SourceStream stream, StreamState from) {
    List<CanonicalRecord> records = new ArrayList<>();
    StreamState state = from;
    for (int pages = 0; pages < 100; pages++) {
      Page page = stream.read(state);
      assertThat(page.rejected()).isEmpty();
      records.addAll(page.records());
      state = page.next();
      if (!page.hasMore()) {
        return new Reads(records, state);
      }
    }
    throw new AssertionError(stream.name() + " did not end after 100 pages");
  }

  /** What an idempotent upsert keyed by ref leaves, in the order each key was first written. */
  static List<CanonicalRecord> upserted(List<CanonicalRecord> records) {
    Map<SourceRef, CanonicalRecord> rows = new LinkedHashMap<>();
    records.forEach(r -> rows.put(r.ref(), r));
    return List.copyOf(rows.values());
  }

  DelightedConnector connector(String key) {
    DelightedSettings settings = DelightedSettings.of(URI.create(server.baseUrl()), key);
    return new DelightedConnector(
        settings, new HttpTransport("delighted", settings.http(), slept::add));
  }

  static TinyView withResponses(Instant asOf, List<SurveyResponse> responses) {
    return new TinyView(asOf, List.of(), List.of(), List.of(), responses, List.of());
  }
}
