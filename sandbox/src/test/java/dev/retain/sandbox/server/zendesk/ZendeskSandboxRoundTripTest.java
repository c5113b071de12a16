package dev.retain.sandbox.server.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retain.connectors.http.HttpSettings;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.http.RetryPolicy;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.connectors.zendesk.ZendeskConnector;
import dev.retain.connectors.zendesk.ZendeskSettings;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.SourceRef;
import dev.retain.model.Subscription;
import dev.retain.model.SurveyResponse;
import dev.retain.model.Ticket;
import dev.retain.model.UsageDaily;
import dev.retain.sandbox.SandboxView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A hand-built view, served by the sandbox Zendesk, read back by the real Zendesk connector. */
class ZendeskSandboxRoundTripTest {
  static final String EMAIL = "admin@sandbox.test";
  static final String TOKEN = "sandbox-token";
  static final Instant AS_OF = Instant.parse("2025-06-01T00:00:00Z");

  /** A tiny company, as Zendesk sees it. */
  record TestView(Instant asOf, List<Account> orgs, List<Contact> users, List<Ticket> tickets)
      implements SandboxView {
    @Override
    public List<Account> accounts(String system) {
      return system.equals(ZENDESK) ? orgs : List.of();
    }

    @Override
    public List<Contact> contacts(String system) {
      return system.equals(ZENDESK) ? users : List.of();
    }

    @Override
    public List<Subscription> subscriptions() {
      return List.of();
    }

    @Override
    public List<SurveyResponse> surveyResponses() {
      return List.of();
    }

    @Override
    public Stream<UsageDaily> usage(LocalDate day) {
      return Stream.empty();
    }

    @Override
    public LocalDate firstUsageDay() {
      return LocalDate.of(2025, 1, 1);
    }
  }

  static SourceRef z(String id) {
    return SourceRef.of("zendesk", id);
  }

  static Instant t(String iso) {
    return Instant.parse(iso);
  }

  static final Account GLOBEX =
      new Account(
          z("101"),
          "Globex",
          "globex.example",
          "001A",
          null,
          null,
          null,
          null,
          null,
          null,
          t("2025-01-01T10:00:00Z"));
  static final Account INITECH =
      new Account(
          z("102"),
          "Initech",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          t("2025-01-01T10:00:00Z"));
  static final Account UMBRELLA =
      new Account(
          z("103"),
          "Umbrella",
          "umbrella.example",
          "001C",
          null,
          null,
          null,
          null,
          null,
          null,
          t("2025-02-01T10:00:00Z"));
  static final Account FUTURE_ORG =
      new Account(
          z("104"),
          "Not yet",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          t("2025-07-01T00:00:00Z"));
  static final Contact HANK =
      new Contact(
          z("201"),
          z("101"),
          "Hank",
          "hank@globex.example",
          "+15550001",
          "003H",
          t("2025-01-02T00:00:00Z"));
  static final Contact PETER =
      new Contact(
          z("202"),
          z("102"),
          "Peter",
          "peter@initech.example",
          null,
          null,
          t("2025-01-03T00:00:00Z"));
  static final Contact LOOSE =
      new Contact(
          z("203"), null, "Loose", "loose@example.org", null, null, t("2025-01-04T00:00:00Z"));
  static final Ticket SOLVED =
      new Ticket(
          z("301"),
          z("101"),
          z("201"),
          "Export fails",
          Ticket.Priority.URGENT,
          Ticket.Status.SOLVED,
          t("2025-03-01T09:00:00Z"),
          t("2025-03-02T09:00:00Z"),
          Ticket.Satisfaction.BAD,
          t("2025-03-02T09:05:00Z"));
  static final Ticket OPEN =
      new Ticket(
          z("302"),
          z("102"),
          z("202"),
          "Add seats",
          Ticket.Priority.LOW,
          Ticket.Status.OPEN,
          t("2025-03-03T09:00:00Z"),
          null,
          Ticket.Satisfaction.UNOFFERED,
          t("2025-03-03T09:00:00Z"));
  static final Ticket PENDING =
      new Ticket(
          z("303"),
          z("101"),
          z("201"),
          "Invoice copy",
          Ticket.Priority.NORMAL,
          Ticket.Status.PENDING,
          t("2025-03-04T09:00:00Z"),
          null,
          Ticket.Satisfaction.OFFERED,
          t("2025-03-04T10:00:00Z"));

  final AtomicReference<SandboxView> view =
      new AtomicReference<>(
          new TestView(
              AS_OF,
              List.of(FUTURE_ORG, UMBRELLA, INITECH, GLOBEX),
              List.of(LOOSE, HANK, PETER),
              List.of(PENDING, SOLVED, OPEN)));
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  ZendeskSandboxServer server;
  ZendeskConnector connector;

  @BeforeEach
  void start() {
    server = new ZendeskSandboxServer(view::get, EMAIL, TOKEN).start(0);
    connector = connector(TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  ZendeskConnector connector(String token) {
    HttpSettings http =
        new HttpSettings(
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            2,
            new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5)));
    ZendeskSettings settings =
        ZendeskSettings.apiToken(URI.create(server.baseUrl()), EMAIL, token)
            .withPageSize(2)
            .withHttp(http);
    return new ZendeskConnector(
        settings,
        new HttpTransport("zendesk", http, sleeps::add),
        Clock.fixed(Instant.parse("2025-06-02T00:00:00Z"), ZoneOffset.UTC));
  }

