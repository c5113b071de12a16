package dev.retain.connectors.freshdesk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import dev.retain.model.SourceRef;
import dev.retain.model.Ticket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Acceptance suite for the Freshdesk connector against WireMock serving documented shapes. */
class FreshdeskConnectorTest implements TransportFaultContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String KEY = "fd_live_9bQx3k";
  static final String TICKETS = "/api/v2/tickets";
  static final String EPOCH = "1970-01-01T00:00:00Z";
  static final String T2_UPDATED = "2024-05-01T11:00:00Z";
  static final String T3_UPDATED = "2024-05-01T12:30:00Z";
  static final String T4_UPDATED = "2024-05-01T13:00:00Z";

  final SourceReads.RecordingSleeper sleeper = new SourceReads.RecordingSleeper();

  static final Ticket T1 =
      ticket(
          1,
          "Cannot log in",
          Ticket.Priority.HIGH,
          Ticket.Status.OPEN,
          5001,
          9001,
          "2024-05-01T09:00:00Z",
          null,
          "2024-05-01T10:00:00Z");
  static final Ticket T2 =
      ticket(
          2,
          "Invoice question",
          Ticket.Priority.NORMAL,
          Ticket.Status.SOLVED,
          5002,
          9002,
          "2024-05-01T09:30:00Z",
          "2024-05-01T11:00:00Z",
          T2_UPDATED);
  static final Ticket T3 =
      ticket(
          3,
          "Export is slow",
          Ticket.Priority.LOW,
          Ticket.Status.PENDING,
          5001,
          9001,
          "2024-05-01T12:00:00Z",
          null,
          T3_UPDATED);
  static final Ticket T3B =
      ticket(
          3,
          "Export is slow",
          Ticket.Priority.LOW,
          Ticket.Status.CLOSED,
          5001,
          9001,
          "2024-05-01T12:00:00Z",
          "2024-05-02T07:00:00Z",
          "2024-05-02T08:00:00Z");
  static final Ticket T5 =
      ticket(
          5,
          "Please cancel",
          Ticket.Priority.URGENT,
          Ticket.Status.OPEN,
          5002,
          9002,
          "2024-05-02T09:00:00Z",
          null,
          "2024-05-02T09:00:00Z");

  // ---- check -------------------------------------------------------------------------------

  @Test
  void checkReadsOneTicketWithTheKey() {
    wm.stubFor(
        get(urlPathEqualTo(TICKETS))
            .withHeader("Authorization", equalTo(basic(KEY)))
            .withQueryParam("per_page", equalTo("1"))
            .willReturn(body("tickets-page1.json")));

    CheckResult result = connector().check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains("ticket");
  }

  @Test
  void checkSaysTheKeyIsRejected() {
    wm.stubFor(
        get(urlPathEqualTo(TICKETS))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"code\":\"invalid_credentials\",\"message\":\"You have to be logged in"
                            + " to perform this action.\"}")));

    CheckResult result = connector(settings().withApiKey("wrong")).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected");
  }

  @Test
  void checkSaysAPermissionIsMissing() {
    wm.stubFor(
        get(urlPathEqualTo(TICKETS))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"code\":\"access_denied\",\"message\":\"You are not authorized to"
                            + " perform this action.\"}")));

    assertThat(connector().check().message())
        .startsWith("authenticated, but a scope or permission");
  }

  @Test
  void checkSaysHostIsNotReachable() {
    CheckResult result =
        connector(FreshdeskSettings.of(URI.create("http://127.0.0.1:" + unusedPort()), KEY))
            .check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("host not reachable");
  }

  @Test
  void checkSaysTheTlsHandshakeFailed() {
    // https to a port that speaks plain HTTP: the handshake fails
    CheckResult result =
        connector(FreshdeskSettings.of(URI.create("https://127.0.0.1:" + wm.getPort()), KEY))
            .check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("TLS handshake with");
  }

  // ---- tickets -----------------------------------------------------------------------------

  @Test
  void fullReadFollowsTheLinkHeaderAndRejectsABadRecord() {
    stubFullRead();

    Reads read = readAll(connector().tickets(), StreamState.INITIAL);

    assertThat(read.records()).containsExactly(T1, T2, T3);
    assertThat(read.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.sourceId()).isEqualTo("4");
              assertThat(r.reason()).contains("priority").contains("9");
              assertThat(r.stream()).isEqualTo("freshdesk.tickets");
            });
    assertThat(read.state().offsets()).isEqualTo(Map.of("updatedSince", T4_UPDATED));
    wm.verify(
        getRequestedFor(urlPathEqualTo(TICKETS))
            .withQueryParam("updated_since", equalTo(EPOCH))
            .withQueryParam("order_by", equalTo("updated_at"))
            .withQueryParam("order_type", equalTo("asc"))
            .withQueryParam("page", equalTo("2"))
            .withHeader("Authorization", equalTo(basic(KEY))));
  }

  @Test
  void thePageCapRestartsTheQueryFromTheLastUpdatedAt() {
    wm.stubFor(
        tickets(EPOCH, 1)
            .willReturn(body("tickets-page1.json").withHeader("Link", next(EPOCH, 2))));
    wm.stubFor(
        tickets(T2_UPDATED, 1)
            .willReturn(body("tickets-since-t2.json").withHeader("Link", next(T2_UPDATED, 2))));
    wm.stubFor(tickets(T3_UPDATED, 1).willReturn(body("tickets-since-t3.json")));

    Reads read = readAll(connector(settings().withPaging(2, 1)).tickets(), StreamState.INITIAL);

    assertThat(upserted(read.records())).containsExactly(T1, T2, T3);
    assertThat(read.pages()).isEqualTo(3);
    assertThat(read.state().offsets()).isEqualTo(Map.of("updatedSince", T4_UPDATED));
    wm.verify(0, getRequestedFor(urlPathEqualTo(TICKETS)).withQueryParam("page", equalTo("2")));
  }

  @Test
  void secondIncrementalReadReturnsOnlyTicketsAtOrAfterTheSavedState() {
    stubFullRead();
    SourceStream stream = connector().tickets();
    Reads first = readAll(stream, StreamState.INITIAL);
    wm.stubFor(tickets(T4_UPDATED, 1).willReturn(body("tickets-since-t4.json")));

    Reads second = readAll(stream, first.state());

    assertThat(second.records())
        .allSatisfy(r -> assertThat(r.updatedAt()).isAfterOrEqualTo(Instant.parse(T4_UPDATED)));
    assertThat(second.records()).containsExactly(T3B, T5);
    assertThat(second.state().offsets()).isEqualTo(Map.of("updatedSince", "2024-05-02T09:00:00Z"));
  }

  @Test
  void aLookbackStartsTheNextQueryEarlier() {
    wm.stubFor(tickets("2024-05-01T12:00:00Z", 1).willReturn(body("tickets-since-t3.json")));
    StreamState state = StreamState.INITIAL.with("updatedSince", T4_UPDATED);

    Page page = connector(settings().withLookback(Duration.ofHours(1))).tickets().read(state);

    assertThat(page.records()).containsExactly(T3);
    assertThat(page.next()).isEqualTo(state);
  }

  @Test
  void aStateInTheFutureReturnsNothing() {
    String future = "2100-01-01T00:00:00Z";
    wm.stubFor(tickets(future, 1).willReturn(body("empty.json")));
    StreamState state = StreamState.INITIAL.with("updatedSince", future);

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
    wm.stubFor(tickets(EPOCH, 1).willReturn(body("empty.json")));

    Page page = connector().tickets().read(StreamState.INITIAL);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(StreamState.INITIAL);
  }

  // ---- companies and contacts ----------------------------------------------------------------

  @Test
  void companiesAreListedInFullAndOnlyTheUpdatedOnesReturnedOnTheNextPass() {
    wm.stubFor(
        get(urlPathEqualTo("/api/v2/companies"))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                body("companies-page1.json")
                    .withHeader(
                        "Link",
                        "<"
                            + wm.baseUrl()
                            + "/api/v2/companies?per_page=2&page=2>; rel=\"next\"")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v2/companies"))
            .withQueryParam("page", equalTo("2"))
            .willReturn(body("companies-page2.json")));
    SourceStream stream = connector().companies();

    Reads first = readAll(stream, StreamState.INITIAL);
    Reads second =
        readAll(stream, StreamState.INITIAL.with("updatedSince", "2024-05-01T12:00:00Z"));

    Account acme =
        new Account(
            ref(9001),
            "Acme Corp",
            "acme.example",
            "001WM00000A1AAA",
            null,
            null,
            "Premium",
            null,
            LocalDate.of(2025, 3, 31),
            null,
            Instant.parse("2024-04-01T08:00:00Z"));
    Account globex =
        new Account(
            ref(9002),
            "Globex",
            "globex.example",
            null,
            null,
            null,
            "Basic",
            null,
            null,
            null,
            Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(first.records()).containsExactly(acme, globex);
    assertThat(first.rejected())
        .singleElement()
        .extracting(RejectedRecord::reason)
        .asString()
        .contains("name");
    assertThat(first.state().offsets()).isEqualTo(Map.of("updatedSince", "2024-05-02T12:00:00Z"));
    assertThat(second.records()).containsExactly(globex);
  }

  @Test
  void contactsAskForUpdatesSinceTheSavedState() {
    wm.stubFor(
        get(urlPathEqualTo("/api/v2/contacts"))
            .withQueryParam("_updated_since", absent())
            .willReturn(body("contacts-page1.json")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v2/contacts"))
            .withQueryParam("_updated_since", equalTo("2024-05-01T12:00:00Z"))
            .willReturn(body("contacts-since.json")));
    SourceStream stream = connector().contacts();

    Reads first = readAll(stream, StreamState.INITIAL);
    Reads second = readAll(stream, first.state());

    Contact wile =
        new Contact(
            ref(5001),
            ref(9001),
            "Wile E. Coyote",
            "wile@acme.example",
            "+1 555 0100",
            "003WM0000C1",
            Instant.parse("2024-04-02T08:00:00Z"));
    Contact hank =
        new Contact(
            ref(5002),
            ref(9002),
            "Hank Scorpio",
            "hank@globex.example",
            "+1 555 0199",
            null,
            Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(first.records()).containsExactly(wile, hank);
    assertThat(first.state().offsets()).isEqualTo(Map.of("updatedSince", "2024-05-01T12:00:00Z"));
    assertThat(second.records()).containsExactly(hank);
    assertThat(second.rejected())
        .singleElement()
        .extracting(RejectedRecord::reason)
        .asString()
        .contains("email");
  }

  // ---- faults ------------------------------------------------------------------------------

  @Test
  void aMalformedPageFailsWithItsContext() {
    wm.stubFor(tickets(EPOCH, 1).willReturn(body("malformed-page.json")));

    assertThatThrownBy(() -> connector().tickets().read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("freshdesk.tickets page 1 from the start")
        .hasMessageContaining("expected a JSON array");
  }

  @Test
  void settingsNeverPrintTheKeyAndNameTheBadKey() {
    assertThat(settings().toString()).doesNotContain(KEY).contains("apiKey=****");
    assertThatThrownBy(() -> settings().withPaging(101, 300))
        .hasMessageContaining("freshdesk.perPage");
    assertThatThrownBy(() -> settings().withPaging(100, 301))
        .hasMessageContaining("freshdesk.maxPagesPerQuery");
    assertThatThrownBy(() -> settings().withApiKey(" ")).hasMessageContaining("freshdesk.apiKey");
  }

  // ---- helpers -----------------------------------------------------------------------------

  void stubFullRead() {
    wm.stubFor(
        tickets(EPOCH, 1)
            .willReturn(body("tickets-page1.json").withHeader("Link", next(EPOCH, 2))));
    wm.stubFor(tickets(EPOCH, 2).willReturn(body("tickets-page2.json")));
  }

  MappingBuilder tickets(String since, int page) {
    return get(urlPathEqualTo(TICKETS))
        .withHeader("Authorization", equalTo(basic(KEY)))
        .withQueryParam("updated_since", equalTo(since))
        .withQueryParam("page", equalTo("" + page));
  }

  String next(String since, int page) {
    return "<"
        + wm.baseUrl()
        + TICKETS
        + "?updated_since="
        + since
        + "&order_by=updated_at&order_type=asc&per_page=2&page="
        + page
        + ">; rel=\"next\"";
  }

  @Override
  public FirstPage firstPage() {
    return new FirstPage(
        wm,
        sleeper::waits,
        () -> get(urlPathEqualTo(TICKETS)),
        body("tickets-page1.json"),
        () -> connector().tickets().read(StreamState.INITIAL),
        List.of(T1, T2),
        false); // served without a Link header: no next page
  }

  FreshdeskSettings settings() {
    return FreshdeskSettings.of(URI.create(wm.baseUrl()), KEY).withPaging(2, 300);
  }

  FreshdeskConnector connector() {
    return connector(settings());
  }

  FreshdeskConnector connector(FreshdeskSettings settings) {
    return new FreshdeskConnector(
        settings, new HttpTransport("freshdesk", settings.http(), sleeper));
  }

  static ResponseDefinitionBuilder body(String fixture) {
    return SourceReads.json(SourceReads.fixture("freshdesk", fixture));
  }

  static String basic(String key) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":X").getBytes(StandardCharsets.UTF_8));
  }

  static SourceRef ref(long id) {
    return SourceRef.of("freshdesk", Long.toString(id));
  }

  static Ticket ticket(
      long id,
      String subject,
      Ticket.Priority priority,
      Ticket.Status status,
      long requester,
      Integer company,
      String created,
      String solved,
      String updated) {
    return new Ticket(
        ref(id),
        company == null ? null : ref(company),
        ref(requester),
        subject,
        priority,
        status,
        Instant.parse(created),
        solved == null ? null : Instant.parse(solved),
        null,
        Instant.parse(updated));
  }
}
