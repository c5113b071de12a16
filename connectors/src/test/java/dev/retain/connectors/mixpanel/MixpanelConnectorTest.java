package dev.retain.connectors.mixpanel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.retain.connectors.http.HttpSettings;
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
import dev.retain.model.UsageDaily;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Acceptance suite for the Mixpanel raw export against WireMock serving JSON Lines. */
class MixpanelConnectorTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String PATH = "/api/2.0/export";
  static final String USER = "retain-export.4f1c2e.mp-service-account";
  static final String SECRET = "mpsa_2Jd9sK3lQ8wX";
  static final Instant MAY_4 = Instant.parse("2024-05-04T06:00:00Z");
  static final LocalDate D1 = LocalDate.parse("2024-05-01");
  static final LocalDate D2 = LocalDate.parse("2024-05-02");
  static final LocalDate D3 = LocalDate.parse("2024-05-03");

  final List<Duration> slept = new ArrayList<>();

  static final UsageDaily ACME_D1 = usage("acme-1", D1, 1, 2, 1, 2);
  static final UsageDaily GLOBEX_D1 = usage("globex-7", D1, 1, 0, 0, 1);
  static final UsageDaily ACME_D2 = usage("acme-1", D2, 1, 1, 0, 1);
  static final UsageDaily GLOBEX_D3 = usage("globex-7", D3, 1, 0, 0, 1);

  @Test
  void checkReadsOneEventWithTheServiceAccount() {
    wm.stubFor(
        day(D2).withQueryParam("limit", equalTo("1")).willReturn(jsonl("export-2024-05-02.jsonl")));

    CheckResult result = connector(MAY_4).check();

    assertThat(result.ok()).as(result.message()).isTrue();
  }

  @Test
  void checkSaysTheCredentialsAreRejected() {
    wm.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"error\": \"Invalid credentials\", \"status\": \"error\"}")));

    CheckResult result = connector(MAY_4).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected");
  }

  @Test
  void fullReadCountsDeduplicatedEventsPerAccountAndDay() {
    stubDays();

    Reads read = readAll(connector(MAY_4).usage(), StreamState.INITIAL);

    assertThat(read.records()).containsExactly(ACME_D1, GLOBEX_D1, ACME_D2);
    assertThat(read.rejected())
        .singleElement()
        .extracting(RejectedRecord::reason)
        .asString()
        .contains("2024-05-01 line 8")
        .contains("properties.time");
    assertThat(read.state().offsets()).isEqualTo(Map.of("lastDay", "2024-05-02"));
    wm.verify(
        getRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("project_id", equalTo("2195193"))
            .withHeader(
                "Authorization",
                equalTo(
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (USER + ":" + SECRET).getBytes(StandardCharsets.UTF_8)))));
  }

  @Test
  void secondIncrementalReadReadsOnlyTheNewlyCompleteDay() {
    stubDays();
    Reads first = readAll(connector(MAY_4).usage(), StreamState.INITIAL);

    Reads second = readAll(connector(MAY_4.plus(Duration.ofDays(1))).usage(), first.state());

    assertThat(second.records()).containsExactly(GLOBEX_D3);
    assertThat(second.state().offsets()).isEqualTo(Map.of("lastDay", "2024-05-03"));
  }

  @Test
  void aStateAtTheLastCompleteDayOrLaterReturnsNothingWithoutARequest() {
    StreamState state = StreamState.INITIAL.with("lastDay", "2030-01-01");

    Page page = connector(MAY_4).usage().read(state);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(state);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void reReadingIsIdempotent() {
    stubDays();
    assertThat(readAll(connector(MAY_4).usage(), StreamState.INITIAL))
        .isEqualTo(readAll(connector(MAY_4).usage(), StreamState.INITIAL));
  }

  @Test
  void a429IsHonouredUpToTheCap() {
    stubDays();
    faultOnce(aResponse().withStatus(429).withHeader("Retry-After", "12"));

    assertThat(connector(MAY_4).usage().read(StreamState.INITIAL).records())
        .containsExactly(ACME_D1, GLOBEX_D1);
    assertThat(slept).containsExactly(Duration.ofSeconds(12));

    wm.stubFor(
        get(urlPathEqualTo(PATH))
            .atPriority(1)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
    slept.clear();
    assertThatThrownBy(() -> connector(MAY_4).usage().read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.RATE_LIMITED));
    assertThat(slept).isEmpty();
  }

  @Test
  void a503AndAConnectionResetAreRetried() {
    stubDays();
    faultOnce(aResponse().withStatus(503));
    assertThat(connector(MAY_4).usage().read(StreamState.INITIAL).records()).hasSize(2);
    wm.resetAll();
    stubDays();
    faultOnce(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    assertThat(connector(MAY_4).usage().read(StreamState.INITIAL).records()).hasSize(2);
    assertThat(slept).hasSize(2);
  }

  @Test
  void aTruncatedExportFailsWithTheDayAndLine() {
    wm.stubFor(day(D1).willReturn(jsonl("export-truncated.jsonl")));

    assertThatThrownBy(() -> connector(MAY_4).usage().read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("2024-05-01")
        .hasMessageContaining("line 2");
  }

  @Test
  void anEmptyDayAdvancesTheState() {
    wm.stubFor(day(D1).willReturn(aResponse().withStatus(200).withBody("")));

    Page page = connector(MAY_4).usage().read(StreamState.INITIAL);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isTrue();
    assertThat(page.next().offsets()).isEqualTo(Map.of("lastDay", "2024-05-01"));
  }

  @Test
  void settingsMaskTheSecretAndNameTheBadKey() {
    assertThat(settings().toString()).doesNotContain(SECRET).contains("serviceAccountSecret=****");
    assertThatThrownBy(() -> settings().withSecret(""))
        .hasMessageContaining("mixpanel.serviceAccountSecret");
  }

  // ---- helpers

  void stubDays() {
    wm.stubFor(day(D1).willReturn(jsonl("export-2024-05-01.jsonl")));
    wm.stubFor(day(D2).willReturn(jsonl("export-2024-05-02.jsonl")));
    wm.stubFor(day(D3).willReturn(jsonl("export-2024-05-03.jsonl")));
  }

  static MappingBuilder day(LocalDate day) {
    return get(urlPathEqualTo(PATH))
        .withQueryParam("from_date", equalTo(day.toString()))
        .withQueryParam("to_date", equalTo(day.toString()));
  }

  void faultOnce(ResponseDefinitionBuilder fault) {
    wm.stubFor(
        get(urlPathEqualTo(PATH))
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

  static MixpanelSettings settings() {
    return new MixpanelSettings(
        URI.create(wm.baseUrl()),
        "2195193",
        USER,
        SECRET,
        "company_id",
        Set.of("Signed In"),
        Set.of("Report Created"),
        Set.of(),
        D1,
        1,
        HttpSettings.DEFAULT);
  }

  MixpanelConnector connector(Instant now) {
    MixpanelSettings s = settings();
    return new MixpanelConnector(
        s, new HttpTransport("mixpanel", s.http(), slept::add), Clock.fixed(now, ZoneOffset.UTC));
  }

  static UsageDaily usage(
      String account, LocalDate day, int logins, int core, int secondary, int seats) {
    return new UsageDaily(
        SourceRef.of("mixpanel", account + ":" + day),
        SourceRef.of("mixpanel", account),
        day,
        logins,
        core,
        secondary,
        seats,
        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  static ResponseDefinitionBuilder jsonl(String fixture) {
    try (InputStream in = MixpanelConnectorTest.class.getResourceAsStream("/mixpanel/" + fixture)) {
      return aResponse()
          .withStatus(200)
          .withHeader("Content-Type", "text/plain; charset=utf-8")
          .withBody(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
