package dev.retain.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic JDBC source against a real (embedded) PostgreSQL. */
class JdbcQuerySourceTest {
  static EmbeddedPostgres pg;

  static final String SQL =
      "select a.account_no, a.company, a.web, a.arr_usd, a.modified_at"
          + " from billing_accounts a where not a.deleted";
  static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2024-05-01T11:00:00Z");

  @BeforeAll
  static void startDatabase() throws IOException {
    pg = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    pg.close();
  }

  @BeforeEach
  void table() throws SQLException {
    exec(
        "drop table if exists billing_accounts",
        "create table billing_accounts (account_no bigint primary key, company text,"
            + " web text, arr_usd numeric(12,2), modified_at timestamptz not null,"
            + " deleted boolean not null default false)",
        "insert into billing_accounts values"
            + " (3, 'Acme', 'acme.example', 120000.00, '2024-05-01T10:00:00Z', false),"
            + " (1, 'Globex', null, null, '2024-05-01T10:00:00Z', false),"
            + " (2, null, 'nameless.example', 10, '2024-05-01T10:00:00Z', false),"
            + " (10, 'Initech', 'initech.example', 5000, '2024-05-01T11:00:00Z', false),"
            + " (11, 'Gone', null, null, '2024-05-01T11:00:00Z', true)");
  }

  static final Account GLOBEX = account(1, "Globex", null, null, T1);
  static final Account ACME = account(3, "Acme", "acme.example", "120000.00", T1);
  static final Account INITECH = account(10, "Initech", "initech.example", "5000.00", T2);

  @Test
  void checkRunsTheQueryAndNamesWhatIsWrong() {
    CheckResult ok = source(settings()).check();
    assertThat(ok.ok()).as(ok.message()).isTrue();

    CheckResult badUser =
        source(
                new JdbcQuerySettings(
                    "billing_accounts",
                    url(),
                    "nobody",
                    "x",
                    "billing",
                    SQL,
                    "modified_at",
                    "account_no",
                    Entity.ACCOUNT,
                    columns(),
                    100,
                    2))
            .check();
    assertThat(badUser.ok()).isFalse();
    assertThat(badUser.message()).startsWith("credentials rejected");

    CheckResult badColumn =
        source(
                new JdbcQuerySettings(
                    "billing_accounts",
                    url(),
                    "postgres",
                    "postgres",
                    "billing",
                    SQL,
                    "modified_at",
                    "account_no",
                    Entity.ACCOUNT,
                    Map.of("id", "account_no"),
                    100,
                    2))
            .check();
    assertThat(badColumn.ok()).isFalse();
    assertThat(badColumn.message()).contains("no column 'name'");
  }

  @Test
  void fullReadOrdersByTheIncrementalColumnThenTheIdAcrossPages() {
    Reads read = readAll(settings(), StreamState.INITIAL);

    assertThat(read.records()).containsExactly(GLOBEX, ACME, INITECH);
    assertThat(read.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.sourceId()).isEqualTo("2");
              assertThat(r.reason()).contains("account_no 2").contains("column 'company'");
            });
    assertThat(read.state().offsets())
        .isEqualTo(Map.of("lastValue", "2024-05-01T11:00Z", "lastId", "10"));
  }

  @Test
  void tiesAtAPageBoundaryAreNeitherLostNorRepeated() {
    Page first = source(settings()).read(StreamState.INITIAL);

    assertThat(first.records()).containsExactly(GLOBEX);
    assertThat(first.rejected()).hasSize(1);
    assertThat(first.next().offsets())
        .isEqualTo(Map.of("lastValue", "2024-05-01T10:00Z", "lastId", "2"));
    Page second = source(settings()).read(first.next());
    assertThat(second.records()).containsExactly(ACME, INITECH);
  }

  @Test
  void secondIncrementalReadReturnsOnlyChangedRows() throws SQLException {
    Reads first = readAll(settings(), StreamState.INITIAL);
    exec(
        "update billing_accounts set company = 'Acme Corp', modified_at = '2024-05-02T08:00:00Z'"
            + " where account_no = 3");

    Reads second = readAll(settings(), first.state());

    assertThat(second.records())
        .containsExactly(
            account(
                3,
                "Acme Corp",
                "acme.example",
                "120000.00",
                Instant.parse("2024-05-02T08:00:00Z")));
    assertThat(readAll(settings(), second.state()).records()).isEmpty();
  }

  @Test
  void aStateInTheFutureReturnsNothingAndReReadsAreIdempotent() {
    StreamState future =
        StreamState.INITIAL.with("lastValue", "2099-01-01T00:00Z").with("lastId", "0");
    Page page = source(settings()).read(future);
    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(future);

    assertThat(readAll(settings(), StreamState.INITIAL))
        .isEqualTo(readAll(settings(), StreamState.INITIAL));
  }

  @Test
  void aBrokenQueryFailsWithItsContext() {
    JdbcQuerySettings broken =
        new JdbcQuerySettings(
            "billing_accounts",
            url(),
            "postgres",
            "postgres",
            "billing",
            "select * from no_such_table",
            "modified_at",
            "account_no",
            Entity.ACCOUNT,
            columns(),
            100,
            2);

    assertThatThrownBy(() -> source(broken).read(StreamState.INITIAL))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.REQUEST_REJECTED))
        .hasMessageContaining("jdbc.billing_accounts page after the start")
        .hasMessageContaining("no_such_table");
  }

  @Test
  void settingsMaskThePassword() {
    assertThat(settings().withPassword("s3cr3t-pw").toString())
        .doesNotContain("s3cr3t-pw")
        .contains("password=****");
    assertThatThrownBy(() -> settings().withPageSize(0)).hasMessageContaining("jdbc.pageSize");
  }

  // ---- helpers

  static Map<String, String> columns() {
    return Map.of(
        "id",
        "account_no",
        "name",
        "company",
        "domain",
        "web",
        "arr",
        "arr_usd",
        "updated_at",
        "modified_at");
  }

  static JdbcQuerySettings settings() {
    return new JdbcQuerySettings(
        "billing_accounts",
        url(),
        "postgres",
        "postgres",
        "billing",
        SQL,
        "modified_at",
        "account_no",
        Entity.ACCOUNT,
        columns(),
        100,
        2);
  }

  static String url() {
    return "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
  }

  static JdbcQuerySource source(JdbcQuerySettings settings) {
    return new JdbcQuerySource(settings);
  }

  static Account account(long id, String name, String domain, String arr, Instant updated) {
    return new Account(
        SourceRef.of("billing", Long.toString(id)),
        name,
        domain,
        null,
        arr == null ? null : new BigDecimal(arr),
        null,
        null,
        null,
        null,
        null,
        updated);
  }

  static void exec(String... sql) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }

  record Reads(List<CanonicalRecord> records, List<RejectedRecord> rejected, StreamState state) {}

  static Reads readAll(JdbcQuerySettings settings, StreamState from) {
    JdbcQuerySource source = source(settings);
    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    StreamState state = from;
    for (int pages = 0; pages < 100; pages++) {
      Page page = source.read(state);
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
