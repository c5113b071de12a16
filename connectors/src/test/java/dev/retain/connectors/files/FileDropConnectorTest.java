package dev.retain.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.model.Subscription;
import dev.retain.model.SurveyResponse;
import dev.retain.model.Ticket;
import dev.retain.model.UsageDaily;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file drop for every canonical entity, CSV and JSON Lines. */
class FileDropConnectorTest {
  @TempDir Path dir;

  static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");
  static final Account ACME =
      new Account(
          ref("A-1"),
          "Acme, Inc.",
          "acme.example",
          "001WM00000A1AAA",
          new BigDecimal("120000.00"),
          "USD",
          "enterprise",
          120,
          LocalDate.parse("2025-01-31"),
          "jane@vendor.example",
          T1);
  static final Account GLOBEX =
      new Account(
          ref("A-2"),
          "Globex",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          Instant.parse("2024-05-01T11:00:00Z"));
  static final Account INITECH =
      new Account(
          ref("A-4"),
          "Initech",
          "initech.example",
          null,
          new BigDecimal("5000"),
          "EUR",
          "team",
          5,
          null,
          null,
          Instant.parse("2024-05-02T09:00:00Z"));

  @BeforeEach
  void drop() throws IOException {
    write(
        "accounts-2024-05-01.csv",
        "id,name,domain,external_id,arr,currency,plan,seats,renewal_date,owner,updated_at\n"
            + "A-1,\"Acme, Inc.\",acme.example,001WM00000A1AAA,120000.00,USD,enterprise,120,"
            + "2025-01-31,jane@vendor.example,2024-05-01T10:00:00Z\n"
            + "A-2,Globex,,,,,,,,,2024-05-01T11:00:00Z\n"
            + "A-3,Umbrella,,,-5,,,,,,2024-05-01T12:00:00Z\n");
    write(
        "accounts-2024-05-02.jsonl",
        "{\"id\":\"A-4\",\"name\":\"Initech\",\"domain\":\"initech.example\",\"arr\":5000,"
            + "\"currency\":\"EUR\",\"plan\":\"team\",\"seats\":5,"
            + "\"updated_at\":\"2024-05-02T09:00:00Z\"}\n");
    write(
        "accounts-2024-05-03.csv.partial", "id,name,updated_at\nA-9,Later,2024-05-03T00:00:00Z\n");
  }

