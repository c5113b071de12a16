package dev.retain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real PostgreSQL read through a real Trino server, as Superset and the dashboards do. */
class TrinoServerTest {

  private static EmbeddedWarehouse warehouse;
  private static TrinoServer trino;

  @BeforeAll
  static void start() throws SQLException {
    warehouse = EmbeddedWarehouse.start();
    execute(
        warehouse.dataSource(),
        "CREATE SCHEMA mart",
        """
        CREATE TABLE mart.customer_health_daily (
          customer_id text NOT NULL,
          as_of date NOT NULL,
          health_score numeric(5, 2) NOT NULL,
          arr numeric(12, 2),
          scored_at timestamp NOT NULL
        )""",
        """
        INSERT INTO mart.customer_health_daily VALUES
          ('c-001', DATE '2026-01-31', 82.50, 120000.00, TIMESTAMP '2026-02-01 06:00:00'),
          ('c-002', DATE '2026-01-31', 31.25, 48000.50, TIMESTAMP '2026-02-01 06:00:01.5')""");
    trino = TrinoServer.builder().postgresql(warehouse).start();
  }

  @AfterAll
  static void stop() {
    if (trino != null) {
      trino.close();
    }
    if (warehouse != null) {
      warehouse.close();
    }
  }

  @Test
  void exposesTheTrinoJdbcUrlOfThePostgresqlCatalog() {
    assertThat(trino.jdbcUrl()).isEqualTo("jdbc:trino://127.0.0.1:" + trino.port() + "/postgresql");
    assertThat(trino.logFile()).exists();
  }

  @Test
  void readsThePostgresqlRowsThroughTrino() throws SQLException {
    record Row(
        String customerId, LocalDate asOf, BigDecimal score, BigDecimal arr, LocalDateTime at) {}
    List<Row> rows = new ArrayList<>();
    try (Connection connection = trino.openConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT customer_id, as_of, health_score, arr, scored_at"
                    + " FROM mart.customer_health_daily ORDER BY customer_id")) {
      assertThat(result.getMetaData().getColumnTypeName(1)).isEqualTo("varchar");
      assertThat(result.getMetaData().getColumnTypeName(3)).isEqualTo("decimal(5,2)");
      assertThat(result.getMetaData().getColumnTypeName(5)).isEqualTo("timestamp(6)");
      while (result.next()) {
        rows.add(
            new Row(
                result.getString(1),
                result.getObject(2, LocalDate.class),
                result.getBigDecimal(3),
                result.getBigDecimal(4),
                result.getObject(5, LocalDateTime.class)));
      }
    }
    assertThat(rows)
        .containsExactly(
            new Row(
                "c-001",
                LocalDate.of(2026, 1, 31),
                new BigDecimal("82.50"),
                new BigDecimal("120000.00"),
                LocalDateTime.of(2026, 2, 1, 6, 0)),
            new Row(
                "c-002",
                LocalDate.of(2026, 1, 31),
                new BigDecimal("31.25"),
                new BigDecimal("48000.50"),
                LocalDateTime.of(2026, 2, 1, 6, 0, 1, 500_000_000)));
  }

  @Test
  void aggregatesArePushedThroughTheCatalog() throws SQLException {
    try (Connection connection = trino.openConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*), sum(arr) FROM postgresql.mart.customer_health_daily"
                    + " WHERE health_score < 50")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getLong(1)).isEqualTo(1);
      assertThat(result.getBigDecimal(2)).isEqualByComparingTo("48000.50");
    }
  }

  @Test
  void aMissingTrinoHomeFailsWithHowToGetIt(@TempDir Path empty) {
    assertThatThrownBy(() -> TrinoServer.builder().home(empty).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not unpacked at " + empty)
        .hasMessageContaining("./mvnw -pl testing install")
        .hasMessageContaining(TrinoServer.HOME_PROPERTY);
  }

  private static void execute(DataSource dataSource, String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
