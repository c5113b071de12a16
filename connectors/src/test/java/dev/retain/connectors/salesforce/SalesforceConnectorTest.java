package dev.retain.connectors.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.retain.connectors.testkit.TransportFaultContract;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.model.Subscription;
import dev.retain.model.Tombstone;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Acceptance suite for the Salesforce connector against WireMock serving documented shapes. */
class SalesforceConnectorTest implements TransportFaultContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String TOKEN = "00DWM000000TeSt!AQ4AQFakeAccessTokenForWireMock";
  static final String QUERY_ALL = "/services/data/v62.0/queryAll";
  static final String NEXT = "/services/data/v62.0/query/01gWM00000AcCtS1AA-2";

  final List<Duration> slept = new ArrayList<>();

  static final Account A1 =
      new Account(
          sf("001WM00000A1AAA"),
          "Acme Corp",
          "www.acme.example",
          "ws-acme",
          new BigDecimal("120000.50"),
          "USD",
          "Enterprise",
          250,
          LocalDate.parse("2025-03-31"),
          "Dana Ops",
          Instant.parse("2024-05-01T09:00:00Z"));
  static final Account A2 =
      new Account(
          sf("001WM00000A2AAA"),
          "Globex",
          null,
          "ws-globex",
          new BigDecimal("24000"),
          "EUR",
          "Growth",
          40,
          null,
          null,
          Instant.parse("2024-05-02T10:15:30Z"));
  static final Account A3 =
      new Account(
          sf("001WM00000A3AAA"),
          "Initech",
          "initech.example",
          null,
          null,
          "USD",
          null,
          null,
          null,
          "Sam Seller",
          Instant.parse("2024-05-02T10:15:30Z"));
  static final Tombstone A4_DELETED =
      new Tombstone(sf("001WM00000A4AAA"), Entity.ACCOUNT, Instant.parse("2024-05-03T08:00:00Z"));

  @BeforeEach
  void stubToken() {
    wm.stubFor(
        post(urlEqualTo("/services/oauth2/token"))
            .atPriority(1)
            .withRequestBody(containing("grant_type=client_credentials"))
            .withRequestBody(containing("client_id=3MVG9-retain"))
            .withRequestBody(containing("client_secret=s3cret"))
            .willReturn(json(200, fixture("token.json").replace("INSTANCE_URL", wm.baseUrl()))));
    wm.stubFor(
        post(urlEqualTo("/services/oauth2/token"))
            .atPriority(9)
            .willReturn(json(400, fixture("invalid-client.json"))));
  }

  // ---- check -------------------------------------------------------------------------------

  @Test
  void checkAuthenticatesAndQueriesEveryObject() {
    stubQuery("LIMIT 1", "empty.json");

    CheckResult result = connector().check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains("Account", "Contact", "Subscription__c");
    wm.verify(
        getRequestedFor(urlPathEqualTo(QUERY_ALL))
            .withQueryParam("q", containing("FROM Subscription__c"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void checkSaysCredentialsAreRejected() {
    CheckResult result = connector(settings().withClientSecret("wrong")).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected").contains("invalid_client");
  }

  @Test
  void checkSaysWhichObjectIsNotVisible() {
    stubQuery("FROM Account", "empty.json");
    stubQuery("FROM Contact", "empty.json");
    wm.stubFor(
        get(urlPathEqualTo(QUERY_ALL))
            .atPriority(1)
            .withQueryParam("q", containing("FROM Subscription__c"))
            .willReturn(json(400, fixture("invalid-type.json"))));

    CheckResult result = connector().check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message())
        .contains("Subscription__c")
        .contains("not visible to the integration user")
        .contains("sObject type 'Subscription__c' is not supported");
  }

  @Test
  void checkSaysHostIsNotReachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SalesforceSettings unreachable =
        SalesforceSettings.of(URI.create("http://127.0.0.1:" + port), "3MVG9-retain", "s3cret");

    CheckResult result = connector(unreachable).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("host not reachable");
  }

  // ---- reads -------------------------------------------------------------------------------

  @Test
  void fullReadFollowsNextRecordsUrlAndMapsDeletesToTombstones() {
    stubFullAccounts();
    SourceStream accounts = connector().stream("salesforce.accounts");

    Page first = accounts.read(StreamState.INITIAL);

    assertThat(first.records()).containsExactly(A1, A2);
    assertThat(first.hasMore()).isTrue();
    assertThat(first.next().offsets())
        .containsEntry("nextRecordsUrl", NEXT)
        .containsEntry("systemModstamp", "2024-05-02T10:15:30Z")
        .containsEntry("lastId", "001WM00000A2AAA");

    Page second = accounts.read(first.next());

    assertThat(second.records()).containsExactly(A3, A4_DELETED);
    assertThat(second.hasMore()).isFalse();
    assertThat(second.next().offsets())
        .isEqualTo(Map.of("systemModstamp", "2024-05-03T08:00:00Z", "lastId", "001WM00000A4AAA"));
    wm.verify(
        getRequestedFor(urlPathEqualTo(QUERY_ALL))
            .withHeader("Sforce-Query-Options", equalTo("batchSize=200"))
            .withQueryParam(
                "q",
                equalTo(
                    "SELECT Id, SystemModstamp, IsDeleted, Name, Website, Owner.Name, ARR__c,"
                        + " Plan__c, Seats__c, Renewal_Date__c, Workspace_Id__c, CurrencyIsoCode"
                        + " FROM Account ORDER BY SystemModstamp ASC, Id ASC")));
  }

  @Test
  void contactsMapNamesAndRejectAnInvalidEmail() {
    stubQuery("FROM Contact", "contacts.json");

    Reads read = readAll(connector().stream("salesforce.contacts"), StreamState.INITIAL);

    assertThat(read.records())
        .containsExactly(
            new Contact(
                sf("003WM00000C1AAA"),
                sf("001WM00000A1AAA"),
                "Wile Coyote",
                "wile@acme.example",
                "+1 415 555 0100",
                null,
                Instant.parse("2024-05-01T09:30:00Z")),
            new Contact(
                sf("003WM00000C2AAA"),
                null,
                "Munce",
                null,
                null,
                null,
                Instant.parse("2024-05-01T09:31:00Z")));
    assertThat(read.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stream()).isEqualTo("salesforce.contacts");
              assertThat(r.sourceId()).isEqualTo("003WM00000C3AAA");
              assertThat(r.reason()).contains("email").contains("hank at globex");
              assertThat(r.payload()).contains("\"Id\":\"003WM00000C3AAA\"");
            });
    assertThat(read.state().get("systemModstamp")).contains("2024-05-01T09:32:00Z");
  }

  @Test
  void subscriptionsMapStatusAndRejectAnUnknownOne() {
    stubQuery("FROM Subscription__c", "subscriptions.json");

    Reads read = readAll(connector().stream("salesforce.subscriptions"), StreamState.INITIAL);

    assertThat(read.records())
        .containsExactly(
            new Subscription(
                sf("a01WM00000S1AAA"),
                sf("001WM00000A1AAA"),
                Subscription.Status.ACTIVE,
                LocalDate.parse("2022-04-01"),
                LocalDate.parse("2024-04-01"),
                null,
                LocalDate.parse("2025-03-31"),
                new BigDecimal("120000.50"),
                false,
                Instant.parse("2024-05-01T10:00:00Z")),
            new Subscription(
                sf("a01WM00000S2AAA"),
                sf("001WM00000A2AAA"),
                Subscription.Status.PAST_DUE,
                LocalDate.parse("2023-01-15"),
                null,
                null,
                LocalDate.parse("2025-01-15"),
                new BigDecimal("24000"),
                true,
                Instant.parse("2024-05-01T10:05:00Z")));
    assertThat(read.rejected())
        .singleElement()
        .extracting(RejectedRecord::reason)
        .asString()
        .contains("Status__c")
        .contains("Frozen");
  }

  @Test
  void secondIncrementalReadReturnsOnlyRecordsAfterTheSavedState() {
    stubFullAccounts();
    stubQuery("WHERE SystemModstamp >= 2024-05-03T08:00:00Z ", "accounts-incremental.json");
    SourceStream accounts = connector().stream("salesforce.accounts");

    Reads first = readAll(accounts, StreamState.INITIAL);
    Reads second = readAll(accounts, first.state());

    assertThat(first.records()).containsExactly(A1, A2, A3, A4_DELETED);
    assertThat(second.records())
        .singleElement()
        .isInstanceOfSatisfying(
            Account.class,
            a -> {
              assertThat(a.ref()).isEqualTo(sf("001WM00000A1AAA"));
              assertThat(a.name()).isEqualTo("Acme Corporation");
              assertThat(a.updatedAt()).isAfterOrEqualTo(Instant.parse("2024-05-03T08:00:00Z"));
            });
    assertThat(second.state().offsets())
        .isEqualTo(Map.of("systemModstamp", "2024-05-04T12:00:00Z", "lastId", "001WM00000A1AAA"));
  }

  @Test
  void recordsSharingTheCursorTimestampAreNeitherLostNorRepeated() {
    stubQuery("WHERE SystemModstamp >= 2024-05-02T10:15:30Z ", "accounts-since-tie.json");
    StreamState afterGlobex =
        StreamState.INITIAL
            .with("systemModstamp", "2024-05-02T10:15:30Z")
            .with("lastId", "001WM00000A2AAA");

    Page page = connector().stream("salesforce.accounts").read(afterGlobex);

    assertThat(page.records()).containsExactly(A3, A4_DELETED);
  }

  @Test
  void aStateInTheFutureReturnsNothing() {
    stubQuery("WHERE SystemModstamp >= 2099-01-01T00:00:00Z ", "empty.json");
    StreamState future =
        StreamState.INITIAL.with("systemModstamp", "2099-01-01T00:00:00Z").with("lastId", "x");

    Page page = connector().stream("salesforce.accounts").read(future);

    assertThat(page.records()).isEmpty();
    assertThat(page.rejected()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(future);
  }

  @Test
  void reReadingFromTheSameStateIsIdempotent() {
    stubFullAccounts();
    SourceStream accounts = connector().stream("salesforce.accounts");

    Reads once = readAll(accounts, StreamState.INITIAL);
    Reads twice = readAll(accounts, StreamState.INITIAL);

    assertThat(twice).isEqualTo(once);
  }

  @Test
  void anExpiredQueryLocatorRestartsTheQueryFromTheCursor() {
    wm.stubFor(get(urlEqualTo(NEXT)).willReturn(json(400, fixture("invalid-locator.json"))));
    stubQuery("WHERE SystemModstamp >= 2024-05-02T10:15:30Z ", "accounts-since-tie.json");
    StreamState saved =
        StreamState.INITIAL
            .with("systemModstamp", "2024-05-02T10:15:30Z")
            .with("lastId", "001WM00000A2AAA")
            .with("nextRecordsUrl", NEXT);

    Page page = connector().stream("salesforce.accounts").read(saved);

    assertThat(page.records()).containsExactly(A3, A4_DELETED);
    assertThat(page.next().get("nextRecordsUrl")).isEmpty();
  }

  @Test
  void anExpiredSessionIsRenewedOnce() {
    wm.stubFor(
        get(urlPathEqualTo(QUERY_ALL))
            .inScenario("session")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(401, fixture("invalid-session.json")))
            .willSetStateTo("renewed"));
    wm.stubFor(
        get(urlPathEqualTo(QUERY_ALL))
            .inScenario("session")
            .whenScenarioStateIs("renewed")
            .willReturn(json(200, fixture("empty.json"))));

    Page page = connector().stream("salesforce.accounts").read(StreamState.INITIAL);

    assertThat(page.records()).isEmpty();
    wm.verify(2, postRequestedFor(urlEqualTo("/services/oauth2/token")));
  }

  @Test
  void aSessionRejectedTwiceFailsWithAuthenticationFailed() {
    wm.stubFor(
        get(urlPathEqualTo(QUERY_ALL)).willReturn(json(401, fixture("invalid-session.json"))));

    assertThatThrownBy(() -> connector().stream("salesforce.accounts").read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.AUTHENTICATION_FAILED))
        .hasMessageContaining("INVALID_SESSION_ID");
    wm.verify(2, postRequestedFor(urlEqualTo("/services/oauth2/token")));
  }

  // ---- faults ------------------------------------------------------------------------------

  @Test
  void connectionResetsOnEveryAttemptFailAsUnavailable() {
    wm.stubFor(
        get(urlPathEqualTo(QUERY_ALL))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> connector().stream("salesforce.accounts").read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.UNAVAILABLE));
    assertThat(slept).hasSize(HttpSettings.DEFAULT.retry().maxAttempts() - 1);
  }

  @Test
  void aMalformedPageFailsWithItsContext() {
    stubQuery("FROM Account", "malformed-page.json");

    assertThatThrownBy(() -> connector().stream("salesforce.accounts").read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("salesforce.accounts")
        .hasMessageContaining("from the start")
        .hasMessageContaining("'records' is not an array");
  }

  @Test
  void aLoginPageInsteadOfJsonIsMalformed() {
    wm.stubFor(
        get(urlPathEqualTo(QUERY_ALL))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Login</body></html>")));

    assertThatThrownBy(() -> connector().stream("salesforce.accounts").read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aTruncatedPageIsMalformed() {
    wm.stubFor(
        get(urlPathEqualTo(QUERY_ALL))
            .willReturn(json(200, "{\"totalSize\": 4, \"done\": true, \"records\": [{\"Id\": ")));

    assertThatThrownBy(() -> connector().stream("salesforce.accounts").read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE));
  }

  @Test
  void anEmptyPageEndsTheStreamAndKeepsTheState() {
    stubQuery("FROM Account", "empty.json");

    Page page = connector().stream("salesforce.accounts").read(StreamState.INITIAL);

    assertThat(page.records()).isEmpty();
    assertThat(page.rejected()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(StreamState.INITIAL);
  }

  @Test
  void malformedRecordsAreRejectedWithTheFieldAndThePageContinues() {
    stubQuery("FROM Account", "accounts-bad-record.json");

    Page page = connector().stream("salesforce.accounts").read(StreamState.INITIAL);

    assertThat(page.records())
        .extracting(CanonicalRecord::ref)
        .containsExactly(sf("001WM00000B2AAA"));
    assertThat(page.rejected())
        .extracting(RejectedRecord::sourceId, RejectedRecord::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "001WM00000B1AAA", "field 'ARR__c': expected a number, got \"lots\""),
            org.assertj.core.groups.Tuple.tuple(
                "001WM00000B3AAA", "field 'Seats__c': expected a whole number, got 2.5"));
    assertThat(page.next().get("lastId")).contains("001WM00000B3AAA");
  }

  // ---- settings ----------------------------------------------------------------------------

  @Test
  void settingsNeverPrintTheSecretAndNameTheBadKey() {
    assertThat(settings().toString()).doesNotContain("s3cret").contains("clientSecret=****");
    assertThatThrownBy(() -> settings().withBatchSize(100))
        .hasMessageContaining("salesforce.batchSize");
    assertThatThrownBy(() -> settings().withClientSecret(" "))
        .hasMessageContaining("salesforce.clientSecret");
    assertThatThrownBy(
            () ->
                settings()
                    .withFields(
                        new SalesforceFieldMapping(
                            "ARR__c) FROM User --",
                            null,
                            null,
                            null,
                            null,
                            null,
                            "Subscription__c",
                            "Account__c",
                            "Status__c",
                            "Start_Date__c",
                            null,
                            null,
                            null,
                            null,
                            null)))
        .hasMessageContaining("salesforce.fields.accountArr");
  }

  @Test
  void withoutCurrencyTheFieldIsNotSelected() {
    stubQuery("FROM Account", "empty.json");
    SalesforceSettings noCurrency =
        settings().withFields(SalesforceFieldMapping.DEFAULTS.withoutCurrency());

    connector(noCurrency).stream("salesforce.accounts").read(StreamState.INITIAL);

    wm.verify(
        getRequestedFor(urlPathEqualTo(QUERY_ALL))
            .withQueryParam("q", notContaining("CurrencyIsoCode")));
  }

  // ---- helpers -----------------------------------------------------------------------------

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

  SalesforceSettings settings() {
    return SalesforceSettings.of(URI.create(wm.baseUrl()), "3MVG9-retain", "s3cret")
        .withBatchSize(200);
  }

  SalesforceConnector connector() {
    return connector(settings());
  }

  SalesforceConnector connector(SalesforceSettings settings) {
    return new SalesforceConnector(
        settings, new HttpTransport("salesforce", settings.http(), slept::add));
  }

  void stubFullAccounts() {
    wm.stubFor(
        get(urlPathEqualTo(QUERY_ALL))
            .withQueryParam("q", containing("FROM Account"))
            .withQueryParam("q", notContaining("WHERE"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .willReturn(json(200, fixture("accounts-page1.json"))));
    wm.stubFor(
        get(urlEqualTo(NEXT))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .willReturn(json(200, fixture("accounts-page2.json"))));
  }

  void stubQuery(String soqlFragment, String fixture) {
    wm.stubFor(
        get(urlPathEqualTo(QUERY_ALL))
            .withQueryParam("q", containing(soqlFragment))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .willReturn(json(200, fixture(fixture))));
  }

  @Override
  public FirstPage firstPage() {
    return new FirstPage(
        wm,
        () -> slept,
        () -> get(urlPathEqualTo(QUERY_ALL)),
        json(200, fixture("empty.json")),
        () -> connector().stream("salesforce.accounts").read(StreamState.INITIAL),
        List.of(),
        false);
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json;charset=UTF-8")
        .withBody(body);
  }

  static String fixture(String name) {
    try (InputStream in =
        SalesforceConnectorTest.class.getResourceAsStream("/salesforce/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture salesforce/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SourceRef sf(String id) {
    return SourceRef.of("salesforce", id);
  }
}
