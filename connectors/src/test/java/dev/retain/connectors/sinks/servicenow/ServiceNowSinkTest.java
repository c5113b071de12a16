package dev.retain.connectors.sinks.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.retain.connectors.http.HttpSettings;
import dev.retain.connectors.http.RetryPolicy;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.RemoteTicket;
import dev.retain.connectors.spi.RiskTicketDraft;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ServiceNow incident sink against WireMock serving Table API shapes. */
class ServiceNowSinkTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String TABLE = "/api/now/table/incident";
  static final String SYS_ID = "9d385017c611228701d22104cc95c371";
  static final String PASSWORD = "sn-Pa55w0rd!";

  final List<Duration> sleeps = new ArrayList<>();

  @Test
  void checkReadsTheTable() {
    wm.stubFor(
        get(urlPathEqualTo(TABLE))
            .withQueryParam("sysparm_limit", equalTo("1"))
            .willReturn(okJson(fixture("check.json"))));

    CheckResult result = sink().check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains("retain.integration", "incident");
  }

  @Test
  void checkSaysTheCredentialsAreRejected() {
    wm.stubFor(
        get(urlPathEqualTo(TABLE))
            .willReturn(aResponse().withStatus(401).withBody(fixture("error-401.json"))));

    CheckResult result = sink().check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected");
  }

  @Test
  void createOpensAnIncidentWithTheCorrelationId() {
    wm.stubFor(query().willReturn(okJson(fixture("query-empty.json"))));
    wm.stubFor(create().willReturn(created()));

    RemoteTicket ticket = sink().create(draft());

    assertThat(ticket.id()).isEqualTo(SYS_ID);
    assertThat(ticket.key()).isEqualTo("INC0010023");
    assertThat(ticket.open()).isTrue();
    wm.verify(
        getRequestedFor(urlPathEqualTo(TABLE))
            .withQueryParam(
                "sysparm_query",
                equalTo("correlation_id=retain-risk-cust-42^ORDERBYDESCsys_created_on")));
    wm.verify(
        postRequestedFor(urlPathEqualTo(TABLE))
            .withRequestBody(matchingJsonPath("$.correlation_id", equalTo("retain-risk-cust-42")))
            .withRequestBody(
                matchingJsonPath(
                    "$.short_description", equalTo("Globex Corporation is at risk (score 31)")))
            .withRequestBody(matchingJsonPath("$.description", containing("Logins fell 60%")))
            .withRequestBody(matchingJsonPath("$.impact", equalTo("1")))
            .withRequestBody(matchingJsonPath("$.urgency", equalTo("2"))));
  }

  @Test
  void aReRunUpdatesTheIncidentInPlace() {
    wm.stubFor(query().willReturn(okJson(fixture("query-open.json"))));
    wm.stubFor(
        patch(urlPathEqualTo(TABLE + "/" + SYS_ID)).willReturn(okJson(fixture("patch-200.json"))));

    RemoteTicket ticket = sink().create(draft());

    assertThat(ticket.key()).isEqualTo("INC0010023");
    wm.verify(0, postRequestedFor(urlPathEqualTo(TABLE)));
    wm.verify(
        1,
        patchRequestedFor(urlPathEqualTo(TABLE + "/" + SYS_ID))
            .withRequestBody(matchingJsonPath("$.short_description")));
  }

  @Test
  void resolveSetsStateCloseCodeAndNotesAndReopenSetsTheState() {
    wm.stubFor(
        patch(urlPathEqualTo(TABLE + "/" + SYS_ID)).willReturn(okJson(fixture("patch-200.json"))));
    RemoteTicket ticket = new RemoteTicket(SYS_ID, "INC0010023", null, true);
    ServiceNowSink sink = sink();

    sink.resolve(ticket, "Score back to 72: recovered.");
    sink.reopen(ticket, "At risk again.");
    sink.comment(ticket, "Score fell by 5.");

    wm.verify(
        patchRequestedFor(urlPathEqualTo(TABLE + "/" + SYS_ID))
            .withRequestBody(matchingJsonPath("$.state", equalTo("6")))
            .withRequestBody(matchingJsonPath("$.close_code", equalTo("Solution provided")))
            .withRequestBody(
                matchingJsonPath("$.close_notes", equalTo("Score back to 72: recovered."))));
    wm.verify(
        patchRequestedFor(urlPathEqualTo(TABLE + "/" + SYS_ID))
            .withRequestBody(matchingJsonPath("$.state", equalTo("2"))));
    wm.verify(
        patchRequestedFor(urlPathEqualTo(TABLE + "/" + SYS_ID))
            .withRequestBody(matchingJsonPath("$.work_notes", equalTo("Score fell by 5."))));
  }

  @Test
  void findSeesAResolvedIncident() {
    wm.stubFor(query().willReturn(okJson(fixture("query-resolved.json"))));

    assertThat(sink().find("cust-42")).hasValueSatisfying(t -> assertThat(t.open()).isFalse());
  }

  @Test
  void aCreateThatTimedOutAfterServiceNowActedIsNotSentAgain() {
    wm.stubFor(
        query()
            .inScenario("create")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(fixture("query-empty.json"))));
    wm.stubFor(
        create()
            .inScenario("create")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(created().withFixedDelay(2_000))
            .willSetStateTo("created"));
    wm.stubFor(
        query()
            .inScenario("create")
            .whenScenarioStateIs("created")
            .willReturn(okJson(fixture("query-open.json"))));
    wm.stubFor(create().inScenario("create").whenScenarioStateIs("created").willReturn(created()));

    RemoteTicket ticket = sink().create(draft());

    assertThat(ticket.key()).isEqualTo("INC0010023");
    wm.verify(1, postRequestedFor(urlPathEqualTo(TABLE)));
  }

  @Test
  void settingsMaskThePassword() {
    assertThat(settings().toString()).doesNotContain(PASSWORD).contains("password=****");
    assertThatThrownBy(() -> settings().withPassword(null)).hasMessageContaining("servicenow.user");
  }

  // ---- helpers

  static MappingBuilder query() {
    return get(urlPathEqualTo(TABLE))
        .withQueryParam("sysparm_query", containing("correlation_id="));
  }

  static MappingBuilder create() {
    return post(urlPathEqualTo(TABLE));
  }

  static ResponseDefinitionBuilder created() {
    return aResponse()
        .withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withHeader("Location", "https://acme.service-now.com/api/now/table/incident/" + SYS_ID)
        .withBody(fixture("create-201.json"));
  }

  static ServiceNowSinkSettings settings() {
    return ServiceNowSinkSettings.basic(URI.create(wm.baseUrl()), "retain.integration", PASSWORD)
        .withHttp(
            new HttpSettings(
                Duration.ofSeconds(2),
                Duration.ofMillis(500),
                2,
                new RetryPolicy(
                    3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30))));
  }

  ServiceNowSink sink() {
    return new ServiceNowSink(settings(), sleeps::add);
  }

  static RiskTicketDraft draft() {
    return new RiskTicketDraft(
        "cust-42",
        "Globex Corporation is at risk (score 31)",
        "Globex Corporation dropped from healthy to at risk this week.",
        List.of("Logins fell 60% in 30 days"),
        Map.of("ARR", "USD 120,000"),
        "High");
  }

  static String fixture(String name) {
    try (InputStream in = ServiceNowSinkTest.class.getResourceAsStream("/servicenow/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
