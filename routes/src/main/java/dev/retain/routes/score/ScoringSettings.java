package dev.retain.routes.score;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where scoring-service runs and how it is called ({@code retain.scoring.*}).
 *
 * @param url the service's base URL, e.g. {@code http://scoring-service:8081}
 * @param batchSize customers per request (the service accepts up to 10,000)
 * @param timeout read timeout of one batch
 */
@Validated
@ConfigurationProperties("retain.scoring")
public record ScoringSettings(
    @NotNull URI url,
    @DefaultValue("1000") @Min(1) @Max(10000) int batchSize,
    @DefaultValue("60s") @NotNull Duration timeout,
    String apiKey) {}
