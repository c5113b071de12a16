package dev.retain.connectors.servicenow;

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
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.model.Ticket;
import dev.retain.model.Tombstone;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Acceptance suite for the ServiceNow Table API source against WireMock. */
class ServiceNowConnectorTest implements TransportFaultContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String PATH = "/api/now/table/incident";
  static final String AUDIT = "/api/now/table/sys_audit_delete";
  static final String USER = "retain.integration";
  static final String PASSWORD = "sn-Pa55-w0rd";
  static final String ORDER = "ORDERBYsys_updated_on^ORDERBYsys_id";
  static final String ACME = "31bea3d53790200044e0bfc8bcbe5dec";
  static final String GLOBEX = "a66b1fb03710200044e0bfc8bcbe5d08";
  static final String WILE = "5137153cc611227c000bbd1bd8cd2007";
  static final String HANK = "681ccaf9c0a8016400b98a06818d57c7";

  final SourceReads.RecordingSleeper sleeper = new SourceReads.RecordingSleeper();

  static final Ticket R1 =
      ticket(
          "9d385017c611228701d22104cc95c371",
          ACME,
          WILE,
          "Cannot log in",
          Ticket.Priority.HIGH,
          Ticket.Status.OPEN,
          "2024-05-01T09:00:00Z",
          null,
          "2024-05-01T10:00:00Z");
  static final Ticket R2 =
      ticket(
          "e8caedcbc0a80164017df472f39eaed1",
          GLOBEX,
          HANK,
          "Invoice question",
          Ticket.Priority.NORMAL,
          Ticket.Status.SOLVED,
          "2024-05-01T09:30:00Z",
          "2024-05-01T11:00:00Z",
          "2024-05-01T11:00:00Z");
  static final Ticket R3 =
      ticket(
          "f12ca184735123002728660c4cf6a7ef",
          ACME,
          WILE,
          "Export is slow",
          Ticket.Priority.LOW,
          Ticket.Status.HOLD,
          "2024-05-01T10:30:00Z",
          null,
          "2024-05-01T11:00:00Z");
  static final Ticket R3B =
      ticket(
          "f12ca184735123002728660c4cf6a7ef",
          ACME,
          WILE,
          "Export is slow",
          Ticket.Priority.LOW,
          Ticket.Status.CLOSED,
          "2024-05-01T10:30:00Z",
          "2024-05-02T07:00:00Z",
          "2024-05-02T08:00:00Z");
  static final Ticket R5 =
      ticket(
          "1c741bd70b2322007518478d83673af3",
          GLOBEX,
          HANK,
          "Please cancel",
          Ticket.Priority.URGENT,
          Ticket.Status.NEW,
          "2024-05-02T09:00:00Z",
          null,
          "2024-05-02T09:00:00Z");

  @Test
  void checkReadsOneRecordWithBasicAuth() {
    wm.stubFor(
        get(urlPathEqualTo(PATH))
            .withHeader("Authorization", equalTo(basic(PASSWORD)))
            .withQueryParam("sysparm_limit", equalTo("1"))
            .willReturn(body("incidents-page1.json")));

    CheckResult result = connector().check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains("incident");
  }

  @Test
  void checkWorksWithAnOAuthBearerToken() {
    wm.stubFor(
        get(urlPathEqualTo(PATH))
            .withHeader("Authorization", equalTo("Bearer sn-oauth-access-token"))
            .willReturn(body("incidents-page1.json")));
    ServiceNowSettings bearer =
        ServiceNowSettings.bearer(URI.create(wm.baseUrl()), "sn-oauth-access-token");

    assertThat(connector(bearer).check().ok()).isTrue();
    assertThat(bearer.toString()).doesNotContain("sn-oauth-access-token");
  }

  @Test
  void checkSaysCredentialsAreRejected() {
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(error(401, "error-401.json")));

    CheckResult result = connector(settings().withPassword("wrong")).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected").contains(USER);
  }

  @Test
  void checkSaysTheAuditTableNeedsAPermission() {
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(body("incidents-page1.json")));
    wm.stubFor(get(urlPathEqualTo(AUDIT)).willReturn(error(403, "error-403.json")));

    CheckResult result = connector(settings().withReadDeletes(true)).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message())
        .startsWith("authenticated, but a scope or permission is missing")
        .contains("sys_audit_delete");
  }

  @Test
  void checkSaysHostIsNotReachable() {
    CheckResult result =
        connector(
                ServiceNowSettings.basic(
                    URI.create("http://127.0.0.1:" + unusedPort()), USER, PASSWORD))
            .check();

    assertThat(result.message()).startsWith("host not reachable");
  }

  @Test
  void fullReadPagesByTimeAndOffsetAndRejectsAnUnknownState() {
    stubFullRead();

    Reads read = readAll(connector().tickets(), StreamState.INITIAL);

    assertThat(read.records()).containsExactly(R1, R2, R3);
    assertThat(read.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.sourceId()).isEqualTo("46f09e75a9fe198100f4ffd8d366d17b");
              assertThat(r.reason()).contains("field 'state'").contains("99");
            });
    assertThat(read.state().offsets())
        .isEqualTo(Map.of("updatedSince", "2024-05-01T12:00:00Z", "offset", "1"));
    wm.verify(
        getRequestedFor(urlPathEqualTo(PATH))
            .withQueryParam("sysparm_exclude_reference_link", equalTo("true"))
            .withQueryParam("sysparm_limit", equalTo("2"))
            .withHeader("Authorization", equalTo(basic(PASSWORD))));
  }

  @Test
  void secondIncrementalReadReturnsOnlyRecordsAtOrAfterTheSavedState() {
    stubFullRead();
    SourceStream stream = connector().tickets();
    Reads first = readAll(stream, StreamState.INITIAL);
    wm.stubFor(page("2024-05-01 12:00:00", 1).willReturn(body("incidents-since-r4.json")));
    wm.stubFor(page("2024-05-02 09:00:00", 1).willReturn(body("empty.json")));

    Reads second = readAll(stream, first.state());

    assertThat(second.records())
        .allSatisfy(
            r -> assertThat(r.updatedAt()).isAfterOrEqualTo(Instant.parse("2024-05-01T12:00:00Z")));
    assertThat(second.records()).containsExactly(R3B, R5);
    assertThat(second.state().offsets())
        .isEqualTo(Map.of("updatedSince", "2024-05-02T09:00:00Z", "offset", "1"));
  }

  @Test
  void aLookbackStartsTheNextRunEarlierWithoutAnOffset() {
    wm.stubFor(page("2024-05-01 11:00:00", 0).willReturn(body("incidents-page2.json")));
    wm.stubFor(page("2024-05-01 12:00:00", 1).willReturn(body("empty.json")));
    SourceStream stream = connector(settings().withLookback(Duration.ofHours(1))).tickets();

    Reads read = readAll(stream, StreamState.INITIAL.with("updatedSince", "2024-05-01T12:00:00Z"));

    assertThat(read.records()).containsExactly(R3);
    assertThat(read.state().offsets()).isEqualTo(Map.of("updatedSince", "2024-05-01T12:00:00Z"));
  }

  @Test
  void aStateInTheFutureReturnsNothing() {
    wm.stubFor(page("2100-01-01 00:00:00", 0).willReturn(body("empty.json")));
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
    wm.stubFor(page(null, 0).willReturn(body("empty.json")));

    Page page = connector().tickets().read(StreamState.INITIAL);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(StreamState.INITIAL);
  }

  @Test
  void deletesArriveAsTombstonesFromTheAuditTable() {
    wm.stubFor(
        get(urlPathEqualTo(AUDIT))
            .withQueryParam(
                "sysparm_query", equalTo("tablename=incident^ORDERBYsys_created_on^ORDERBYsys_id"))
            .willReturn(body("deletes.json")));

    Reads read =
        readAll(connector(settings().withReadDeletes(true)).deletes(), StreamState.INITIAL);

    assertThat(read.records())
        .containsExactly(
            new Tombstone(
                ref("e8caedcbc0a80164017df472f39eaed1"),
                Entity.TICKET,
                Instant.parse("2024-05-02T10:00:00Z")));
    assertThat(read.state().offsets())
        .isEqualTo(Map.of("updatedSince", "2024-05-02T10:00:00Z", "offset", "1"));
  }

  @Test
  void withoutReadDeletesThereIsNoDeletesStream() {
    assertThat(connector().streams())
        .extracting(SourceStream::name)
        .containsExactly("servicenow.tickets");
    assertThatThrownBy(() -> connector().deletes()).hasMessageContaining("readDeletes");
  }

  @Test
  void aMalformedPageFailsWithItsContext() {
    wm.stubFor(page(null, 0).willReturn(body("malformed-page.json")));

    assertThatThrownBy(() -> connector().tickets().read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("servicenow.tickets (incident) offset 0 from the start")
        .hasMessageContaining("'result' is not an array");
  }

  @Test
  void settingsNeverPrintSecretsAndNameTheBadKey() {
    assertThat(settings().toString()).doesNotContain(PASSWORD).contains("password=****");
    assertThatThrownBy(() -> settings().withPageSize(0))
        .hasMessageContaining("servicenow.pageSize");
    assertThatThrownBy(
            () ->
                settings()
                    .withTable(
                        "incident; drop",
                        "company",
                        "caller_id",
                        ServiceNowSettings.INCIDENT_STATES))
        .hasMessageContaining("servicenow.table");
    assertThatThrownBy(() -> ServiceNowSettings.basic(URI.create(wm.baseUrl()), USER, null))
        .hasMessageContaining("servicenow.password");
  }

  // ---- helpers -----------------------------------------------------------------------------

  void stubFullRead() {
    wm.stubFor(page(null, 0).willReturn(body("incidents-page1.json")));
    wm.stubFor(page("2024-05-01 11:00:00", 1).willReturn(body("incidents-page2.json")));
    wm.stubFor(page("2024-05-01 12:00:00", 1).willReturn(body("empty.json")));
  }

  MappingBuilder page(String since, int offset) {
    return get(urlPathEqualTo(PATH))
        .withHeader("Authorization", equalTo(basic(PASSWORD)))
        .withQueryParam(
            "sysparm_query",
            equalTo(since == null ? ORDER : "sys_updated_on>=" + since + "^" + ORDER))
        .withQueryParam("sysparm_offset", equalTo("" + offset))
        .withQueryParam("sysparm_display_value", equalTo("false"))
        .withQueryParam("sysparm_fields", since == null ? equalTo(FIELDS) : equalTo(FIELDS))
        .withQueryParam("nonexistent", absent());
  }

  static final String FIELDS =
      "sys_id,number,short_description,state,priority,opened_at,resolved_at,closed_at,"
          + "sys_created_on,sys_updated_on,company,caller_id";

  @Override
  public FirstPage firstPage() {
    return new FirstPage(
        wm,
        sleeper::waits,
        () -> get(urlPathEqualTo(PATH)),
        body("incidents-page1.json"),
        () -> connector().tickets().read(StreamState.INITIAL),
        List.of(R1, R2),
        true);
  }

  ServiceNowSettings settings() {
    return ServiceNowSettings.basic(URI.create(wm.baseUrl()), USER, PASSWORD).withPageSize(2);
  }

  ServiceNowConnector connector() {
    return connector(settings());
  }

  ServiceNowConnector connector(ServiceNowSettings settings) {
    return new ServiceNowConnector(
        settings, new HttpTransport("servicenow", settings.http(), sleeper));
  }

  static ResponseDefinitionBuilder body(String fixture) {
    return SourceReads.json(SourceReads.fixture("servicenow", fixture));
  }

  static ResponseDefinitionBuilder error(int status, String fixture) {
    return body(fixture).withStatus(status);
  }

  static String basic(String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static SourceRef ref(String id) {
    return SourceRef.of("servicenow", id);
  }

  static Ticket ticket(
      String id,
      String account,
      String requester,
      String subject,
      Ticket.Priority priority,
      Ticket.Status status,
      String created,
      String solved,
      String updated) {
    return new Ticket(
        ref(id),
        ref(account),
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
