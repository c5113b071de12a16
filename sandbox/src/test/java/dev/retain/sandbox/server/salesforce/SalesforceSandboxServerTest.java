package dev.retain.sandbox.server.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.salesforce.SalesforceConnector;
import dev.retain.connectors.salesforce.SalesforceSettings;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.SourceRef;
import dev.retain.model.Subscription;
import dev.retain.sandbox.SandboxView;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Round trip: a hand-built view, served like Salesforce, read back by the real connector. */
class SalesforceSandboxServerTest {
  static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

  final AtomicReference<SandboxView> view = new AtomicReference<>();
  final List<Duration> slept = new ArrayList<>();
  SalesforceSandboxServer server;

  static final List<Account> ACCOUNTS =
      IntStream.range(0, 450)
          .mapToObj(
              i ->
                  new Account(
                      sf(String.format("001SB%010d", i)),
                      "Company " + i,
                      i % 4 == 0 ? null : "company" + i + ".example",
                      i % 5 == 0 ? null : "ws-" + i,
                      i % 7 == 0 ? null : new BigDecimal(i * 100 + ".50"),
                      i % 2 == 0 ? "USD" : "EUR",
                      i % 3 == 0 ? "Enterprise" : "Growth",
                      i % 6 == 0 ? null : i + 1,
                      i % 8 == 0 ? null : LocalDate.parse("2025-01-01").plusDays(i),
                      i % 9 == 0 ? null : "Owner " + (i % 4),
                      // three accounts per second, some with milliseconds
                      T0.plusSeconds(i / 3).plusMillis(i % 3 == 2 ? 250 : 0)))
          .toList();

  static final List<Contact> CONTACTS =
      List.of(
          new Contact(
              sf("003SB0000000001"),
              sf("001SB0000000001"),
              "Ada Lovelace",
              "ada@company1.example",
              "+44 20 7946 0000",
              null,
              T0.plusSeconds(5)),
          new Contact(sf("003SB0000000002"), null, "Plato", null, null, null, T0.plusSeconds(6)));

  static final List<Subscription> SUBSCRIPTIONS =
      List.of(
          new Subscription(
              sf("a01SB0000000001"),
              sf("001SB0000000001"),
              Subscription.Status.ACTIVE,
              LocalDate.parse("2023-01-01"),
              LocalDate.parse("2024-01-01"),
              null,
              LocalDate.parse("2025-01-01"),
              new BigDecimal("12000.00"),
              false,
              T0.plusSeconds(10)),
          new Subscription(
              sf("a01SB0000000002"),
              sf("001SB0000000002"),
              Subscription.Status.CANCELED,
              LocalDate.parse("2022-03-01"),
              null,
              LocalDate.parse("2024-03-01"),
              null,
              null,
              true,
              T0.plusSeconds(11)),
          new Subscription(
              sf("a01SB0000000003"),
              sf("001SB0000000003"),
              Subscription.Status.PAST_DUE,
              LocalDate.parse("2023-06-15"),
              null,
              null,
              LocalDate.parse("2024-06-15"),
              new BigDecimal("900"),
              true,
              T0.plusSeconds(12)));