  @Test
  void accountsAreReadFromCsvAndJsonlInNameOrderWithRowsRejected() {
    Reads read = readAll(connector().stream(Entity.ACCOUNT), StreamState.INITIAL);

    assertThat(read.records()).containsExactly(ACME, GLOBEX, INITECH);
    assertThat(read.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stream()).isEqualTo("files.accounts");
              assertThat(r.sourceId()).isEqualTo("A-3");
              assertThat(r.reason())
                  .contains("accounts-2024-05-01.csv row 3 (line 4)")
                  .contains("arr");
              assertThat(r.payload()).contains("Umbrella");
            });
    assertThat(read.state().offsets()).isEqualTo(Map.of("lastFile", "accounts-2024-05-02.jsonl"));
  }

  @Test
  void aLargeFileIsReadInPagesThatResume() {
    Page first = connector().stream(Entity.ACCOUNT).read(StreamState.INITIAL);

    assertThat(first.records()).containsExactly(ACME, GLOBEX);
    assertThat(first.hasMore()).isTrue();
    assertThat(first.next().offsets())
        .isEqualTo(Map.of("file", "accounts-2024-05-01.csv", "row", "2"));
    Page second = connector().stream(Entity.ACCOUNT).read(first.next());
    assertThat(second.records()).isEmpty();
    assertThat(second.rejected()).hasSize(1);
    assertThat(second.next().offsets()).isEqualTo(Map.of("lastFile", "accounts-2024-05-01.csv"));
    assertThat(second.hasMore()).isTrue();
  }

  @Test
  void aSecondReadReturnsOnlyNewFilesAndAFutureStateNothing() throws IOException {
    Reads first = readAll(connector().stream(Entity.ACCOUNT), StreamState.INITIAL);
    write("accounts-2024-05-04.csv", "id,name,updated_at\nA-5,Hooli,2024-05-04T08:00:00Z\n");

    Reads second = readAll(connector().stream(Entity.ACCOUNT), first.state());

    assertThat(second.records()).extracting(r -> r.ref().id()).containsExactly("A-5");
    StreamState future = StreamState.INITIAL.with("lastFile", "accounts-2099-01-01.csv");
    Page none = connector().stream(Entity.ACCOUNT).read(future);
    assertThat(none.records()).isEmpty();
    assertThat(none.hasMore()).isFalse();
    assertThat(readAll(connector().stream(Entity.ACCOUNT), StreamState.INITIAL).records())
        .isEqualTo(readAll(connector().stream(Entity.ACCOUNT), StreamState.INITIAL).records());
  }

  @Test
  void everyEntityHasItsFiles() throws IOException {
    write(
        "contacts-1.jsonl",
        "{\"id\":\"C-1\",\"account_id\":\"A-1\",\"name\":\"Wile\",\"email\":\"wile@acme.example\","
            + "\"updated_at\":\"2024-05-01T10:00:00Z\"}\n"
            + "{\"id\":\"C-2\",\"email\":\"not-an-address\",\"updated_at\":\"2024-05-01T10:00:00Z\"}\n"
            + "{broken\n");
    write(
        "subscriptions-1.csv",
        "id,account_id,status,started,churned,arr,payment_failed,updated_at\n"
            + "S-1,A-1,active,2023-02-01,,120000,no,2024-05-01T10:00:00Z\n"
            + "S-2,A-2,canceled,2023-01-01,2024-04-30,0,false,2024-05-01T10:00:00Z\n");
    write(
        "tickets-1.csv",
        "id,account_id,requester_id,subject,priority,status,created_at,solved_at,updated_at\n"
            + "T-1,A-1,C-1,Outage,urgent,open,2024-05-01T08:00:00Z,,2024-05-01T09:00:00Z\n"
            + "T-2,A-1,C-1,Broken,bogus,open,2024-05-01T08:00:00Z,,2024-05-01T09:00:00Z\n");
    write(
        "survey_responses-1.csv",
        "id,respondent_email,account_external_id,score,comment,created_at,updated_at\n"
            + "R-1,wile@acme.example,001WM00000A1AAA,3,Slow,2024-05-01T08:00:00Z,"
            + "2024-05-01T08:00:00Z\n");
    write(
        "usage-2024-05-01.csv",
        "account_id,day,logins,core_events,secondary_events,active_seats,updated_at\n"
            + "A-1,2024-05-01,4,10,2,3,2024-05-02T00:00:00Z\n");
    FileDropConnector c = connector();

    Reads contacts = readAll(c.stream(Entity.CONTACT), StreamState.INITIAL);
    assertThat(contacts.records())
        .containsExactly(
            new Contact(ref("C-1"), ref("A-1"), "Wile", "wile@acme.example", null, null, T1));
    assertThat(contacts.rejected())
        .extracting(RejectedRecord::reason)
        .anySatisfy(r -> assertThat(r).contains("contacts-1.jsonl line 2").contains("email"))
        .anySatisfy(r -> assertThat(r).contains("contacts-1.jsonl line 3").contains("JSON"));
    assertThat(readAll(c.stream(Entity.SUBSCRIPTION), StreamState.INITIAL).records())
        .containsExactly(
            new Subscription(
                ref("S-1"),
                ref("A-1"),
                Subscription.Status.ACTIVE,
                LocalDate.parse("2023-02-01"),
                null,
                null,
                null,
                new BigDecimal("120000"),
                false,
                T1),
            new Subscription(
                ref("S-2"),
                ref("A-2"),
                Subscription.Status.CANCELED,
                LocalDate.parse("2023-01-01"),
                null,
                LocalDate.parse("2024-04-30"),
                null,
                BigDecimal.ZERO,
                false,
                T1));
    Reads tickets = readAll(c.stream(Entity.TICKET), StreamState.INITIAL);
    assertThat(tickets.records())
        .containsExactly(
            new Ticket(
                ref("T-1"),
                ref("A-1"),
                ref("C-1"),
                "Outage",
                Ticket.Priority.URGENT,
                Ticket.Status.OPEN,
                Instant.parse("2024-05-01T08:00:00Z"),
                null,
                null,
                Instant.parse("2024-05-01T09:00:00Z")));
    assertThat(tickets.rejected())
        .singleElement()
        .extracting(RejectedRecord::reason)
        .asString()
        .contains("row 2")
        .contains("column 'priority'")
        .contains("bogus");
    assertThat(readAll(c.stream(Entity.SURVEY_RESPONSE), StreamState.INITIAL).records())
        .containsExactly(
            new SurveyResponse(
                ref("R-1"),
                null,
                "wile@acme.example",
                "001WM00000A1AAA",
                3,
                "Slow",
                Instant.parse("2024-05-01T08:00:00Z"),
                Instant.parse("2024-05-01T08:00:00Z")));
    assertThat(readAll(c.stream(Entity.USAGE_DAILY), StreamState.INITIAL).records())
        .containsExactly(
            new UsageDaily(
                ref("A-1:2024-05-01"),
                ref("A-1"),
                LocalDate.parse("2024-05-01"),
                4,
                10,
                2,
                3,
                Instant.parse("2024-05-02T00:00:00Z")));
    CheckResult check = c.check();
    assertThat(check.ok()).isTrue();
    assertThat(check.message()).contains("2 accounts file(s)").contains("1 usage file(s)");
  }

  @Test
  void renamedColumnsAreMappedAndAMissingHeaderColumnFailsTheFile() throws IOException {
    Files.delete(dir.resolve("accounts-2024-05-02.jsonl"));
    Files.delete(dir.resolve("accounts-2024-05-01.csv"));
    write(
        "accounts-x.csv",
        "AccountNumber,AccountName,LastModified\nN-1,Nordic,2024-05-01T10:00:00Z\n");
    FileDropConnector mapped =
        new FileDropConnector(
            FileDropSettings.of(dir)
                .withColumns(
                    Entity.ACCOUNT,
                    Map.of(
                        "id",
                        "AccountNumber",
                        "name",
                        "AccountName",
                        "updated_at",
                        "LastModified")));

    assertThat(mapped.stream(Entity.ACCOUNT).read(StreamState.INITIAL).records())
        .extracting(r -> ((Account) r).name())
        .containsExactly("Nordic");
    assertThatThrownBy(() -> connector().stream(Entity.ACCOUNT).read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.MALFORMED_RESPONSE))
        .hasMessageContaining("accounts-x.csv")
        .hasMessageContaining("'id'");
  }

  @Test
  void aMissingDirectoryIsReportedInPlainWords() {
    CheckResult result = new FileDropConnector(FileDropSettings.of(dir.resolve("nope"))).check();
    assertThat(result.ok()).isFalse();
    assertThat(result.message()).contains("does not exist");
  }

  // ---- helpers

  FileDropConnector connector() {
    return new FileDropConnector(FileDropSettings.of(dir).withPageSize(2));
  }

  void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content);
  }

  static SourceRef ref(String id) {
    return SourceRef.of("files", id);
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
}
