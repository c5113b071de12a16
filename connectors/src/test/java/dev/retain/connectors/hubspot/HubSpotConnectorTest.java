package dev.retain.connectors.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.retain.connectors.testkit.SourceReads.readAll;
import static dev.retain.connectors.testkit.SourceReads.unusedPort;
import static dev.retain.connectors.testkit.SourceReads.upserted;
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
import dev.retain.connectors.testkit.SourceReads;
import dev.retain.connectors.testkit.SourceReads.Reads;
import dev.retain.connectors.testkit.TransportFaultContract;
import dev.retain.model.Account;
import dev.retain.model.Contact;
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.model.Subscription;
import dev.retain.model.Tombstone;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Acceptance suite for the HubSpot CRM v3 source against WireMock. */
class HubSpotConnectorTest implements TransportFaultContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String TOKEN = "pat-na1-6f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f";
  static final String COMPANIES = "/crm/v3/objects/companies/search";
  static final String C4_MS = "1714568400000";
  static final String C5_MS = "1714572000000";

  final SourceReads.RecordingSleeper sleeper = new SourceReads.RecordingSleeper();

  static final Account C1 =
      company(
          "5001", "Acme Corp", "acme.example", "001WM00000A1AAA", "7001", "2024-05-01T10:00:00Z");
  static final Account C2 =
      company("5002", "Globex", "globex.example", null, "7002", "2024-05-01T11:00:00Z");
  static final Account C3 =
      company("5003", "Initech", "initech.example", null, null, "2024-05-01T12:00:00Z");
  static final Account C5 =
      company(
          "5005",
          "Umbrella",
          "umbrella.example",
          "001WM00000A5AAA",
          "7001",
          "2024-05-01T14:00:00Z");
  static final Account C2B =
      company(
          "5002",
          "Globex Corporation",
          "globex.example",
          "001WM00000A2AAA",
          "7002",
          "2024-05-02T09:00:00Z");

  // ---- check -------------------------------------------------------------------------------

  @Test
  void checkSearchesEveryObjectWithTheToken() {
    for (String type : new String[] {"companies", "contacts", "deals"}) {
      wm.stubFor(
          post(urlPathEqualTo("/crm/v3/objects/" + type + "/search"))
              .withHeader("Authorization", equalTo("Bearer " + TOKEN))
              .withRequestBody(matchingJsonPath("$.limit", equalTo("1")))
              .willReturn(body("empty.json")));
    }

    CheckResult result = connector().check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains("companies").contains("contacts").contains("deals");
  }

  @Test
  void checkSaysTheTokenIsRejected() {
    wm.stubFor(post(urlPathEqualTo(COMPANIES)).willReturn(error(401, "error-401.json")));

    CheckResult result = connector(settings().withAccessToken("pat-wrong")).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected");
  }

  @Test
  void checkNamesTheMissingScope() {
    wm.stubFor(post(urlPathEqualTo(COMPANIES)).willReturn(body("empty.json")));
    wm.stubFor(
        post(urlPathEqualTo("/crm/v3/objects/contacts/search")).willReturn(body("empty.json")));
    wm.stubFor(
        post(urlPathEqualTo("/crm/v3/objects/deals/search"))
            .willReturn(error(403, "error-403.json")));

    CheckResult result = connector().check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message())
        .startsWith("authenticated, but a scope or permission is missing")
        .contains("crm.objects.deals.read");
  }

  @Test
  void checkSaysHostIsNotReachable() {
    CheckResult result =
        connector(HubSpotSettings.of(URI.create("http://127.0.0.1:" + unusedPort()), TOKEN))
            .check();

    assertThat(result.message()).startsWith("host not reachable");
  }

  // ---- companies: search, cursor, cap --------------------------------------------------------

  @Test
  void fullReadPagesWithAfterAndRestartsBeforeTheSearchCap() {
    stubFullRead();

    Reads read = readAll(connector().stream("hubspot.companies"), StreamState.INITIAL);

    assertThat(upserted(read.records())).containsExactly(C1, C2, C3, C5);
    assertThat(read.rejected())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.sourceId()).isEqualTo("5004");
              assertThat(r.reason()).contains("name");
            });
    assertThat(read.state().offsets()).isEqualTo(Map.of("lastModified", "2024-05-01T14:00:00Z"));
    // the third page would have crossed the cap of 4: a new search from the last time seen
    wm.verify(
        0,
        postRequestedFor(urlPathEqualTo(COMPANIES))
            .withRequestBody(matchingJsonPath("$.after", equalTo("4"))));
    wm.verify(
        postRequestedFor(urlPathEqualTo(COMPANIES))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withRequestBody(
                equalToJson(
                    "{\"sorts\":[{\"propertyName\":\"hs_lastmodifieddate\",\"direction\":\"ASCENDING\"}],"
                        + "\"filterGroups\":[{\"filters\":[{\"propertyName\":\"hs_lastmodifieddate\","
                        + "\"operator\":\"GTE\",\"value\":\""
                        + C4_MS
                        + "\"}]}]}",
                    true,
                    true)));
  }

  @Test
  void secondIncrementalReadReturnsOnlyRecordsAtOrAfterTheSavedState() {
    stubFullRead();
    SourceStream stream = connector().stream("hubspot.companies");
    Reads first = readAll(stream, StreamState.INITIAL);
    wm.stubFor(search(COMPANIES, C5_MS, null).willReturn(body("companies-since-c5.json")));

    Reads second = readAll(stream, first.state());

    assertThat(second.records())
        .allSatisfy(
            r -> assertThat(r.updatedAt()).isAfterOrEqualTo(Instant.parse("2024-05-01T14:00:00Z")));
    assertThat(second.records()).containsExactly(C5, C2B);
    assertThat(second.state().offsets()).isEqualTo(Map.of("lastModified", "2024-05-02T09:00:00Z"));
  }

  @Test
  void moreRecordsInOneMillisecondThanTheCapFailSayingSo() {
    String sameInstant =
        "{\"total\":3,\"results\":["
            + "{\"id\":\"5004\",\"properties\":{\"hs_lastmodifieddate\":\"2024-05-01T13:00:00.000Z\","
            + "\"name\":\"Four\"},\"archived\":false},"
            + "{\"id\":\"5006\",\"properties\":{\"hs_lastmodifieddate\":\"2024-05-01T13:00:00.000Z\","
            + "\"name\":\"Six\"},\"archived\":false}],"
            + "\"paging\":{\"next\":{\"after\":\"2\",\"link\":\"?after=2\"}}}";
    wm.stubFor(search(COMPANIES, C4_MS, null).willReturn(SourceReads.json(sameInstant)));

    assertThatThrownBy(
            () ->
                connector(settings().withPaging(2, 2)).stream("hubspot.companies")
                    .read(StreamState.INITIAL.with("lastModified", "2024-05-01T13:00:00Z")))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.REQUEST_REJECTED))
        .hasMessageContaining("more than 2 records share hs_lastmodifieddate");
  }

  @Test
  void aStateInTheFutureReturnsNothing() {
    wm.stubFor(search(COMPANIES, "4102444800000", null).willReturn(body("empty.json")));
    StreamState state = StreamState.INITIAL.with("lastModified", "2100-01-01T00:00:00Z");

    Page page = connector().stream("hubspot.companies").read(state);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(state);
  }

  @Test
  void aLookbackStartsTheSearchEarlier() {
    wm.stubFor(search(COMPANIES, C4_MS, null).willReturn(body("companies-since-c4.json")));

    Page page =
        connector(settings().withLookback(Duration.ofHours(1))).stream("hubspot.companies")
            .read(StreamState.INITIAL.with("lastModified", "2024-05-01T14:00:00Z"));

    assertThat(page.records()).containsExactly(C5);
  }

  @Test
  void reReadingFromTheSameStateIsIdempotent() {
    stubFullRead();
    SourceStream stream = connector().stream("hubspot.companies");

    assertThat(readAll(stream, StreamState.INITIAL))
        .isEqualTo(readAll(stream, StreamState.INITIAL));
  }

  @Test
  void anEmptyPageEndsThePass() {
    wm.stubFor(search(COMPANIES, "0", null).willReturn(body("empty.json")));

    Page page = connector().stream("hubspot.companies").read(StreamState.INITIAL);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(StreamState.INITIAL);
  }

  // ---- contacts, deals, archived ---------------------------------------------------------------

  @Test
  void contactsAreSearchedOnLastmodifieddateAndCarryTheirCompany() {
    wm.stubFor(
        post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
            .withRequestBody(
                matchingJsonPath(
                    "$.filterGroups[0].filters[0].propertyName", equalTo("lastmodifieddate")))
            .withRequestBody(matchingJsonPath("$.properties[?(@ == 'associatedcompanyid')]"))
            .willReturn(body("contacts-page1.json")));

    Reads read = readAll(connector().stream("hubspot.contacts"), StreamState.INITIAL);

    assertThat(read.records())
        .containsExactly(
            new Contact(
                ref("9001"),
                ref("5001"),
                "Wile E. Coyote",
                "wile@acme.example",
                "+1 555 0100",
                null,
                Instant.parse("2024-05-01T10:30:00Z")),
            new Contact(
                ref("9003"),
                null,
                "Gibbons",
                "peter@initech.example",
                null,
                null,
                Instant.parse("2024-05-01T12:30:00Z")));
    assertThat(read.rejected())
        .singleElement()
        .extracting(RejectedRecord::reason)
        .asString()
        .contains("email");
  }

  @Test
  void wonDealsAreSubscriptionsOfTheirPrimaryCompanyAndOthersTombstones() {
    wm.stubFor(
        post(urlPathEqualTo("/crm/v3/objects/deals/search")).willReturn(body("deals-page1.json")));
    wm.stubFor(
        post(urlPathEqualTo("/crm/v4/associations/deals/companies/batch/read"))
            .withRequestBody(equalToJson("{\"inputs\":[{\"id\":\"3001\"},{\"id\":\"3003\"}]}"))
            .willReturn(body("deal-companies.json")));
    HubSpotSettings settings = settings().withDeals(Set.of("closedwon"), "hs_arr", "renewal_date");

    Reads read = readAll(connector(settings).stream("hubspot.deals"), StreamState.INITIAL);

    assertThat(read.records())
        .containsExactly(
            new Subscription(
                ref("3001"),
                ref("5001"),
                Subscription.Status.ACTIVE,
                LocalDate.of(2024, 3, 1),
                null,
                null,
                LocalDate.of(2025, 3, 1),
                new BigDecimal("12000"),
                false,
                Instant.parse("2024-05-01T10:00:00Z")),
            new Tombstone(ref("3002"), Entity.SUBSCRIPTION, Instant.parse("2024-05-01T11:00:00Z")));
    assertThat(read.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.sourceId()).isEqualTo("3003");
              assertThat(r.reason()).contains("associations").contains("company");
            });
  }

  @Test
  void archivedCompaniesArriveAsTombstonesOnlyOnce() {
    wm.stubFor(
        get(urlPathEqualTo("/crm/v3/objects/companies"))
            .withQueryParam("archived", equalTo("true"))
            .withQueryParam("after", absent())
            .willReturn(body("archived-companies-page1.json")));
    wm.stubFor(
        get(urlPathEqualTo("/crm/v3/objects/companies"))
            .withQueryParam("archived", equalTo("true"))
            .withQueryParam("after", equalTo("4001"))
            .willReturn(body("archived-companies-page2.json")));
    SourceStream stream = connector().stream("hubspot.archived_companies");

    Reads first = readAll(stream, StreamState.INITIAL);
    Reads second = readAll(stream, first.state());

    Tombstone t1 =
        new Tombstone(ref("4001"), Entity.ACCOUNT, Instant.parse("2024-04-20T09:00:00Z"));
    Tombstone t2 =
        new Tombstone(ref("4002"), Entity.ACCOUNT, Instant.parse("2024-05-01T09:00:00Z"));
    assertThat(first.records()).containsExactly(t1, t2);
    assertThat(first.state().offsets()).isEqualTo(Map.of("archivedSince", "2024-05-01T09:00:00Z"));
    assertThat(second.records()).containsExactly(t2);
  }

  // ---- faults ------------------------------------------------------------------------------

  @Test
  void aMalformedPageFailsWithItsContext() {
    wm.stubFor(search(COMPANIES, "0", null).willReturn(body("malformed-page.json")));

    assertThatThrownBy(() -> connector().stream("hubspot.companies").read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("hubspot.companies search page 1 from the start")
        .hasMessageContaining("'results' is not an array");
  }

  @Test
  void settingsNeverPrintTheTokenAndNameTheBadKey() {
    assertThat(settings().toString()).doesNotContain(TOKEN).contains("accessToken=****");
    assertThatThrownBy(() -> settings().withPaging(201, 10_000))
        .hasMessageContaining("hubspot.pageSize");
    assertThatThrownBy(() -> settings().withPaging(100, 10_001))
        .hasMessageContaining("hubspot.searchCap");
    assertThatThrownBy(() -> settings().withDeals(Set.of(), "hs_arr", null))
        .hasMessageContaining("hubspot.wonStages");
  }

  // ---- helpers -----------------------------------------------------------------------------

  void stubFullRead() {
    wm.stubFor(search(COMPANIES, "0", null).willReturn(body("companies-page1.json")));
    wm.stubFor(search(COMPANIES, "0", "2").willReturn(body("companies-page2.json")));
    wm.stubFor(search(COMPANIES, C4_MS, null).willReturn(body("companies-since-c4.json")));
  }

  MappingBuilder search(String path, String sinceMillis, String after) {
    return post(urlPathEqualTo(path))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withRequestBody(
            matchingJsonPath("$.filterGroups[0].filters[0].value", equalTo(sinceMillis)))
        .withRequestBody(
            after == null
                ? notContaining("\"after\"")
                : matchingJsonPath("$.after", equalTo(after)));
  }

  @Override
  public FirstPage firstPage() {
    return new FirstPage(
        wm,
        sleeper::waits,
        () -> post(urlPathEqualTo(COMPANIES)),
        body("companies-page1.json"),
        () -> connector().stream("hubspot.companies").read(StreamState.INITIAL),
        List.of(C1, C2),
        true);
  }

  HubSpotSettings settings() {
    return HubSpotSettings.of(URI.create(wm.baseUrl()), TOKEN).withPaging(2, 4);
  }

  HubSpotConnector connector() {
    return connector(settings());
  }

  HubSpotConnector connector(HubSpotSettings settings) {
    return new HubSpotConnector(settings, new HttpTransport("hubspot", settings.http(), sleeper));
  }

  static ResponseDefinitionBuilder body(String fixture) {
    return SourceReads.json(SourceReads.fixture("hubspot", fixture));
  }

  static ResponseDefinitionBuilder error(int status, String fixture) {
    return body(fixture).withStatus(status);
  }

  static SourceRef ref(String id) {
    return SourceRef.of("hubspot", id);
  }

  static Account company(
      String id, String name, String domain, String sfId, String owner, String updated) {
    return new Account(
        ref(id), name, domain, sfId, null, null, null, null, null, owner, Instant.parse(updated));
  }
}
