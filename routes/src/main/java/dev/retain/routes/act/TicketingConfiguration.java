package dev.retain.routes.act;

import dev.retain.connectors.jira.JiraSettings;
import dev.retain.connectors.jira.JiraSink;
import dev.retain.connectors.spi.TicketingSink;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ticketing system risk tickets go to ({@code retain.tickets.jira.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TicketSettings.class, TicketingConfiguration.Jira.class})
class TicketingConfiguration {

  /** Jira Cloud: base URL, account email and API token, and the project to open tickets in. */
  @ConfigurationProperties("retain.tickets.jira")
  record Jira(URI baseUrl, String email, String apiToken, String projectKey, String issueType) {
    Jira {
      require("retain.tickets.jira.base-url", baseUrl);
      require("retain.tickets.jira.email", email);
      require("retain.tickets.jira.api-token", apiToken);
      require("retain.tickets.jira.project-key", projectKey);
    }

    private static void require(String key, Object value) {
      if (value == null || value instanceof String s && s.isBlank()) {
        throw new IllegalArgumentException(key + " is required");
      }
    }

    @Override
    public String toString() {
      return "Jira[baseUrl="
          + baseUrl
          + ", email="
          + email
          + ", apiToken=****, projectKey="
          + projectKey
          + "]";
    }
  }

  @Bean
  TicketingSink ticketingSink(Jira jira) {
    JiraSettings settings =
        JiraSettings.of(jira.baseUrl(), jira.email(), jira.apiToken(), jira.projectKey());
    if (jira.issueType() != null && !jira.issueType().isBlank()) {
      settings =
          new JiraSettings(
              settings.baseUrl(),
              settings.email(),
              settings.apiToken(),
              settings.projectKey(),
              jira.issueType(),
              settings.labelPrefix(),
              settings.resolveTransition(),
              settings.reopenTransition(),
              settings.setPriority(),
              settings.http());
    }
    return new JiraSink(settings);
  }
}
