package dev.retain.connectors.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.retain.connectors.http.HttpSettings;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.http.RetryPolicy;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.model.Ticket;
import dev.retain.model.Tombstone;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Zendesk connector against WireMock serving the documented incremental export shapes. */
class ZendeskConnectorTest {
  @RegisterExtension
  static WireMockExtension zendesk =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String EMAIL = "admin@acme.test";
  static final String TOKEN = "s3cret-token";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-10T00:00:00Z"), ZoneOffset.UTC);
  static final String USERS_CURSOR_1 = "MTczNjA3NTIwMC4wfHw1MDAyfA==";
  static final String USERS_CURSOR_2 = "MTczNjI1MTIwMC4wfHw1MDA0fA==";
  static final String TICKETS_CURSOR_1 = "MTczNjA4NzQwMC4wfHw5MDA1fA==";
  static final String TICKETS_CURSOR_2 = "MTczNjMzNzYwMC4wfHw5MDAyfA==";

  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  ZendeskConnector connector;

  @BeforeEach
  void setUp() {
    connector = connector(settings(zendesk.baseUrl()));
  }

  ZendeskSettings settings(String baseUrl) {
    return ZendeskSettings.apiToken(URI.create(baseUrl), EMAIL, TOKEN)
        .withPageSize(2)
        .withHttp(
            new HttpSettings(
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                2,
                new RetryPolicy(
                    3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30))));
  }

  ZendeskConnector connector(ZendeskSettings settings) {
    return new ZendeskConnector(
        settings, new HttpTransport("zendesk", settings.http(), sleeps::add), CLOCK);
  }

  // --- fixtures and stubs

  static String fixture(String name) {
    try (InputStream in = ZendeskConnectorTest.class.getResourceAsStream("/zendesk/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture zendesk/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MappingBuilder authed(MappingBuilder mapping) {
    return mapping.withBasicAuth(EMAIL + "/token", TOKEN);
  }

  static MappingBuilder orgs(String startTime) {
    return authed(
        get(urlPathEqualTo("/api/v2/incremental/organizations.json"))
            .withQueryParam("start_time", equalTo(startTime))
            .withQueryParam("per_page", equalTo("2")));
  }

  static MappingBuilder users(String param, String value) {
    return authed(
        get(urlPathEqualTo("/api/v2/incremental/users/cursor.json"))
            .withQueryParam(param, equalTo(value)));
  }

  static MappingBuilder tickets(String param, String value) {
    return authed(
        get(urlPathEqualTo("/api/v2/incremental/tickets/cursor.json"))
            .withQueryParam(param, equalTo(value))
            .withQueryParam("include", equalTo("metric_sets")));
  }

  void stubFullExport() {
    zendesk.stubFor(orgs("0").willReturn(okJson(fixture("organizations-page1.json"))));
    zendesk.stubFor(orgs("1736151300").willReturn(okJson(fixture("organizations-page2.json"))));
    zendesk.stubFor(users("start_time", "0").willReturn(okJson(fixture("users-page1.json"))));
    zendesk.stubFor(
        users("cursor", USERS_CURSOR_1).willReturn(okJson(fixture("users-page2.json"))));
    zendesk.stubFor(tickets("start_time", "0").willReturn(okJson(fixture("tickets-page1.json"))));
  }

  record Run(List<CanonicalRecord> records, List<String> rejected, StreamState state, int pages) {}

  static Run readToEnd(SourceStream stream, StreamState from) {
    List<CanonicalRecord> records = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    StreamState state = from;
    int pages = 0;
    Page page;
    do {
      page = stream.read(state);
      records.addAll(page.records());
      page.rejected().forEach(r -> rejected.add(r.sourceId() + ": " + r.reason()));
      state = page.next();
      pages++;
    } while (page.hasMore() && pages < 20);
    return new Run(records, rejected, state, pages);
  }

  static Instant t(String iso) {
    return Instant.parse(iso);
  }

  static SourceRef z(String id) {
    return SourceRef.of("zendesk", id);
  }

  static final List<CanonicalRecord> EXPECTED_ORGANIZATIONS =
      List.of(
          new Account(
              z("1001"),
              "Globex Corporation",
              "globex.example",
              "001Dn00000AbCdEIAZ",
              null,
              null,
              null,
              null,
              null,
              null,
              t("2025-01-05T10:00:00Z")),
          new Account(
              z("1002"),
              "Initech",
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              t("2025-01-06T08:15:00Z")),
          new Tombstone(z("1003"), Entity.ACCOUNT, t("2025-01-07T16:00:05Z")));

  static final List<CanonicalRecord> EXPECTED_USERS =
      List.of(
          new Contact(
              z("5002"),
              z("1001"),
              "Hank Scorpio",
              "hank@globex.example",
              "+15551234567",
              "0035g00000HankAAA",
              t("2025-01-05T11:00:00Z")),
          new Contact(
              z("5003"),
              z("1002"),
              "Peter Gibbons",
              "peter@initech.example",
              null,
              null,
              t("2025-01-06T09:30:00Z")),
          new Tombstone(z("5004"), Entity.CONTACT, t("2025-01-07T12:00:00Z")));

  static final List<CanonicalRecord> EXPECTED_TICKETS =
      List.of(
          new Ticket(
              z("9001"),
              z("1001"),
              z("5002"),
              "Export to CSV times out",
              Ticket.Priority.URGENT,
              Ticket.Status.SOLVED,
              t("2025-01-02T09:00:00Z"),
              t("2025-01-04T16:30:00Z"),
              Ticket.Satisfaction.BAD,
              t("2025-01-04T17:00:00Z")),
          new Ticket(
              z("9002"),
              z("1002"),
              z("5003"),
              "How do I add seats?",
              null,
              Ticket.Status.OPEN,
              t("2025-01-05T10:00:00Z"),
              null,
              null,
              t("2025-01-05T10:05:00Z")),
          new Tombstone(z("9003"), Entity.TICKET, t("2025-01-05T12:00:00Z")),
          new Ticket(
              z("9005"),
              z("1001"),
              z("5002"),
              "Renewal paperwork",
              Ticket.Priority.HIGH,
              Ticket.Status.PENDING,
              t("2025-01-05T14:00:00Z"),
              null,
              Ticket.Satisfaction.OFFERED,
              t("2025-01-05T14:30:00Z")));

  // --- check

  @Test
  void checkPassesWithGoodCredentials() {
    zendesk.stubFor(
        authed(get(urlPathEqualTo("/api/v2/users/me.json")))
            .willReturn(okJson(fixture("users-me.json"))));
    zendesk.stubFor(orgs("0").willReturn(okJson(fixture("organizations-page1.json"))));

    CheckResult result = connector.check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains("admin@acme.test (admin)").contains("2 organization(s)");
  }

  @Test
  void checkSaysCredentialsRejectedWithBadCredentials() {
    zendesk.stubFor(
        get(urlPathEqualTo("/api/v2/users/me.json"))
            .willReturn(aResponse().withStatus(401).withBody(fixture("error-401.json"))));
    zendesk.stubFor(
        authed(get(urlPathEqualTo("/api/v2/users/me.json")))
            .willReturn(okJson(fixture("users-me.json"))));

    CheckResult result =
        connector(
                new ZendeskSettings(
                    URI.create(zendesk.baseUrl()),
                    EMAIL,
                    "wrong-token",
                    null,
                    2,
                    null,
                    null,
                    settings(zendesk.baseUrl()).http()))
            .check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected").contains("zendesk.apiToken");
  }

  @Test
  void checkSaysPermissionIsMissingWhenTheExportIsForbidden() {
    zendesk.stubFor(
        authed(get(urlPathEqualTo("/api/v2/users/me.json")))
            .willReturn(okJson(fixture("users-me.json"))));
    zendesk.stubFor(
        orgs("0").willReturn(aResponse().withStatus(403).withBody(fixture("error-403.json"))));

    CheckResult result = connector.check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).contains("missing permission").contains("admin");
  }

  @Test
  void checkSaysHostUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CheckResult result = connector(settings("http://127.0.0.1:" + closedPort)).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("host unreachable");
  }

  // --- reads

  @Test
  void fullReadEqualsTheExpectedCanonicalRecords() {
    stubFullExport();

    Run orgs = readToEnd(connector.organizations(), StreamState.INITIAL);
    Run users = readToEnd(connector.users(), StreamState.INITIAL);
    Run tickets = readToEnd(connector.tickets(), StreamState.INITIAL);

    assertThat(orgs.records()).containsExactlyElementsOf(EXPECTED_ORGANIZATIONS);
    assertThat(orgs.pages()).isEqualTo(2);
    assertThat(orgs.state()).isEqualTo(new StreamState(Map.of("start_time", "1736265600")));
    assertThat(users.records()).containsExactlyElementsOf(EXPECTED_USERS);
    assertThat(users.state()).isEqualTo(new StreamState(Map.of("cursor", USERS_CURSOR_2)));
    assertThat(tickets.records()).containsExactlyElementsOf(EXPECTED_TICKETS);
    assertThat(tickets.state()).isEqualTo(new StreamState(Map.of("cursor", TICKETS_CURSOR_1)));
    assertThat(connector.streams())
        .extracting(SourceStream::name)
        .containsExactly("zendesk.organizations", "zendesk.users", "zendesk.tickets");
  }

  @Test
  void aMalformedRecordIsRejectedNamingTheFieldAndThePageCarriesOn() {
    zendesk.stubFor(tickets("start_time", "0").willReturn(okJson(fixture("tickets-page1.json"))));

    Page page = connector.tickets().read(StreamState.INITIAL);

    assertThat(page.rejected()).hasSize(1);
    assertThat(page.rejected().get(0).stream()).isEqualTo("zendesk.tickets");
    assertThat(page.rejected().get(0).sourceId()).isEqualTo("9004");
    assertThat(page.rejected().get(0).reason())
        .isEqualTo("priority has an unknown value: critical");
    assertThat(page.rejected().get(0).payload()).contains("\"Billing page shows 500\"");
    assertThat(page.records()).hasSize(4);
  }

  @Test
  void secondIncrementalReadReturnsOnlyWhatChangedAfterTheSavedState() {
    stubFullExport();
    zendesk.stubFor(orgs("1736265600").willReturn(okJson(fixture("organizations-page3.json"))));
    zendesk.stubFor(
        tickets("cursor", TICKETS_CURSOR_1).willReturn(okJson(fixture("tickets-page2.json"))));

    Run firstOrgs = readToEnd(connector.organizations(), StreamState.INITIAL);
    Run secondOrgs = readToEnd(connector.organizations(), firstOrgs.state());
    Run firstTickets = readToEnd(connector.tickets(), StreamState.INITIAL);
    Run secondTickets = readToEnd(connector.tickets(), firstTickets.state());

    assertThat(secondOrgs.records())
        .containsExactly(
            new Account(
                z("1002"),
                "Initech LLC",
                "initech.example",
                "001Dn00000InItIAZ",
                null,
                null,
                null,
                null,
                null,
                null,
                t("2025-01-08T09:00:00Z")));
    assertThat(secondOrgs.state()).isEqualTo(new StreamState(Map.of("start_time", "1736326800")));
    assertThat(secondTickets.records())
        .containsExactly(
            new Ticket(
                z("9002"),
                z("1002"),
                z("5003"),
                "How do I add seats?",
                Ticket.Priority.NORMAL,
                Ticket.Status.CLOSED,
                t("2025-01-05T10:00:00Z"),
                t("2025-01-08T11:00:00Z"),
                Ticket.Satisfaction.GOOD,
                t("2025-01-08T12:00:00Z")));
    assertThat(secondTickets.state())
        .isEqualTo(new StreamState(Map.of("cursor", TICKETS_CURSOR_2)));
    zendesk.verify(
        1,
        getRequestedFor(urlPathEqualTo("/api/v2/incremental/tickets/cursor.json"))
            .withQueryParam("cursor", equalTo(TICKETS_CURSOR_1))
            .withQueryParam("start_time", absent()));
  }

  @Test
  void aStateInTheFutureReadsNothingAndAsksNothing() {
    zendesk.stubFor(authed(get(anyUrl())).willReturn(okJson(fixture("tickets-page1.json"))));
    StreamState future =
        new StreamState(
            Map.of(
                "start_time", Long.toString(CLOCK.instant().plusSeconds(86_400).getEpochSecond())));

    for (SourceStream stream : connector.streams()) {
      Page page = stream.read(future);
      assertThat(page.records()).as(stream.name()).isEmpty();
      assertThat(page.hasMore()).isFalse();
      assertThat(page.next()).isEqualTo(future);
    }
    zendesk.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void reReadingFromTheSameStateIsIdempotent() {
    stubFullExport();

    Run first = readToEnd(connector.tickets(), StreamState.INITIAL);
    Run again = readToEnd(connector.tickets(), StreamState.INITIAL);
    Run usersFirst = readToEnd(connector.users(), StreamState.INITIAL);
    Run usersAgain = readToEnd(connector.users(), StreamState.INITIAL);

    assertThat(again).isEqualTo(first);
    assertThat(usersAgain).isEqualTo(usersFirst);
  }

  @Test
  void emptyPagesAreCaughtUpAndKeepTheCursor() {
    zendesk.stubFor(
        tickets("cursor", TICKETS_CURSOR_2).willReturn(okJson(fixture("tickets-empty.json"))));
    zendesk.stubFor(
        orgs("1736326800")
            .willReturn(
                okJson(
                    "{\"organizations\":[],\"next_page\":null,\"count\":0,"
                        + "\"end_of_stream\":true,\"end_time\":null}")));

    Page tickets = connector.tickets().read(new StreamState(Map.of("cursor", TICKETS_CURSOR_2)));
    Page orgs = connector.organizations().read(new StreamState(Map.of("start_time", "1736326800")));

    assertThat(tickets.records()).isEmpty();
    assertThat(tickets.rejected()).isEmpty();
    assertThat(tickets.hasMore()).isFalse();
    assertThat(tickets.next()).isEqualTo(new StreamState(Map.of("cursor", TICKETS_CURSOR_2)));
    assertThat(orgs.records()).isEmpty();
    assertThat(orgs.hasMore()).isFalse();
    assertThat(orgs.next()).isEqualTo(new StreamState(Map.of("start_time", "1736326800")));
  }

  @Test
  void theAccountIdCanComeFromAnOrganizationField() {
    zendesk.stubFor(orgs("0").willReturn(okJson(fixture("organizations-page1.json"))));
    ZendeskConnector custom =
        connector(settings(zendesk.baseUrl()).withAccountIdField("sfdc_account_id"));

    Page page = custom.organizations().read(StreamState.INITIAL);

    assertThat(page.records())
        .map(r -> ((Account) r).externalId())
        .containsExactly("001Dn00000AbCdEIAZ", null);
  }

  // --- faults

  @Test
  void a429WithRetryAfterIsHonoured() {
    zendesk.stubFor(
        tickets("start_time", "0")
            .inScenario("rate limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "7")
                    .withBody(fixture("error-429.json")))
            .willSetStateTo("cooled down"));
    zendesk.stubFor(
        tickets("start_time", "0")
            .inScenario("rate limit")
            .whenScenarioStateIs("cooled down")
            .willReturn(okJson(fixture("tickets-page1.json"))));

    Page page = connector.tickets().read(StreamState.INITIAL);

    assertThat(page.records()).containsExactlyElementsOf(EXPECTED_TICKETS);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void a429WithRetryAfterAboveTheCapFailsThePageWithoutWaiting() {
    zendesk.stubFor(
        tickets("start_time", "0")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "120")
                    .withBody(fixture("error-429.json"))));

    assertThatThrownBy(() -> connector.tickets().read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.RATE_LIMITED))
        .hasMessageContaining("zendesk.tickets page from start_time=0")
        .hasMessageContaining("Retry-After 120 s");
    assertThat(sleeps).isEmpty();
    zendesk.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void a503IsRetried() {
    zendesk.stubFor(
        users("start_time", "0")
            .inScenario("503")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody("Service Unavailable"))
            .willSetStateTo("up"));
    zendesk.stubFor(
        users("start_time", "0")
            .inScenario("503")
            .whenScenarioStateIs("up")
            .willReturn(okJson(fixture("users-page1.json"))));

    Page page = connector.users().read(StreamState.INITIAL);

    assertThat(page.records()).containsExactly(EXPECTED_USERS.get(0));
    assertThat(page.hasMore()).isTrue();
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void aConnectionResetIsRetriedAndFailsAsUnavailableWhenItPersists() {
    zendesk.stubFor(
        orgs("0")
            .inScenario("reset")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    zendesk.stubFor(
        orgs("0")
            .inScenario("reset")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(fixture("organizations-page1.json"))));
    zendesk.stubFor(
        orgs("1736151300").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    Page first = connector.organizations().read(StreamState.INITIAL);

    assertThat(first.records()).containsExactlyElementsOf(EXPECTED_ORGANIZATIONS.subList(0, 2));
    assertThatThrownBy(() -> connector.organizations().read(first.next()))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.UNAVAILABLE))
        .hasMessageContaining("zendesk.organizations page from start_time=1736151300")
        .hasMessageContaining("after 3 attempt(s)");
  }

  @Test
  void aMalformedPageFailsWithThePageContext() {
    zendesk.stubFor(
        tickets("cursor", TICKETS_CURSOR_1).willReturn(okJson(fixture("tickets-truncated.json"))));

    assertThatThrownBy(
            () -> connector.tickets().read(new StreamState(Map.of("cursor", TICKETS_CURSOR_1))))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("zendesk.tickets page after cursor " + TICKETS_CURSOR_1)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aPageWithoutTheItemsArrayIsMalformed() {
    zendesk.stubFor(
        users("start_time", "0")
            .willReturn(okJson("{\"tickets\":[],\"end_of_stream\":true,\"after_cursor\":\"x\"}")));

    assertThatThrownBy(() -> connector.users().read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("no \"users\" array");
  }

  @Test
  void settingsMaskSecrets() {
    ZendeskSettings settings = settings(zendesk.baseUrl());
    assertThat(settings.toString()).doesNotContain(TOKEN).contains("apiToken=****");
    assertThat(ZendeskSettings.oauth(URI.create("https://acme.zendesk.com"), "oauth-secret"))
        .asString()
        .doesNotContain("oauth-secret");
    assertThatThrownBy(() -> ZendeskSettings.subdomain("acme.zendesk.com"))
        .hasMessageContaining("zendesk.subdomain");
  }
}