  static List<CanonicalRecord> readToEnd(SourceStream stream, StreamState[] state) {
    List<CanonicalRecord> records = new ArrayList<>();
    Page page;
    int pages = 0;
    do {
      page = stream.read(state[0]);
      assertThat(page.rejected()).isEmpty();
      records.addAll(page.records());
      state[0] = page.next();
    } while (page.hasMore() && ++pages < 50);
    return records;
  }

  @Test
  void aFullReadGivesBackTheSameCanonicalRecords() {
    StreamState[] orgs = {StreamState.INITIAL};
    StreamState[] users = {StreamState.INITIAL};
    StreamState[] tickets = {StreamState.INITIAL};

    // The time-based export restarts at end_time inclusive, so it re-sends the items at a page
    // boundary (documented; the idempotent upsert absorbs them). Nothing else may differ.
    List<CanonicalRecord> organizations = readToEnd(connector.organizations(), orgs);
    assertThat(organizations.stream().distinct()).containsExactly(GLOBEX, INITECH, UMBRELLA);
    assertThat(organizations).containsOnly(GLOBEX, INITECH, UMBRELLA);
    assertThat(readToEnd(connector.users(), users)).containsExactly(HANK, PETER, LOOSE);
    assertThat(readToEnd(connector.tickets(), tickets)).containsExactly(SOLVED, OPEN, PENDING);
  }

  @Test
  void anIncrementalReadGivesOnlyWhatChanged() {
    StreamState[] tickets = {StreamState.INITIAL};
    StreamState[] orgs = {StreamState.INITIAL};
    readToEnd(connector.tickets(), tickets);
    readToEnd(connector.organizations(), orgs);
    Ticket reopened =
        new Ticket(
            z("301"),
            z("101"),
            z("201"),
            "Export fails",
            Ticket.Priority.HIGH,
            Ticket.Status.OPEN,
            t("2025-03-01T09:00:00Z"),
            null,
            Ticket.Satisfaction.BAD,
            t("2025-06-05T08:00:00Z"));
    view.set(
        new TestView(
            Instant.parse("2025-06-10T00:00:00Z"),
            List.of(FUTURE_ORG, UMBRELLA, INITECH, GLOBEX),
            List.of(LOOSE, HANK, PETER),
            List.of(PENDING, reopened, OPEN)));

    assertThat(readToEnd(connector.tickets(), tickets)).containsExactly(reopened);
    // the time-based export re-sends the items at its end_time, which the upsert absorbs
    assertThat(readToEnd(connector.organizations(), orgs)).containsExactly(UMBRELLA);
    assertThat(readToEnd(connector.tickets(), tickets)).isEmpty();
  }

  @Test
  void theRateLimitIsHonoured() {
    server.rateLimitEvery(2, 1);
    StreamState[] tickets = {StreamState.INITIAL};

    assertThat(readToEnd(connector.tickets(), tickets)).containsExactly(SOLVED, OPEN, PENDING);
    assertThat(sleeps).isNotEmpty().allMatch(d -> d.equals(Duration.ofSeconds(1)));
  }

  @Test
  void checkPassesWithTheRightTokenAndFailsWithAWrongOne() {
    assertThat(connector.check().ok()).isTrue();
    var failed = connector("wrong").check();
    assertThat(failed.ok()).isFalse();
    assertThat(failed.message()).startsWith("credentials rejected");
  }

  @Test
  void theServerAnswersLikeZendeskToAMissingStartTimeAndBadCredentials() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((EMAIL + "/token:" + TOKEN).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> missing =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/api/v2/incremental/tickets/cursor.json"))
                .header("Authorization", auth)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unauthenticated =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v2/users/me.json")).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> page =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.baseUrl()
                            + "/api/v2/incremental/organizations.json?start_time=0&per_page=1"))
                .header("Authorization", auth)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    ObjectMapper json = new ObjectMapper();
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json.readTree(missing.body()).path("error").asText()).isEqualTo("InvalidValue");
    assertThat(unauthenticated.statusCode()).isEqualTo(401);
    assertThat(json.readTree(unauthenticated.body()).path("error").asText())
        .isEqualTo("Couldn't authenticate you");
    JsonNode body = json.readTree(page.body());
    // Globex and Initech share a timestamp, so both come although per_page is 1
    assertThat(body.path("organizations")).hasSize(2);
    assertThat(body.path("organizations").get(0).path("id").isIntegralNumber()).isTrue();
    assertThat(body.path("organizations").get(0).path("updated_at").asText())
        .isEqualTo("2025-01-01T10:00:00Z");
    assertThat(body.path("end_time").asLong())
        .isEqualTo(t("2025-01-01T10:00:00Z").getEpochSecond());
    assertThat(body.path("end_of_stream").asBoolean()).isFalse();
    assertThat(body.path("count").asInt()).isEqualTo(2);
  }
}
