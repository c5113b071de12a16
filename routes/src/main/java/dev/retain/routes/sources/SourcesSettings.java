package dev.retain.routes.sources;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sources Retain pulls from ({@code retain.sources.*}). Each is off until {@code enabled}; an
 * enabled source without a required key stops start-up with a message naming that key. Secrets can
 * come from the environment ({@code RETAIN_SOURCES_SALESFORCE_CLIENT_SECRET}) or from files with
 * {@code spring.config.import=configtree:/run/secrets/}; they are never logged.
 */
@ConfigurationProperties("retain.sources")
public record SourcesSettings(
    @DefaultValue Salesforce salesforce,
    @DefaultValue Zendesk zendesk,
    @DefaultValue Delighted delighted,
    @DefaultValue UsageFiles usageFiles) {

  /** {@code retain.sources.salesforce.*}: REST query API with OAuth2 client credentials. */
  public record Salesforce(
      @DefaultValue("false") boolean enabled,
      URI loginUrl,
      String clientId,
      String clientSecret,
      @DefaultValue("62.0") String apiVersion,
      @DefaultValue("2000") int batchSize,
      @DefaultValue("0s") Duration lookback) {
    public Salesforce {
      if (enabled) {
        Required.check("retain.sources.salesforce.login-url", loginUrl);
        Required.check("retain.sources.salesforce.client-id", clientId);
        Required.check("retain.sources.salesforce.client-secret", clientSecret);
        Required.range("retain.sources.salesforce.batch-size", batchSize, 200, 2000);
      }
    }

    @Override
    public String toString() {
      return "Salesforce[enabled="
          + enabled
          + ", loginUrl="
          + loginUrl
          + ", clientId="
          + clientId
          + ", clientSecret=****]";
    }
  }

  /** {@code retain.sources.zendesk.*}: incremental exports with an API token. */
  public record Zendesk(
      @DefaultValue("false") boolean enabled,
      URI baseUrl,
      String email,
      String apiToken,
      @DefaultValue("1000") int pageSize,
      @DefaultValue("external_id") String accountIdField) {
    public Zendesk {
      if (enabled) {
        Required.check("retain.sources.zendesk.base-url", baseUrl);
        Required.check("retain.sources.zendesk.email", email);
        Required.check("retain.sources.zendesk.api-token", apiToken);
        Required.range("retain.sources.zendesk.page-size", pageSize, 1, 1000);
      }
    }

    @Override
    public String toString() {
      return "Zendesk[enabled="
          + enabled
          + ", baseUrl="
          + baseUrl
          + ", email="
          + email
          + ", apiToken=****]";
    }
  }

  /** {@code retain.sources.delighted.*}: survey responses with the API key. */
  public record Delighted(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("https://api.delighted.com") URI baseUrl,
      String apiKey,
      @DefaultValue("100") int perPage,
      @DefaultValue("Salesforce Account Id") String accountIdProperty) {
    public Delighted {
      if (enabled) {
        Required.check("retain.sources.delighted.api-key", apiKey);
        Required.range("retain.sources.delighted.per-page", perPage, 1, 100);
      }
    }

    @Override
    public String toString() {
      return "Delighted[enabled=" + enabled + ", baseUrl=" + baseUrl + ", apiKey=****]";
    }
  }

  /** {@code retain.sources.usage-files.*}: a directory of daily usage JSONL files. */
  public record UsageFiles(@DefaultValue("false") boolean enabled, Path directory) {
    public UsageFiles {
      if (enabled) {
        Required.check("retain.sources.usage-files.directory", directory);
      }
    }
  }
}
