package dev.retain.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.routes.sync.RunReport;
import dev.retain.sandbox.SandboxView;
import dev.retain.sandbox.server.jira.JiraIssue;
import dev.retain.testing.TrinoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole pipeline on a small sandbox company: real vendor-shaped servers, scoring-service as a
 * process, the routes app on an embedded PostgreSQL. Tests run in order on one warehouse: the first
 * sync, a repeat of it, then the next sandbox day; at the end a churn model is trained on the
 * warehouse's own history and scores the customers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxPipelineTest {
  private static final int ACCOUNTS = 300;

  @TempDir static Path dataDir;
  private SandboxEnvironment env;
  private RunReport first;

  @BeforeAll
  void firstSync() throws IOException {
    env = start(0);
    first = env.sync();
  }

  @AfterAll
  void stop() throws IOException {
    if (env != null) {
      env.close();
    }
  }

  private SandboxEnvironment start(int day) throws IOException {
    return SandboxEnvironment.start(
        new SandboxEnvironment.Options(
            ACCOUNTS, 7, dataDir, day, Path.of(System.getProperty("retain.scoring.jar"))));
  }

  @Test
  @Order(1)
  void everySourceRecordLandsExactlyOnce() {
    SandboxView view = viewOf(env);
    JdbcTemplate jdbc = env.jdbc();
    assertThat(first.status()).isEqualTo("succeeded");
    assertThat(ids(jdbc, "account", "salesforce")).isEqualTo(idsOf(view.accounts("salesforce")));
    assertThat(ids(jdbc, "account", "zendesk")).isEqualTo(idsOf(view.accounts("zendesk")));
    assertThat(ids(jdbc, "contact", "salesforce")).isEqualTo(idsOf(view.contacts("salesforce")));
    assertThat(ids(jdbc, "contact", "zendesk")).isEqualTo(idsOf(view.contacts("zendesk")));
    assertThat(ids(jdbc, "subscription", "salesforce")).isEqualTo(idsOf(view.subscriptions()));
    assertThat(ids(jdbc, "ticket", "zendesk")).isEqualTo(idsOf(view.tickets()));
    assertThat(ids(jdbc, "survey_response", "delighted")).isEqualTo(idsOf(view.surveyResponses()));
    long usageRows = 0;
    for (var day = view.firstUsageDay();
        day.isBefore(env.asOf().plusDays(1));
        day = day.plusDays(1)) {
      usageRows += view.usage(day).count();
    }
    assertThat(count(jdbc, "select count(*) from raw.usage_daily")).isEqualTo(usageRows);
    assertThat(first.streams().values()).allSatisfy(s -> assertThat(s.error()).isNull());
  }

  @Test
  @Order(2)
  void everyActiveCustomerGetsAScoreWithReasons() {
    JdbcTemplate jdbc = env.jdbc();
    long active = count(jdbc, "select count(*) from mart.customers where status = 'active'");
    long scored =
        count(
            jdbc,
            "select count(*) from mart.customer_health_daily h join mart.customers c"
                + " on c.customer_id = h.customer_id where c.status = 'active' and h.as_of = ?",
            env.asOf());
    assertThat(active).isGreaterThan(ACCOUNTS / 2);
    assertThat(scored).isEqualTo(active);
    assertThat(
            count(
                jdbc,
                "select count(*) from mart.customer_health_daily h where h.as_of = ? and not exists"
                    + " (select 1 from mart.score_drivers d where d.customer_id = h.customer_id"
                    + " and d.as_of = h.as_of)",
                env.asOf()))
        .isZero();
    assertThat(first.score().bands()).containsKeys("green", "red");
  }

  @Test
  @Order(3)
  void everyRedCustomerHasExactlyOneOpenTicket() {
    assertOneOpenTicketPerRedCustomer();
    assertThat(first.act().opened()).isPositive();
  }

  @Test
  @Order(4)
  void aRepeatedSyncCreatesNoDuplicateRowsOrTickets() {
    JdbcTemplate jdbc = env.jdbc();
    Map<String, Long> before = rowCounts(jdbc);
    long creates = env.jira().createCount();
    RunReport again = env.sync();
    assertThat(again.status()).isEqualTo("succeeded");
    assertThat(rowCounts(jdbc)).isEqualTo(before);
    assertThat(env.jira().createCount()).isEqualTo(creates);
    assertThat(again.act().opened()).isZero();
    assertOneOpenTicketPerRedCustomer();
  }

  @Test
  @Order(5)
  void theNextDayIsPulledIncrementally() throws IOException {
    long firstTotal = first.streams().values().stream().mapToLong(s -> s.records()).sum();
    env.close();
    env = start(1);
    RunReport next = env.sync();
    long nextTotal = next.streams().values().stream().mapToLong(s -> s.records()).sum();
    assertThat(next.status()).isEqualTo("succeeded");
    assertThat(nextTotal).isPositive().isLessThan(firstTotal / 10);
    SandboxView view = viewOf(env);
    JdbcTemplate jdbc = env.jdbc();
    assertThat(ids(jdbc, "ticket", "zendesk")).isEqualTo(idsOf(view.tickets()));
    assertThat(ids(jdbc, "survey_response", "delighted")).isEqualTo(idsOf(view.surveyResponses()));
    assertOneOpenTicketPerRedCustomer();
  }

  @Test
  @Order(6)
  void aMalformedRecordIsDeadLetteredAndTheRunCarriesOn() throws IOException {
    JdbcTemplate jdbc = env.jdbc();
    String workspace =
        jdbc.queryForObject(
            "select account_id from raw.usage_daily order by source_id limit 1", String.class);
    Path drop = dataDir.resolve("usage").resolve("usage-2099-01-01.jsonl");
    Files.writeString(
        drop,
        String.join(
            "\n",
            "{\"workspace_id\":\""
                + workspace
                + "\",\"day\":\"2099-01-01\",\"logins\":3,"
                + "\"core_events\":5,\"secondary_events\":1,\"active_seats\":2,"
                + "\"updated_at\":\"2099-01-01T12:00:00Z\"}",
            "{\"workspace_id\":\"" + workspace + "\",\"day\":\"not-a-date\",\"logins\":1}",
            ""),
        StandardCharsets.UTF_8);
    RunReport report = env.sync();
    assertThat(report.status()).isEqualTo("succeeded");
    assertThat(report.streams().get("product.usage").rejected()).isEqualTo(1);
    assertThat(
            jdbc.queryForList(
                "select reason from ops.dead_letter where stream = 'product.usage'", String.class))
        .singleElement()
        .asString()
        .contains("day");
    assertThat(count(jdbc, "select count(*) from raw.usage_daily where day = date '2099-01-01'"))
        .isEqualTo(1);
  }

  @Test
  @Order(7)
  void everyMartTableIsQueryableThroughTrino() throws Exception {
    JdbcTemplate jdbc = env.jdbc();
    List<String> martTables =
        jdbc.queryForList(
            "select table_name from information_schema.tables where table_schema = 'mart'"
                + " order by table_name",
            String.class);
    assertThat(martTables)
        .contains(
            "customers",
            "customer_features",
            "customer_health_daily",
            "score_drivers",
            "risk_tickets",
            "source_freshness");
    String pgUrl = ((com.zaxxer.hikari.HikariDataSource) env.dataSource()).getJdbcUrl();
    try (TrinoServer trino =
            TrinoServer.builder().postgresql(pgUrl, "postgres", "postgres").start();
        Connection connection = trino.openConnection();
        Statement statement = connection.createStatement()) {
      for (String table : martTables) {
        try (ResultSet rs = statement.executeQuery("select count(*) from mart." + table)) {
          rs.next();
          var rows =
              assertThat(rs.getLong(1))
                  .as("rows of mart.%s through Trino", table)
                  .isEqualTo(count(jdbc, "select count(*) from mart." + table));
          // only an active churn model fills churn_drivers (the last test trains one)
          if (!table.equals("churn_drivers")) {
            rows.isPositive();
          }
        }
      }
      try (ResultSet rs =
          statement.executeQuery(
              "select c.name, h.health_score, h.band, c.arr from mart.customer_health_daily h"
                  + " join mart.customers c on c.customer_id = h.customer_id"
                  + " where h.band = 'red' order by h.health_score limit 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("name")).isNotBlank();
        assertThat(rs.getDouble("health_score")).isBetween(0.0, 100.0);
        assertThat(rs.getString("band")).isEqualTo("red");
      }
    }
  }

  @Test
  @Order(8)
  void aSourceThatKeepsRateLimitingIsSkippedAndRetriedByTheNextRun() {
    JdbcTemplate jdbc = env.jdbc();
    String cursorSql = "select state::text from ops.stream_cursor where stream = ?";
    String before = jdbc.queryForObject(cursorSql, String.class, "delighted.survey_responses");
    env.delighted().rateLimitEvery(1, 3600);
    RunReport limited;
    try {
      limited = env.sync();
    } finally {
      env.delighted().rateLimitEvery(SandboxEnvironment.RATE_LIMIT_EVERY, 1);
    }
    assertThat(limited.status()).isEqualTo("succeeded");
    assertThat(limited.streams().get("delighted.survey_responses").error())
        .contains("RATE_LIMITED")
        .contains("Retry-After");
    assertThat(limited.streams().get("zendesk.tickets").error()).isNull();
    assertThat(jdbc.queryForObject(cursorSql, String.class, "delighted.survey_responses"))
        .isEqualTo(before);
    assertThat(
            jdbc.queryForObject(
                "select last_error from mart.source_freshness where stream = ?",
                String.class,
                "delighted.survey_responses"))
        .contains("RATE_LIMITED");

    RunReport recovered = env.sync();
    assertThat(recovered.streams().get("delighted.survey_responses").error()).isNull();
    assertThat(
            jdbc.queryForObject(
                "select last_error from mart.source_freshness where stream = ?",
                String.class,
                "delighted.survey_responses"))
        .isNull();
  }

  @Test
  @Order(9)
  void theTrainingSetExportIsPointInTimeAndLabelledByTheTruth() throws IOException {
    Path csv = dataDir.resolve("training.csv");
    var export = env.routes().getBean(dev.retain.routes.features.TrainingSetExport.class);
    var summary =
        export.export(
            env.asOf().minusDays(210),
            env.asOf().minusDays(91),
            java.time.Period.ofMonths(1),
            90,
            csv);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0))
        .startsWith("customer_id,snapshot_date,")
        .endsWith(",churned_within_90d");
    assertThat(lines).hasSize(summary.rows() + 1);
    assertThat(summary.snapshots()).isEqualTo(4);
    assertThat(summary.positives()).isPositive();

    // every positive label is a customer the sandbox's truth says left within 90 days
    JdbcTemplate jdbc = env.jdbc();
    var truth = env.company().truth();
    int agree = 0;
    int positives = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      if (!cells[cells.length - 1].equals("1")) {
        continue;
      }
      positives++;
      var snapshot = java.time.LocalDate.parse(cells[1]);
      List<String> accounts =
          jdbc.queryForList(
              "select source_id from core.crosswalk where customer_id = ? and source = 'salesforce'"
                  + " and entity = 'account'",
              String.class,
              cells[0]);
      boolean churned =
          accounts.stream()
              .map(id -> truth.customerOf(dev.retain.model.SourceRef.of("salesforce", id)))
              .flatMap(java.util.Optional::stream)
              .map(truth::customer)
              .flatMap(java.util.Optional::stream)
              .anyMatch(
                  c ->
                      c.churnedOn() != null
                          && c.churnedOn().isAfter(snapshot)
                          && !c.churnedOn().isAfter(snapshot.plusDays(90)));
      agree += churned ? 1 : 0;
    }
    assertThat(positives).isEqualTo(summary.positives());
    assertThat((double) agree / positives).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  @Order(10)
  void aChurnModelTrainedOnTheWarehouseScoresEveryCustomerAndReachesTheTickets() throws Exception {
    JdbcTemplate jdbc = env.jdbc();
    assertThat(count(jdbc, "select count(*) from mart.churn_drivers")).isZero();

    // train-model as an operator runs it, with the demo's options: snapshots every two weeks whose
    // 90-day labels exist
    assertThat(SandboxChurnModel.active(env)).isEmpty();
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    int exit =
        env.routes()
            .getBean(dev.retain.routes.score.ModelTraining.class)
            .command(
                SandboxChurnModel.trainModelOptions(
                    env.asOf(), "logistic-regression", java.time.Duration.ofMinutes(5)),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    System.out.print(printed);
    assertThat(exit)
        .as("train-model exit; stderr: %s", err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(printed).contains("cvRocAuc ").contains(" is active");
    String version =
        printed
            .lines()
            .filter(l -> l.startsWith("model ") && l.contains(" trained in "))
            .map(l -> l.split(" ")[1])
            .findFirst()
            .orElseThrow(() -> new AssertionError("no model version in: " + printed));

    // the demo's registry check sees the new model as active
    assertThat(SandboxChurnModel.active(env))
        .hasValueSatisfying(
            m -> {
              assertThat(m.version()).isEqualTo(version);
              assertThat(m.candidate()).isEqualTo("logistic-regression");
            });

    // the day scored and acted on again, as the demo does after training
    RunReport scored = env.rescore();
    assertThat(scored.status()).isEqualTo("succeeded");

    long customers =
        count(jdbc, "select count(*) from mart.customer_health_daily where as_of = ?", env.asOf());
    assertThat(customers).isPositive();
    assertThat(
            count(
                jdbc,
                "select count(*) from mart.customer_health_daily where as_of = ?"
                    + " and churn_probability between 0 and 1 and churn_flagged is not null"
                    + " and model_version = ?",
                env.asOf(),
                version))
        .isEqualTo(customers);
    assertThat(
            count(
                jdbc,
                "select count(*) from mart.customer_health_daily h where h.as_of = ? and"
                    + " (select count(*) from mart.churn_drivers d where d.customer_id ="
                    + " h.customer_id and d.as_of = h.as_of and d.reason <> ''"
                    + " and d.feature <> '') = 3",
                env.asOf()))
        .isEqualTo(customers);
    assertThat(count(jdbc, "select count(*) from mart.churn_drivers where as_of = ?", env.asOf()))
        .isEqualTo(3 * customers);

    // every red customer's open ticket carries the churn section; the ones opened before the
    // model got a comment saying what changed
    List<String> red =
        jdbc.queryForList(
            "select h.customer_id from mart.customer_health_daily h join mart.customers c"
                + " on c.customer_id = h.customer_id"
                + " where h.as_of = ? and h.band = 'red' and c.status = 'active'",
            String.class,
            env.asOf());
    List<JiraIssue> open =
        env.jira().issues().stream()
            .filter(i -> !"done".equals(i.statusCategory()))
            .filter(i -> red.stream().anyMatch(c -> i.labels().contains("retain-risk-" + c)))
            .toList();
    assertThat(open).hasSize(red.size());
    assertThat(open)
        .allSatisfy(
            i ->
                assertThat(i.descriptionText())
                    .contains("Churn prediction: ")
                    .containsPattern(
                        "\\d+% within 90 days \\(model " + java.util.regex.Pattern.quote(version)));
    System.out.println(
        "a risk ticket now reads:\n"
            + open.get(0).descriptionText()
            + "\nits latest comment: "
            + open.get(0).commentTexts().stream().reduce((a, b) -> b).orElse("(none)"));
    assertThat(open.stream().map(JiraIssue::descriptionText))
        .anyMatch(d -> d.contains("(raises the churn risk)"));
    assertThat(scored.act().updated()).isPositive();
    assertThat(open.stream().flatMap(i -> i.commentTexts().stream()))
        .anyMatch(c -> c.contains("Churn prediction: "));
    assertOneOpenTicketPerRedCustomer();
  }

  private void assertOneOpenTicketPerRedCustomer() {
    JdbcTemplate jdbc = env.jdbc();
    List<String> red =
        jdbc.queryForList(
            "select h.customer_id from mart.customer_health_daily h join mart.customers c"
                + " on c.customer_id = h.customer_id"
                + " where h.as_of = ? and h.band = 'red' and c.status = 'active'",
            String.class,
            env.asOf());
    assertThat(red).isNotEmpty();
    Map<String, Long> openByLabel =
        env.jira().issues().stream()
            .filter(i -> !"done".equals(i.statusCategory()))
            .flatMap(i -> i.labels().stream())
            .filter(l -> l.startsWith("retain-risk-"))
            .collect(Collectors.groupingBy(l -> l, Collectors.counting()));
    for (String customer : red) {
      assertThat(openByLabel.get("retain-risk-" + customer))
          .as("open tickets of red customer %s", customer)
          .isEqualTo(1L);
    }
    assertThat(openByLabel.keySet()).hasSize(red.size());
    List<JiraIssue> issues = env.jira().issues();
    assertThat(issues).isNotEmpty();
  }

  private SandboxView viewOf(SandboxEnvironment e) {
    Instant clock = e.asOf().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    return e.company().viewAt(clock);
  }

  private static java.util.Set<String> ids(JdbcTemplate jdbc, String table, String source) {
    return Set(
        jdbc.queryForList(
            "select source_id from raw." + table + " where source = ? and not deleted",
            String.class,
            source));
  }

  private static java.util.Set<String> idsOf(List<? extends dev.retain.model.CanonicalRecord> rs) {
    return Set(rs.stream().map(r -> r.ref().id()).toList());
  }

  private static java.util.Set<String> Set(List<String> values) {
    return new java.util.TreeSet<>(values);
  }

  private static long count(JdbcTemplate jdbc, String sql, Object... args) {
    Long n = jdbc.queryForObject(sql, Long.class, args);
    return n == null ? 0 : n;
  }

  private static Map<String, Long> rowCounts(JdbcTemplate jdbc) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (String table :
        List.of(
            "raw.account",
            "raw.contact",
            "raw.subscription",
            "raw.ticket",
            "raw.survey_response",
            "raw.usage_daily",
            "core.crosswalk",
            "core.customer",
            "mart.customers",
            "mart.customer_health_daily",
            "mart.score_drivers",
            "mart.risk_tickets",
            "ops.dead_letter")) {
      counts.put(table, count(jdbc, "select count(*) from " + table));
    }
    return counts;
  }
}
