package dev.retain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedWarehouseTest {

  @Test
  void startsARealPostgresqlWithTheRetainDatabase() throws SQLException {
    try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.start();
        Connection connection =
            DriverManager.getConnection(
                warehouse.jdbcUrl(), warehouse.user(), warehouse.password());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT current_database(), version()")) {
      assertThat(warehouse.port()).isPositive();
      assertThat(warehouse.jdbcUrl())
          .startsWith("jdbc:postgresql://localhost:" + warehouse.port() + "/retain");
      assertThat(result.next()).isTrue();
      assertThat(result.getString(1)).isEqualTo("retain");
      assertThat(result.getString(2)).startsWith("PostgreSQL 17");
    }
  }

  @Test
  void keepsTheDataInAPersistentDirectoryAcrossRestarts(@TempDir Path dataDirectory)
      throws SQLException {
    try (EmbeddedWarehouse first =
        EmbeddedWarehouse.builder().persistentDataDirectory(dataDirectory).start()) {
      execute(first, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (42)");
    }
    try (EmbeddedWarehouse second =
            EmbeddedWarehouse.builder().persistentDataDirectory(dataDirectory).start();
        Connection connection = second.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT id FROM kept")) {
      assertThat(result.next()).isTrue();
      assertThat(result.getInt(1)).isEqualTo(42);
    }
  }

  private static void execute(EmbeddedWarehouse warehouse, String... statements)
      throws SQLException {
    try (Connection connection = warehouse.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
