package dev.retain.connectors.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Zendesk ticketing sink against WireMock serving the Tickets API's documented shapes. */
class ZendeskSinkTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String EMAIL = "retain@acme.example";
  static final String TOKEN = "zd_6wH2kq9LmN3xY";
  static final String SEARCH = "/api/v2/tickets.json";
  static final String TICKET = "/api/v2/tickets/35436.json";

  final List<Duration> sleeps = new ArrayList<>();

  @Test
  void checkSignsInAsAnAgent() {
    wm.stubFor(get("/api/v2/users/me.json").willReturn(okJson(fixture("me.json"))));
    wm.stubFor(
        get(urlPathEqualTo(SEARCH))
            .withQueryParam("external_id", equalTo("retain-risk-check-connection"))
            .willReturn(okJson(fixture("search-empty.json"))));

    CheckResult result = sink().check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains("retain@acme.example", "agent");
  }

  @Test
  void checkSaysTheCredentialsAreRejected() {
    wm.stubFor(
        get("/api/v2/users/me.json")
            .willReturn(aResponse().withStatus(401).withBody(fixture("error-401.json"))));

    CheckResult result = sink().check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected");
  }

  @Test
  void createOpensATicketWithTheExternalId() {
    wm.stubFor(search().willReturn(okJson(fixture("search-empty.json"))));
    wm.stubFor(create().willReturn(created()));

    RemoteTicket ticket = sink().create(draft());

    assertThat(ticket)
        .isEqualTo(new RemoteTicket("35436", "35436", wm.baseUrl() + "/agent/tickets/35436", true));
    wm.verify(
        getRequestedFor(urlPathEqualTo(SEARCH))
            .withQueryParam("external_id", equalTo("retain-risk-cust-42")));
    wm.verify(
        postRequestedFor(urlPathEqualTo(SEARCH))
            .withHeader(
                "Authorization",
                equalTo(
                    "Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString(
                                (EMAIL + "/token:" + TOKEN).getBytes(StandardCharsets.UTF_8))))
            .withRequestBody(
                matchingJsonPath("$.ticket.external_id", equalTo("retain-risk-cust-42")))
            .withRequestBody(matchingJsonPath("$.ticket.priority", equalTo("high")))
            .withRequestBody(matchingJsonPath("$.ticket.comment.public", equalTo("false")))
            .withRequestBody(
                matchingJsonPath(
                    "$.ticket.comment.body",
                    com.github.tomakehurst.wiremock.client.WireMock.containing("Logins fell 60%")))
            .withRequestBody(matchingJsonPath("$.ticket.tags[0]", equalTo("retain"))));
  }

  @Test
  void aReRunUpdatesTheTicketInPlace() {
    wm.stubFor(search().willReturn(okJson(fixture("search-open.json"))));
    wm.stubFor(put(TICKET).willReturn(okJson(fixture("update-200.json"))));

    RemoteTicket ticket = sink().create(draft());

    assertThat(ticket.id()).isEqualTo("35436");
    wm.verify(0, postRequestedFor(urlPathEqualTo(SEARCH)));
    wm.verify(
        1,
        putRequestedFor(urlPathEqualTo(TICKET))
            .withRequestBody(
                matchingJsonPath(
                    "$.ticket.subject", equalTo("Globex Corporation is at risk (score 31)")))
            .withRequestBody(matchingJsonPath("$.ticket.comment.body")));
  }

  @Test
  void resolveSolvesAndReopenOpens() {
    wm.stubFor(put(TICKET).willReturn(okJson(fixture("update-200.json"))));
    RemoteTicket ticket = new RemoteTicket("35436", "35436", null, true);
    ZendeskSink sink = sink();

    sink.resolve(ticket, "Score back to 72: recovered.");
    sink.reopen(ticket, "At risk again.");
    sink.comment(ticket, "Score fell by 5.");

    wm.verify(
        putRequestedFor(urlPathEqualTo(TICKET))
            .withRequestBody(matchingJsonPath("$.ticket.status", equalTo("solved")))
            .withRequestBody(
                matchingJsonPath(
                    "$.ticket.comment.body", equalTo("Score back to 72: recovered."))));
    wm.verify(
        putRequestedFor(urlPathEqualTo(TICKET))
            .withRequestBody(matchingJsonPath("$.ticket.status", equalTo("open"))));
    wm.verify(3, putRequestedFor(urlPathEqualTo(TICKET)));
  }

  @Test
  void findPrefersTheOpenTicketAndSeesASolvedOne() {
    wm.stubFor(search().willReturn(okJson(fixture("search-solved.json"))));

    assertThat(sink().find("cust-42")).hasValueSatisfying(t -> assertThat(t.open()).isFalse());
  }

  @Test
  void aCreateThatTimedOutAfterZendeskActedIsNotSentAgain() {
    wm.stubFor(
        search()
            .inScenario("create")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(fixture("search-empty.json"))));
    wm.stubFor(
        create()
            .inScenario("create")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(created().withFixedDelay(2_000))
            .willSetStateTo("created"));
    wm.stubFor(
        search()
            .inScenario("create")
            .whenScenarioStateIs("created")
            .willReturn(okJson(fixture("search-open.json"))));
    wm.stubFor(create().inScenario("create").whenScenarioStateIs("created").willReturn(created()));

    RemoteTicket ticket = sink().create(draft());

    assertThat(ticket.id()).isEqualTo("35436");
    wm.verify(1, postRequestedFor(urlPathEqualTo(SEARCH)));
    wm.verify(2, getRequestedFor(urlPathEqualTo(SEARCH)));
  }

  @Test
  void aCreateThatFailedBeforeZendeskActedIsSentAgain() {
    wm.stubFor(search().willReturn(okJson(fixture("search-empty.json"))));
    wm.stubFor(
        create()
            .inScenario("reset")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("up"));
    wm.stubFor(create().inScenario("reset").whenScenarioStateIs("up").willReturn(created()));

    assertThat(sink().create(draft()).id()).isEqualTo("35436");
    wm.verify(2, postRequestedFor(urlPathEqualTo(SEARCH)));
  }

  // ---- helpers

  static MappingBuilder search() {
    return get(urlPathEqualTo(SEARCH))
        .withQueryParam("external_id", equalTo("retain-risk-cust-42"));
  }

  static MappingBuilder create() {
    return post(urlPathEqualTo(SEARCH));
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created() {
    return aResponse()
        .withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withHeader("Location", "https://acme.zendesk.com/api/v2/tickets/35436.json")
        .withBody(fixture("create-201.json"));
  }

  ZendeskSink sink() {
    ZendeskSettings connection =
        new ZendeskSettings(
            URI.create(wm.baseUrl()),
            EMAIL,
            TOKEN,
            null,
            100,
            "external_id",
            Instant.EPOCH,
            new HttpSettings(
                Duration.ofSeconds(2),
                Duration.ofMillis(500),
                2,
                new RetryPolicy(
                    3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30))));
    return new ZendeskSink(ZendeskSinkSettings.of(connection), sleeps::add);
  }

  @Test
  void theBodyListsASectionAfterTheReasons() {
    RiskTicketDraft d = draft();
    RiskTicketDraft withSection =
        new RiskTicketDraft(
            d.dedupeKey(),
            d.summary(),
            d.headline(),
            d.reasons(),
            d.facts(),
            d.priority(),
            List.of(
                new RiskTicketDraft.Section(
                    "Churn prediction",
                    "64% within 90 days (model m-7)",
                    List.of("tenure 2 (raises the churn risk)"))));

    assertThat(ZendeskSink.body(withSection))
        .isEqualTo(
            """
            Globex Corporation dropped from healthy to at risk this week.

            Top reasons:
            - Logins fell 60% in 30 days
            - Two urgent tickets unsolved for 5 days

            Churn prediction: 64% within 90 days (model m-7)
            - tenure 2 (raises the churn risk)

            Health score: 31 (was 58)
            ARR: USD 120,000""");
  }

  static RiskTicketDraft draft() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Health score", "31 (was 58)");
    facts.put("ARR", "USD 120,000");
    return new RiskTicketDraft(
        "cust-42",
        "Globex Corporation is at risk (score 31)",
        "Globex Corporation dropped from healthy to at risk this week.",
        List.of("Logins fell 60% in 30 days", "Two urgent tickets unsolved for 5 days"),
        facts,
        "High");
  }

  static String fixture(String name) {
    try (InputStream in = ZendeskSinkTest.class.getResourceAsStream("/zendesk-sink/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
