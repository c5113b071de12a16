package dev.retain.connectors.delighted;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.connectors.testkit.TransportFaultContract;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.model.SurveyResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Acceptance suite for the Delighted connector against WireMock serving documented shapes. */
class DelightedConnectorTest implements TransportFaultContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String PATH = "/v1/survey_responses.json";
  static final String KEY = "dlt_live_4f1c2e";
  static final long R2_UPDATED = 1714550500;
  static final long R4_UPDATED = 1714550600;
  static final long R1B_UPDATED = 1714551000;

  final List<Duration> slept = new ArrayList<>();

  static final SurveyResponse R1 =
      response(
          "101",
          "51",
          "wile@acme.example",
          "001WM00000A1AAA",
          3,
          "Too many outages",
          1714550000,
          1714550400);
  static final SurveyResponse R2 =
      response(
          "102",
          "52",
          "hank@globex.example",
          "001WM00000A2AAA",
          10,
          "Love it",
          1714550100,
          R2_UPDATED);
  static final SurveyResponse R3 =
      response("103", "53", "peter@initech.example", null, 7, null, 1714550200, R2_UPDATED);
  static final SurveyResponse R5 =
      response("105", "55", null, null, 0, null, 1714550350, R4_UPDATED);
  static final SurveyResponse R1B =
      response(
          "101",
          "51",
          "wile@acme.example",
          "001WM00000A1AAA",
          9,
          "Better now",
          1714550000,
          R1B_UPDATED);

  // ---- check -------------------------------------------------------------------------------

  @Test
  void checkReadsOneResponseWithTheKey() {
    wm.stubFor(
        page(null, 1).withQueryParam("per_page", equalTo("1")).willReturn(body("page-start.json")));

    CheckResult result = connector().check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains("survey response");
  }

  @Test
  void checkSaysTheKeyIsRejected() {
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(401)));

    CheckResult result = connector(settings().withApiKey("wrong")).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected");
  }

  @Test
  void checkSaysHostIsNotReachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    CheckResult result =
        connector(DelightedSettings.of(URI.create("http://127.0.0.1:" + port), KEY)).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("host not reachable");
  }

  // ---- reads -------------------------------------------------------------------------------

  @Test
  void fullReadEqualsTheExpectedResponses() {
    stubFullRead();

    Reads read = readAll(connector().surveyResponses(), StreamState.INITIAL);

    assertThat(upserted(read.records())).containsExactly(R1, R2, R3, R5);
    // the responses at the cursor second are read again on the next request (keyset paging)
    assertThat(read.rejected())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.sourceId()).isEqualTo("104");
              assertThat(r.reason()).contains("score").contains("11");
            });
    assertThat(read.state().offsets()).isEqualTo(Map.of("updatedSince", "" + R4_UPDATED));
    wm.verify(
        getRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("order", equalTo("asc:updated_at"))
            .withQueryParam("expand[]", equalTo("person"))
            .withHeader("Authorization", equalTo(basic(KEY))));
  }

  @Test
  void theFirstPageCarriesTheCursorOfItsLastResponse() {
    stubFullRead();

    Page first = connector().surveyResponses().read(StreamState.INITIAL);

    assertThat(first.records()).containsExactly(R1, R2);
    assertThat(first.hasMore()).isTrue();
    assertThat(first.next().offsets()).isEqualTo(Map.of("updatedSince", "" + R2_UPDATED));
  }

  @Test
  void secondIncrementalReadReturnsOnlyResponsesAtOrAfterTheSavedState() {
    stubFullRead();
    SourceStream stream = connector().surveyResponses();
    Reads first = readAll(stream, StreamState.INITIAL);
    wm.stubFor(page(R4_UPDATED, 2).atPriority(1).willReturn(body("page-since-r4-2-updated.json")));
    wm.stubFor(page(R1B_UPDATED, 1).willReturn(body("page-since-r1b-1.json")));
    wm.stubFor(page(R1B_UPDATED, 2).willReturn(body("empty.json")));

    Reads second = readAll(stream, first.state());

    assertThat(second.records())
        .allSatisfy(
            r -> assertThat(r.updatedAt()).isAfterOrEqualTo(Instant.ofEpochSecond(R4_UPDATED)));
    assertThat(upserted(second.records())).containsExactly(R5, R1B);
    assertThat(second.state().offsets()).isEqualTo(Map.of("updatedSince", "" + R1B_UPDATED));
  }

  @Test
  void aStateInTheFutureReturnsNothing() {
    long future = 4102444800L;
    wm.stubFor(page(future, 1).willReturn(body("empty.json")));
    StreamState state = StreamState.INITIAL.with("updatedSince", "" + future);

    Page page = connector().surveyResponses().read(state);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(state);
  }

  @Test
  void reReadingFromTheSameStateIsIdempotent() {
    stubFullRead();
    SourceStream stream = connector().surveyResponses();

    assertThat(readAll(stream, StreamState.INITIAL))
        .isEqualTo(readAll(stream, StreamState.INITIAL));
  }

  @Test
  void aResponseFromAnotherSurveyTypeIsRejected() {
    wm.stubFor(page(null, 1).willReturn(body("page-mixed.json")));

    Page page = connector().surveyResponses().read(StreamState.INITIAL);

    assertThat(page.records()).containsExactly(R3);
    assertThat(page.rejected())
        .singleElement()
        .extracting(RejectedRecord::reason)
        .asString()
        .contains("survey_type")
        .contains("csat");
  }

  // ---- faults ------------------------------------------------------------------------------

  @Test
  void aMalformedPageFailsWithItsContext() {
    wm.stubFor(page(null, 1).willReturn(body("malformed-page.json")));

    assertThatThrownBy(() -> connector().surveyResponses().read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("delighted.survey_responses page 1")
        .hasMessageContaining("expected a JSON array");
  }

  @Test
  void anEmptyPageEndsThePass() {
    wm.stubFor(page(null, 1).willReturn(body("empty.json")));

    Page page = connector().surveyResponses().read(StreamState.INITIAL);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(StreamState.INITIAL);
  }

  @Test
  void settingsNeverPrintTheKeyAndNameTheBadKey() {
    assertThat(settings().toString()).doesNotContain(KEY).contains("apiKey=****");
    assertThatThrownBy(() -> settings().withPerPage(500)).hasMessageContaining("delighted.perPage");
    assertThatThrownBy(() -> settings().withApiKey("")).hasMessageContaining("delighted.apiKey");
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The pages of one full read: keyset on updated_at, page numbers only within one second. */
  void stubFullRead() {
    wm.stubFor(page(null, 1).willReturn(body("page-start.json")));
    wm.stubFor(page(R2_UPDATED, 1).willReturn(body("page-since-r2-1.json")));
    wm.stubFor(page(R2_UPDATED, 2).willReturn(body("page-since-r2-2.json")));
    wm.stubFor(page(R4_UPDATED, 1).willReturn(body("page-since-r4-1.json")));
    wm.stubFor(page(R4_UPDATED, 2).willReturn(body("empty.json")));
  }

  MappingBuilder page(Long since, int page) {
    return get(urlPathEqualTo(PATH))
        .withHeader("Authorization", equalTo(basic(KEY)))
        .withQueryParam("page", equalTo("" + page))
        .withQueryParam("updated_since", since == null ? absent() : equalTo("" + since));
  }

  @Override
  public FirstPage firstPage() {
    return new FirstPage(
        wm,
        () -> slept,
        () -> get(urlPathEqualTo(PATH)),
        body("page-start.json"),
        () -> connector().surveyResponses().read(StreamState.INITIAL),
        List.of(R1, R2),
        true);
  }

  record Reads(List<CanonicalRecord> records, List<RejectedRecord> rejected, StreamState state) {}

  static Reads readAll(SourceStream stream, StreamState from) {
    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    StreamState state = from;
    for (int pages = 0; pages < 100; pages++) {
      Page page = stream.read(state);
      records.addAll(page.records());
      rejected.addAll(page.rejected());
      state = page.next();
      if (!page.hasMore()) {
        return new Reads(records, rejected, state);
      }
    }
    throw new AssertionError(stream.name() + " did not end after 100 pages");
  }

  /** What an idempotent upsert keyed by ref leaves: the last version of each record. */
  static List<CanonicalRecord> upserted(List<CanonicalRecord> records) {
    Map<SourceRef, CanonicalRecord> rows = new LinkedHashMap<>();
    records.forEach(r -> rows.put(r.ref(), r));
    return List.copyOf(rows.values());
  }

  DelightedSettings settings() {
    return DelightedSettings.of(URI.create(wm.baseUrl()), KEY).withPerPage(2);
  }

  DelightedConnector connector() {
    return connector(settings());
  }

  DelightedConnector connector(DelightedSettings settings) {
    return new DelightedConnector(
        settings, new HttpTransport("delighted", settings.http(), slept::add));
  }

  static ResponseDefinitionBuilder body(String fixture) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(fixture(fixture));
  }

  static String fixture(String name) {
    try (InputStream in = DelightedConnectorTest.class.getResourceAsStream("/delighted/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture delighted/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String basic(String key) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
  }

  static SurveyResponse response(
      String id,
      String person,
      String email,
      String account,
      int score,
      String comment,
      long created,
      long updated) {
    return new SurveyResponse(
        SourceRef.of("delighted", id),
        SourceRef.of("delighted", person),
        email,
        account,
        score,
        comment,
        Instant.ofEpochSecond(created),
        Instant.ofEpochSecond(updated));
  }
}
