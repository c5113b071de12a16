package dev.retain.connectors.jsm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.retain.connectors.testkit.SourceReads.readAll;
import static dev.retain.connectors.testkit.SourceReads.unusedPort;
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
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.connectors.testkit.SourceReads;
import dev.retain.connectors.testkit.SourceReads.Reads;
import dev.retain.connectors.testkit.TransportFaultContract;
import dev.retain.model.SourceRef;
import dev.retain.model.Ticket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Acceptance suite for the Jira Service Management source against WireMock. */
class JsmConnectorTest implements TransportFaultContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String PATH = "/rest/api/3/search/jql";
  static final String EMAIL = "retain-bot@acme.example";
  static final String TOKEN = "ATATT3xFfGF0jsmTestToken";
  static final String FULL = "(project = SUP) ORDER BY updated ASC";
  static final String SINCE_I4 =
      "(project = SUP) AND updated >= \"2024/05/01 13:00\" ORDER BY updated ASC";
  static final String WILE =
      "qm:6b2d4c1e-0b7a-4c3e-9d1a-1f2e3d4c5b6a:7a8b9c0d-1e2f-4a5b-8c7d-6e5f4a3b2c1d";
  static final String HANK =
      "qm:6b2d4c1e-0b7a-4c3e-9d1a-1f2e3d4c5b6a:0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f";

  final SourceReads.RecordingSleeper sleeper = new SourceReads.RecordingSleeper();

  static final Ticket I1 =
      ticket(
          "10001",
          "1",
          WILE,
          "Cannot log in",
          Ticket.Priority.HIGH,
          Ticket.Status.OPEN,
          "2024-05-01T09:00:00Z",
          null,
          "2024-05-01T10:00:00Z");
  static final Ticket I2 =
      ticket(
          "10002",
          "2",
          HANK,
          "Invoice question",
          Ticket.Priority.NORMAL,
          Ticket.Status.SOLVED,
          "2024-05-01T09:30:00Z",
          "2024-05-01T11:00:00Z",
          "2024-05-01T11:00:00Z");
  static final Ticket I3 =
      ticket(
          "10003",
          "1",
          WILE,
          "Export is slow",
          Ticket.Priority.LOW,
          Ticket.Status.PENDING,
          "2024-05-01T12:00:00Z",
          null,
          "2024-05-01T12:30:00Z");
  static final Ticket I3B =
      ticket(
          "10003",
          "1",
          WILE,
          "Export is slow",
          Ticket.Priority.LOW,
          Ticket.Status.CLOSED,
          "2024-05-01T12:00:00Z",
          "2024-05-02T07:00:00Z",
          "2024-05-02T08:00:00Z");
  static final Ticket I5 =
      ticket(
          "10005",
          "2",
          HANK,
          "Please cancel",
          Ticket.Priority.URGENT,
          Ticket.Status.NEW,
          "2024-05-02T09:00:00Z",
          null,
          "2024-05-02T09:00:00Z");

  @Test
  void checkReadsOneIssue() {
    wm.stubFor(
        get(urlPathEqualTo(PATH))
            .withHeader("Authorization", equalTo(basic()))
            .withQueryParam("maxResults", equalTo("1"))
            .willReturn(body("search-page1.json")));

    CheckResult result = connector().check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains(EMAIL).contains("issue(s)");
  }

  @Test
  void checkSaysTheTokenIsRejected() {
    wm.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "text/plain")
                    .withBody("Client must be authenticated to access this resource.")));

    CheckResult result = connector(settings().withApiToken("wrong")).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected");
  }

  @Test
  void checkSaysAnInvisibleProjectIsProbablyAPermission() {
    wm.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"errorMessages\":[\"The value 'SUP' does not exist for the field"
                            + " 'project'.\"],\"warningMessages\":[]}")));

    CheckResult result = connector().check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).contains("rejected the request").contains("does not exist");
  }

  @Test
  void checkSaysHostIsNotReachable() {
    CheckResult result =
        connector(
                JsmSettings.of(
                    URI.create("http://127.0.0.1:" + unusedPort()), EMAIL, TOKEN, "project = SUP"))
            .check();

    assertThat(result.message()).startsWith("host not reachable");
  }

  @Test
  void fullReadFollowsNextPageTokenAndRejectsABadIssue() {
    stubFullRead();

    Reads read = readAll(connector().tickets(), StreamState.INITIAL);

    assertThat(read.records()).containsExactly(I1, I2, I3);
    assertThat(read.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.sourceId()).isEqualTo("10004");
              assertThat(r.reason()).contains("fields.created").contains("yesterday");
            });
    assertThat(read.state().offsets()).isEqualTo(Map.of("updatedSince", "2024-05-01T13:00:00Z"));
    wm.verify(
        getRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("jql", equalTo(FULL))
            .withQueryParam("nextPageToken", equalTo("CAEaAggD"))
            .withHeader("Authorization", equalTo(basic())));
  }

  @Test
  void theFirstPageSavesTheTokenWithTheQueryStart() {
    stubFullRead();

    Page first = connector().tickets().read(StreamState.INITIAL);

    assertThat(first.hasMore()).isTrue();
    assertThat(first.next().offsets())
        .isEqualTo(Map.of("nextPageToken", "CAEaAggD", "seenUntil", "2024-05-01T11:00:00Z"));
  }

  @Test
  void secondIncrementalReadReturnsOnlyIssuesAtOrAfterTheSavedState() {
    stubFullRead();
    SourceStream stream = connector().tickets();
    Reads first = readAll(stream, StreamState.INITIAL);
    wm.stubFor(search(SINCE_I4, null).willReturn(body("search-since-i4.json")));

    Reads second = readAll(stream, first.state());

    assertThat(second.records())
        .allSatisfy(
            r -> assertThat(r.updatedAt()).isAfterOrEqualTo(Instant.parse("2024-05-01T13:00:00Z")));
    assertThat(second.records()).containsExactly(I3B, I5);
    assertThat(second.state().offsets()).isEqualTo(Map.of("updatedSince", "2024-05-02T09:00:00Z"));
  }

  @Test
  void jqlMinutesAreInTheUserTimeZoneAndTheLookbackApplies() {
    wm.stubFor(
        search("(project = SUP) AND updated >= \"2024/05/01 08:30\" ORDER BY updated ASC", null)
            .willReturn(body("search-empty.json")));
    StreamState state = StreamState.INITIAL.with("updatedSince", "2024-05-01T13:00:00Z");

    Page page =
        connector(
                settings()
                    .withUserTimeZone(ZoneId.of("America/New_York"))
                    .withLookback(Duration.ofMinutes(30)))
            .tickets()
            .read(state);

    assertThat(page.records()).isEmpty();
    assertThat(page.next()).isEqualTo(state);
  }

  @Test
  void anExpiredTokenRestartsTheQuery() {
    wm.stubFor(
        get(urlPathEqualTo(PATH))
            .withQueryParam("nextPageToken", equalTo("stale"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("{\"errorMessages\":[\"Invalid nextPageToken\"],\"errors\":{}}")));
    wm.stubFor(search(SINCE_I4, null).willReturn(body("search-since-i4.json")));
    StreamState state =
        StreamState.INITIAL
            .with("updatedSince", "2024-05-01T13:00:00Z")
            .with("nextPageToken", "stale")
            .with("seenUntil", "2024-05-01T13:00:00Z");

    Page page = connector().tickets().read(state);

    assertThat(page.records()).containsExactly(I3B, I5);
  }

  @Test
  void aStateInTheFutureReturnsNothing() {
    wm.stubFor(
        search("(project = SUP) AND updated >= \"2100/01/01 00:00\" ORDER BY updated ASC", null)
            .willReturn(body("search-empty.json")));
    StreamState state = StreamState.INITIAL.with("updatedSince", "2100-01-01T00:00:00Z");

    Page page = connector().tickets().read(state);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(state);
  }

  @Test
  void reReadingFromTheSameStateIsIdempotent() {
    stubFullRead();
    SourceStream stream = connector().tickets();

    assertThat(readAll(stream, StreamState.INITIAL))
        .isEqualTo(readAll(stream, StreamState.INITIAL));
  }

  @Test
  void anEmptyPageEndsThePass() {
    wm.stubFor(search(FULL, null).willReturn(body("search-empty.json")));

    Page page = connector().tickets().read(StreamState.INITIAL);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(StreamState.INITIAL);
  }

  @Test
  void aMalformedPageFailsWithItsContext() {
    wm.stubFor(search(FULL, null).willReturn(body("search-malformed.json")));

    assertThatThrownBy(() -> connector().tickets().read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("jsm.tickets page 1 from the start")
        .hasMessageContaining("'issues' is not an array");
  }

  @Test
  void settingsNeverPrintTheTokenAndNameTheBadKey() {
    assertThat(settings().toString()).doesNotContain(TOKEN).contains("apiToken=****");
    assertThatThrownBy(() -> settings().withPageSize(0)).hasMessageContaining("jsm.pageSize");
    assertThatThrownBy(() -> settings().withApiToken("")).hasMessageContaining("jsm.apiToken");
    assertThatThrownBy(
            () ->
                JsmSettings.of(
                    URI.create(wm.baseUrl()), EMAIL, TOKEN, "project = SUP ORDER BY key"))
        .hasMessageContaining("jsm.jql");
  }

  // ---- helpers -----------------------------------------------------------------------------

  void stubFullRead() {
    wm.stubFor(search(FULL, null).willReturn(body("search-page1.json")));
    wm.stubFor(search(FULL, "CAEaAggD").willReturn(body("search-page2.json")));
  }

  MappingBuilder search(String jql, String token) {
    return get(urlPathEqualTo(PATH))
        .withHeader("Authorization", equalTo(basic()))
        .withQueryParam("jql", equalTo(jql))
        .withQueryParam("nextPageToken", token == null ? absent() : equalTo(token));
  }

  @Override
  public FirstPage firstPage() {
    return new FirstPage(
        wm,
        sleeper::waits,
        () -> get(urlPathEqualTo(PATH)),
        body("search-page1.json"),
        () -> connector().tickets().read(StreamState.INITIAL),
        List.of(I1, I2),
        true);
  }

  JsmSettings settings() {
    return JsmSettings.of(URI.create(wm.baseUrl()), EMAIL, TOKEN, "project = SUP").withPageSize(2);
  }

  JsmConnector connector() {
    return connector(settings());
  }

  JsmConnector connector(JsmSettings settings) {
    return new JsmConnector(settings, new HttpTransport("jsm", settings.http(), sleeper));
  }

  static ResponseDefinitionBuilder body(String fixture) {
    return SourceReads.json(SourceReads.fixture("jsm", fixture));
  }

  static String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
  }

  static Ticket ticket(
      String id,
      String org,
      String customer,
      String subject,
      Ticket.Priority priority,
      Ticket.Status status,
      String created,
      String solved,
      String updated) {
    return new Ticket(
        SourceRef.of("jsm", id),
        SourceRef.of("jsm", org),
        SourceRef.of("jsm", customer),
        subject,
        priority,
        status,
        Instant.parse(created),
        solved == null ? null : Instant.parse(solved),
        null,
        Instant.parse(updated));
  }
}
