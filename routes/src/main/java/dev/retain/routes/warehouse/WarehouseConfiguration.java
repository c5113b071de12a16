package dev.retain.routes.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The warehouse connection pool, on an external PostgreSQL or on an embedded one it starts. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WarehouseSettings.class)
class WarehouseConfiguration {
  private static final Logger log = LoggerFactory.getLogger(WarehouseConfiguration.class);

  @Bean
  DataSource dataSource(WarehouseSettings settings) throws IOException {
    HikariConfig config = new HikariConfig();
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setPoolName("warehouse");
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    if (!settings.embedded()) {
      config.setJdbcUrl(settings.url());
      config.setUsername(settings.username());
      config.setPassword(settings.password());
      return new HikariDataSource(config);
    }
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(settings.embeddedPort());
    if (settings.embeddedDataDir() != null) {
      Files.createDirectories(settings.embeddedDataDir());
      builder.setDataDirectory(settings.embeddedDataDir()).setCleanDataDirectory(false);
    }
    EmbeddedPostgres postgres = builder.start();
    log.info(
        "embedded PostgreSQL started on port {}{}",
        postgres.getPort(),
        settings.embeddedDataDir() == null ? "" : " with data in " + settings.embeddedDataDir());
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
    config.setUsername("postgres");
    config.setPassword("postgres");
    return new EmbeddedWarehouseDataSource(config, postgres);
  }

  /** A pool that stops its embedded server when it is closed with the context. */
  static final class EmbeddedWarehouseDataSource extends HikariDataSource {
    private final EmbeddedPostgres postgres;

    EmbeddedWarehouseDataSource(HikariConfig config, EmbeddedPostgres postgres) {
      super(config);
      this.postgres = postgres;
    }

    public int port() {
      return postgres.getPort();
    }

    @Override
    public void close() {
      super.close();
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
      }
    }
  }
}
