package dev.retain.connectors.qualtrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.model.SurveyResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Acceptance suite for the Qualtrics response export against WireMock (documented shapes). */
class QualtricsConnectorTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String TOKEN = "qx_9f8e7d6c5b4a";
  static final String SURVEY = "SV_8ICFfGn1X2KGrCm";
  static final String EXPORTS = "/API/v3/surveys/" + SURVEY + "/export-responses";
  static final String P1 = "ES_0cLx7e3TvVOIPXw";
  static final String P2 = "ES_1dMy8f4UwWPJQYx";
  static final String P3 = "ES_2eNz9g5VxXQKRZy";
  static final String F1 = "1dc3b4a2-6e8a-4c65-9b0f-6f1e8e2c8c01-def";
  static final String F2 = "2ee4c5b3-7f9b-4d76-8c1f-7a2f9f3d9d02-def";
  static final String F3 = "3ff5d6c4-8a0c-4e87-9d2a-8b3a0a4eae03-def";

  final List<Duration> slept = new ArrayList<>();
  final List<Duration> polls = new ArrayList<>();

  static final SurveyResponse R1 =
      response(
          "R_1a2B3c4D5e6F7g8",
          "CNT-51",
          "wile@acme.example",
          "001WM00000A1AAA",
          3,
          "Too many outages",
          "2024-05-01T10:00:00Z",
          "2024-05-01T10:00:01.512Z");
  static final SurveyResponse R2 =
      response(
          "R_2b3C4d5E6f7G8h9",
          "CNT-52",
          "hank@globex.example",
          "001WM00000A2AAA",
          10,
          "Love it",
          "2024-05-01T11:01:30Z",
          "2024-05-01T11:01:31Z");
  static final SurveyResponse R4 =
      response(
          "R_4d5E6f7G8h9I0j1",
          null,
          null,
          null,
          7,
          null,
          "2024-05-02T08:00:20Z",
          "2024-05-02T08:00:21Z");
  static final SurveyResponse R5 =
      response(
          "R_5e6F7g8H9i0J1k2",
          "CNT-53",
          "peter@initech.example",
          "001WM00000A3AAA",
          0,
          null,
          "2024-05-03T09:01:00Z",
          "2024-05-03T09:01:01Z");

  // ---- check

  @Test
  void checkAuthenticatesAndSeesTheSurvey() {
    wm.stubFor(
        get("/API/v3/whoami")
            .withHeader("X-API-TOKEN", equalTo(TOKEN))
            .willReturn(json("whoami.json")));
    wm.stubFor(get("/API/v3/surveys/" + SURVEY).willReturn(json("survey.json")));

    CheckResult result = connector().check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains("cx-integration@acme.example", "Relationship NPS 2024");
  }

  @Test
  void checkSaysTheTokenIsRejected() {
    wm.stubFor(
        get("/API/v3/whoami")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"meta\":{\"httpStatus\":\"401 - Unauthorized\",\"error\":{\"errorMessage\":"
                            + "\"Invalid token.\",\"errorCode\":\"AUTH_1.0\"}}}")));

    CheckResult result = connector().check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected");
  }

  // ---- reads

  @Test
  void fullReadEqualsTheExpectedResponses() {
    stubFirstExport();

    Reads read = readAll(connector().surveyResponses(), StreamState.INITIAL);

    assertThat(read.records()).containsExactly(R1, R2, R4);
    assertThat(read.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.sourceId()).isEqualTo("R_3c4D5e6F7g8H9i0");
              assertThat(r.reason()).contains("values.QID1").contains("responses[2]");
            });
    assertThat(read.state().offsets()).isEqualTo(Map.of("continuationToken", "ct_a1b2c3d4e5f6"));
    assertThat(polls).containsExactly(Duration.ofSeconds(2));
    wm.verify(
        postRequestedFor(urlPathEqualTo(EXPORTS))
            .withHeader("X-API-TOKEN", equalTo(TOKEN))
            .withRequestBody(matchingJsonPath("$.format", equalTo("json")))
            .withRequestBody(matchingJsonPath("$.allowContinuation", equalTo("true"))));
  }

  @Test
  void pagesOfOneExportCarryTheFileAndPosition() {
    stubFirstExport();

    Page first = connector().surveyResponses().read(StreamState.INITIAL);

    assertThat(first.records()).containsExactly(R1, R2);
    assertThat(first.hasMore()).isTrue();
    assertThat(first.next().offsets())
        .isEqualTo(Map.of("fileId", F1, "skip", "2", "nextContinuationToken", "ct_a1b2c3d4e5f6"));
    // a fresh connector (a restart) resumes from the state by downloading the file again
    Page second = connector().surveyResponses().read(first.next());
    assertThat(second.records()).containsExactly(R4);
    assertThat(second.hasMore()).isFalse();
  }

  @Test
  void secondIncrementalReadReturnsOnlyNewResponses() {
    stubFirstExport();
    stubExport(equalTo("ct_a1b2c3d4e5f6"), P2, "progress-complete-2.json", F2, "responses-2.json");
    SourceStream stream = connector().surveyResponses();
    Reads first = readAll(stream, StreamState.INITIAL);

    Reads second = readAll(stream, first.state());

    assertThat(second.records()).containsExactly(R5);
    assertThat(second.state().offsets()).isEqualTo(Map.of("continuationToken", "ct_b2c3d4e5f6a7"));
  }

  @Test
  void aTokenWithNothingNewReturnsNothing() {
    stubExport(
        equalTo("ct_future"), P3, "progress-complete-empty.json", F3, "responses-empty.json");
    StreamState state = StreamState.INITIAL.with("continuationToken", "ct_future");

    Page page = connector().surveyResponses().read(state);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(state);
  }

  @Test
  void reReadingFromTheSameStateIsIdempotent() {
    stubFirstExport();
    assertThat(readAll(connector().surveyResponses(), StreamState.INITIAL))
        .isEqualTo(readAll(connector().surveyResponses(), StreamState.INITIAL));
  }

  // ---- faults

  @Test
  void a429OnTheStartIsHonouredAndCapped() {
    stubFirstExport();
    faultOnce(aResponse().withStatus(429).withHeader("Retry-After", "9"));

    assertThat(connector().surveyResponses().read(StreamState.INITIAL).records()).hasSize(2);
    assertThat(slept).containsExactly(Duration.ofSeconds(9));

    wm.resetAll();
    wm.stubFor(
        post(urlPathEqualTo(EXPORTS))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
    slept.clear();
    assertThatThrownBy(() -> connector().surveyResponses().read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.RATE_LIMITED));
    assertThat(slept).isEmpty();
  }

  @Test
  void a503AndAConnectionResetAreRetried() {
    stubFirstExport();
    faultOnce(aResponse().withStatus(503));
    assertThat(connector().surveyResponses().read(StreamState.INITIAL).records()).hasSize(2);
    wm.resetScenarios();
    wm.resetAll();
    stubFirstExport();
    faultOnce(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    assertThat(connector().surveyResponses().read(StreamState.INITIAL).records()).hasSize(2);
    assertThat(slept).hasSize(2);
  }

  @Test
  void aMalformedExportFileFailsWithItsContext() {
    stubExport(absent(), P1, "progress-complete-1.json", F1, "responses-malformed.json");

    assertThatThrownBy(() -> connector().surveyResponses().read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("export file " + F1)
        .hasMessageContaining("no \"responses\" array");
  }

  @Test
  void aFailedExportIsReportedAndLeavesTheState() {
    wm.stubFor(post(urlPathEqualTo(EXPORTS)).willReturn(json("start-export.json")));
    wm.stubFor(get(EXPORTS + "/" + P1).willReturn(json("progress-failed.json")));

    assertThatThrownBy(() -> connector().surveyResponses().read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.UNAVAILABLE))
        .hasMessageContaining("failed");
  }

  @Test
  void anEmptyExportEndsThePass() {
    stubExport(absent(), P1, "progress-complete-empty.json", F3, "responses-empty.json");

    Page page = connector().surveyResponses().read(StreamState.INITIAL);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next().offsets()).isEqualTo(Map.of("continuationToken", "ct_future"));
  }

  @Test
  void settingsMaskTheTokenAndNameTheBadKey() {
    assertThat(settings().toString()).doesNotContain(TOKEN).contains("apiToken=****");
    assertThatThrownBy(() -> QualtricsSettings.of(URI.create(wm.baseUrl()), TOKEN, "123", "QID1"))
        .hasMessageContaining("qualtrics.surveyId");
    assertThatThrownBy(() -> settings().withApiToken(" "))
        .hasMessageContaining("qualtrics.apiToken");
  }

  // ---- helpers

  void stubFirstExport() {
    wm.stubFor(
        post(urlPathEqualTo(EXPORTS))
            .withRequestBody(matchingJsonPath("$.continuationToken", absent()))
            .willReturn(json("start-export.json")));
    wm.stubFor(
        get(EXPORTS + "/" + P1)
            .inScenario("poll")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json("progress-in-progress.json"))
            .willSetStateTo("done"));
    wm.stubFor(
        get(EXPORTS + "/" + P1)
            .inScenario("poll")
            .whenScenarioStateIs("done")
            .willReturn(json("progress-complete-1.json")));
    wm.stubFor(get(EXPORTS + "/" + F1 + "/file").willReturn(zip("responses-1.json")));
  }

  void stubExport(
      com.github.tomakehurst.wiremock.matching.StringValuePattern token,
      String progressId,
      String progress,
      String fileId,
      String responses) {
    wm.stubFor(
        post(urlPathEqualTo(EXPORTS))
            .withRequestBody(matchingJsonPath("$.continuationToken", token))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("start-export.json").replace(P1, progressId))));
    wm.stubFor(get(EXPORTS + "/" + progressId).willReturn(json(progress)));
    wm.stubFor(get(EXPORTS + "/" + fileId + "/file").willReturn(zip(responses)));
  }

  void faultOnce(ResponseDefinitionBuilder fault) {
    wm.stubFor(
        post(urlPathEqualTo(EXPORTS))
            .atPriority(1)
            .inScenario("fault")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(fault)
            .willSetStateTo("recovered"));
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
    throw new AssertionError("did not end after 100 pages");
  }

  QualtricsSettings settings() {
    return QualtricsSettings.of(URI.create(wm.baseUrl()), TOKEN, SURVEY, "QID1")
        .withFields("QID2_TEXT", "AccountId")
        .withPageSize(2);
  }

  QualtricsConnector connector() {
    QualtricsSettings s = settings();
    return new QualtricsConnector(
        s, new HttpTransport("qualtrics", s.http(), slept::add), polls::add);
  }

  static SurveyResponse response(
      String id,
      String contact,
      String email,
      String account,
      int score,
      String comment,
      String ended,
      String recorded) {
    return new SurveyResponse(
        SourceRef.of("qualtrics", id),
        contact == null ? null : SourceRef.of("qualtrics", contact),
        email,
        account,
        score,
        comment,
        Instant.parse(ended),
        Instant.parse(recorded));
  }

  static ResponseDefinitionBuilder json(String fixture) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(fixture(fixture));
  }

  static ResponseDefinitionBuilder zip(String fixture) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("Relationship NPS 2024.json"));
      zip.write(fixture(fixture).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/zip")
        .withBody(bytes.toByteArray());
  }

  static String fixture(String name) {
    try (InputStream in = QualtricsConnectorTest.class.getResourceAsStream("/qualtrics/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