  @BeforeEach
  void start() {
    view.set(
        new TinyView(
            T0.plusSeconds(1000), ACCOUNTS, CONTACTS, SUBSCRIPTIONS, List.of(), List.of()));
    server = new SalesforceSandboxServer(view::get);
    server.start(0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyStreamReadsBackTheViewsRecords() {
    server.rateLimitEvery(4, 1);
    SalesforceConnector connector = connector();

    assertThat(connector.check().ok()).isTrue();
    assertThat(readAll(connector.stream("salesforce.accounts"), StreamState.INITIAL).records())
        .containsExactlyElementsOf(ACCOUNTS);
    assertThat(readAll(connector.stream("salesforce.contacts"), StreamState.INITIAL).records())
        .containsExactlyElementsOf(CONTACTS);
    assertThat(readAll(connector.stream("salesforce.subscriptions"), StreamState.INITIAL).records())
        .containsExactlyElementsOf(SUBSCRIPTIONS);
    assertThat(slept).isNotEmpty().allMatch(d -> d.equals(Duration.ofSeconds(1)));
  }

  @Test
  void theSecondReadReturnsOnlyWhatChangedAfterTheFirst() {
    SourceStream accounts = connector().stream("salesforce.accounts");
    Reads first = readAll(accounts, StreamState.INITIAL);
    assertThat(first.pages()).isEqualTo(3);

    Instant later = T0.plusSeconds(2000);
    List<Account> changed =
        List.of(
            rename(ACCOUNTS.get(7), "Company 7 renamed", later),
            rename(ACCOUNTS.get(300), "Company 300 renamed", later),
            new Account(
                sf("001SB9999999999"),
                "Newco",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                later.plusSeconds(1)));
    List<Account> all = new ArrayList<>(ACCOUNTS);
    all.set(7, changed.get(0));
    all.set(300, changed.get(1));
    all.add(changed.get(2));
    view.set(
        new TinyView(later.plusSeconds(60), all, CONTACTS, SUBSCRIPTIONS, List.of(), List.of()));

    Reads second = readAll(accounts, first.state());

    assertThat(second.records()).containsExactlyElementsOf(changed);
    assertThat(readAll(accounts, second.state()).records()).isEmpty();
  }

  @Test
  void aStateInTheFutureReturnsNothing() {
    StreamState future =
        StreamState.INITIAL.with("systemModstamp", "2100-01-01T00:00:00Z").with("lastId", "x");

    assertThat(readAll(connector().stream("salesforce.accounts"), future).records()).isEmpty();
  }

  @Test
  void expiredSessionsAndQueryLocatorsLoseAndRepeatNothing() {
    SourceStream accounts = connector().stream("salesforce.accounts");
    Page first = accounts.read(StreamState.INITIAL);
    assertThat(first.next().get("nextRecordsUrl")).isPresent();

    server.expireSessions();
    server.expireQueryLocators();
    Reads rest = readAll(accounts, first.next());

    List<CanonicalRecord> all = new ArrayList<>(first.records());
    all.addAll(rest.records());
    assertThat(all).containsExactlyElementsOf(ACCOUNTS);
  }

  @Test
  void checkSaysWhenTheSecretIsWrong() {
    SalesforceSettings wrong = settings().withClientSecret("not-the-secret");

    CheckResult result = new SalesforceConnector(wrong, transport(wrong)).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected").contains("invalid_client");
  }

  @Test
  void queriesOutsideTheSubsetFailLikeSalesforce() throws Exception {
    assertThat(get("SELECT Id FROM Account WHERE Name = 'x' ORDER BY SystemModstamp, Id"))
        .startsWith("400 ")
        .contains("\"errorCode\":\"MALFORMED_QUERY\"");
    assertThat(get("SELECT Id FROM Account")).startsWith("400 ").contains("MALFORMED_QUERY");
    assertThat(get("SELECT Id FROM Opportunity ORDER BY SystemModstamp, Id"))
        .startsWith("400 ")
        .contains("INVALID_TYPE");
    assertThat(get("SELECT Id, Industry FROM Account ORDER BY SystemModstamp, Id"))
        .startsWith("400 ")
        .contains("INVALID_FIELD")
        .contains("No such column 'Industry'");
    assertThat(
            get(
                "SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp >= 2024-05-01T00:02:29Z"
                    + " ORDER BY SystemModstamp ASC, Id ASC LIMIT 2"))
        .startsWith("200 ")
        .contains("\"totalSize\":2")
        .contains("001SB0000000447", "001SB0000000448")
        .doesNotContain("001SB0000000449");
    assertThat(
            get(
                "SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp > 2024-05-01T00:02:29Z"
                    + " ORDER BY SystemModstamp, Id"))
        .isEqualTo(
            "200 {\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"Account\","
                + "\"url\":\"/services/data/v62.0/sobjects/Account/001SB0000000449\"},"
                + "\"Id\":\"001SB0000000449\",\"SystemModstamp\":\"2024-05-01T00:02:29.250+0000\"}]}");
  }

  @Test
  void dataRequiresABearerToken() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/services/data/v62.0/query?q=x"))
                    .header("Authorization", "Bearer forged")
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body())
        .isEqualTo(
            "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
  }

  // ---- helpers -----------------------------------------------------------------------------

  String get(String soql) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(SalesforceSandboxServer.DEFAULT_CLIENT_ID, StandardCharsets.UTF_8)
            + "&client_secret="
            + SalesforceSandboxServer.DEFAULT_CLIENT_SECRET;
    String tokenBody =
        http.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/services/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String token = tokenBody.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.baseUrl()
                            + "/services/data/v62.0/query?q="
                            + URLEncoder.encode(soql, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  record Reads(List<CanonicalRecord> records, StreamState state, int pages) {}

  static Reads readAll(SourceStream stream, StreamState from) {
    List<CanonicalRecord> records = new ArrayList<>();
    StreamState state = from;
    for (int pages = 1; pages <= 100; pages++) {
      Page page = stream.read(state);
      assertThat(page.rejected()).isEmpty();
      records.addAll(page.records());
      state = page.next();
      if (!page.hasMore()) {
        return new Reads(records, state, pages);
      }
    }
    throw new AssertionError(stream.name() + " did not end after 100 pages");
  }

  SalesforceSettings settings() {
    return SalesforceSettings.of(
            URI.create(server.baseUrl()),
            SalesforceSandboxServer.DEFAULT_CLIENT_ID,
            SalesforceSandboxServer.DEFAULT_CLIENT_SECRET)
        .withBatchSize(200);
  }

  HttpTransport transport(SalesforceSettings settings) {
    return new HttpTransport("salesforce", settings.http(), slept::add);
  }

  SalesforceConnector connector() {
    SalesforceSettings settings = settings();
    return new SalesforceConnector(settings, transport(settings));
  }

  static Account rename(Account a, String name, Instant at) {
    return new Account(
        a.ref(),
        name,
        a.domain(),
        a.externalId(),
        a.arr(),
        a.currency(),
        a.plan(),
        a.seats(),
        a.renewalDate(),
        a.owner(),
        at);
  }

  static SourceRef sf(String id) {
    return SourceRef.of("salesforce", id);
  }

  static {
    // the view's order is the server's order: SystemModstamp, then Id
    assertThat(ACCOUNTS)
        .isSortedAccordingTo(
            Comparator.comparing(Account::updatedAt).thenComparing(a -> a.ref().id()));
  }
}
