package dev.retain.routes.warehouse;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The warehouse ({@code retain.warehouse.*}). With no {@code url}, Retain starts an embedded
 * PostgreSQL (the demo and tests); in production point {@code url} at any PostgreSQL.
 *
 * @param url JDBC URL of an external PostgreSQL; empty for the embedded one
 * @param embeddedDataDir where the embedded server keeps its data between runs; empty for a
 *     throw-away directory
 * @param embeddedPort the embedded server's port; 0 picks a free one
 */
@Validated
@ConfigurationProperties("retain.warehouse")
public record WarehouseSettings(
    String url,
    @DefaultValue("retain") String username,
    String password,
    Path embeddedDataDir,
    @DefaultValue("0") @Min(0) @Max(65535) int embeddedPort,
    @DefaultValue("8") @Min(1) int maxPoolSize) {

  public boolean embedded() {
    return url == null || url.isBlank();
  }
}
