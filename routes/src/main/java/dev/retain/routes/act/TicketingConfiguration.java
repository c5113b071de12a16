package dev.retain.routes.act;

import dev.retain.connectors.http.HttpSettings;
import dev.retain.connectors.jira.JiraSettings;
import dev.retain.connectors.jira.JiraSink;
import dev.retain.connectors.sinks.servicenow.ServiceNowSink;
import dev.retain.connectors.sinks.servicenow.ServiceNowSinkSettings;
import dev.retain.connectors.sinks.webhook.WebhookSink;
import dev.retain.connectors.sinks.webhook.WebhookSinkSettings;
import dev.retain.connectors.spi.TicketingSink;
import dev.retain.connectors.zendesk.ZendeskSettings;
import dev.retain.connectors.zendesk.ZendeskSink;
import dev.retain.connectors.zendesk.ZendeskSinkSettings;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ticketing system risk tickets go to: {@code retain.tickets.system} ({@code jira}, the
 * default, {@code zendesk}, {@code servicenow} or {@code webhook}) and its block {@code
 * retain.tickets.<system>.*}. Only the chosen system's block is validated; a missing key stops
 * start-up with a message naming it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TicketSettings.class, TicketingConfiguration.Sinks.class})
class TicketingConfiguration {
  private static final String P = "retain.tickets.";

  enum TicketSystem {
    JIRA,
    ZENDESK,
    SERVICENOW,
    WEBHOOK
  }

  /** {@code retain.tickets.system} and the settings block of every system. */
  @ConfigurationProperties("retain.tickets")
  record Sinks(
      @DefaultValue("jira") TicketSystem system,
      @DefaultValue Jira jira,
      @DefaultValue Zendesk zendesk,
      @DefaultValue ServiceNow servicenow,
      @DefaultValue Webhook webhook) {
    Sinks {
      switch (system) {
        case JIRA -> jira.validate();
        case ZENDESK -> zendesk.validate();
        case SERVICENOW -> servicenow.validate();
        case WEBHOOK -> webhook.validate();
      }
    }
  }

  /** Jira Cloud: base URL, account email and API token, and the project to open tickets in. */
  record Jira(
      URI baseUrl,
      String email,
      String apiToken,
      String projectKey,
      @DefaultValue("Task") String issueType,
      @DefaultValue("retain-risk-") String labelPrefix,
      String resolveTransition,
      String reopenTransition,
      @DefaultValue("true") boolean setPriority) {
    void validate() {
      require("jira", "base-url", baseUrl);
      require("jira", "email", email);
      require("jira", "api-token", apiToken);
      require("jira", "project-key", projectKey);
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

  /** Zendesk Support: email + API token (or an OAuth token); tickets carry {@code external_id}. */
  record Zendesk(
      URI baseUrl,
      String email,
      String apiToken,
      String oauthToken,
      @DefaultValue("retain-risk-") String externalIdPrefix,
      @DefaultValue({"retain", "churn-risk"}) List<String> tags,
      Long groupId) {
    void validate() {
      require("zendesk", "base-url", baseUrl);
      if (blank(oauthToken) || !blank(email) || !blank(apiToken)) {
        if (!blank(oauthToken)) {
          throw new IllegalArgumentException(
              "set either "
                  + P
                  + "zendesk.email + "
                  + P
                  + "zendesk.api-token or "
                  + P
                  + "zendesk.oauth-token, not both");
        }
        require("zendesk", "email", email);
        require("zendesk", "api-token", apiToken);
      }
      require("zendesk", "external-id-prefix", externalIdPrefix);
    }

    @Override
    public String toString() {
      return "Zendesk[baseUrl="
          + baseUrl
          + ", email="
          + email
          + ", apiToken=****, oauthToken=****]";
    }
  }

  /** ServiceNow: incidents with {@code correlation_id}, basic auth or an OAuth token. */
  record ServiceNow(
      URI baseUrl,
      String user,
      String password,
      String oauthToken,
      @DefaultValue("incident") String table,
      @DefaultValue("retain-risk-") String correlationPrefix,
      String assignmentGroup,
      @DefaultValue("Solution provided") String closeCode,
      @DefaultValue("2") String reopenState) {
    void validate() {
      require("servicenow", "base-url", baseUrl);
      boolean basic = !blank(user) || !blank(password);
      if (basic == !blank(oauthToken)) {
        throw new IllegalArgumentException(
            "set either "
                + P
                + "servicenow.user + "
                + P
                + "servicenow.password or "
                + P
                + "servicenow.oauth-token"
                + (basic ? ", not both" : " when retain.tickets.system=servicenow"));
      }
      if (basic) {
        require("servicenow", "user", user);
        require("servicenow", "password", password);
      }
      require("servicenow", "table", table);
      require("servicenow", "close-code", closeCode);
      require("servicenow", "reopen-state", reopenState);
    }

    @Override
    public String toString() {
      return "ServiceNow[baseUrl="
          + baseUrl
          + ", user="
          + user
          + ", password=****, oauthToken=****, table="
          + table
          + "]";
    }
  }

  /** A receiver of signed {@code POST}s (HMAC-SHA256 with the shared secret). */
  record Webhook(URI url, String secret) {
    void validate() {
      require("webhook", "url", url);
      require("webhook", "secret", secret);
      if (secret.length() < 16) {
        throw new IllegalArgumentException(
            P + "webhook.secret must be at least 16 characters, got " + secret.length());
      }
    }

    @Override
    public String toString() {
      return "Webhook[url=" + url + ", secret=****]";
    }
  }

  private static boolean blank(Object value) {
    return value == null || value instanceof String s && s.isBlank();
  }

  private static void require(String system, String key, Object value) {
    if (blank(value)) {
      throw new IllegalArgumentException(
          P + system + "." + key + " is required when retain.tickets.system=" + system);
    }
  }

  private static String orNull(String value) {
    return blank(value) ? null : value.strip();
  }

  @Bean
  TicketingSink ticketingSink(Sinks sinks) {
    return switch (sinks.system()) {
      case JIRA -> new JiraSink(jira(sinks.jira()));
      case ZENDESK -> new ZendeskSink(zendesk(sinks.zendesk()));
      case SERVICENOW -> new ServiceNowSink(servicenow(sinks.servicenow()));
      case WEBHOOK -> new WebhookSink(webhook(sinks.webhook()));
    };
  }

  static JiraSettings jira(Jira j) {
    return build(
        "jira",
        () ->
            new JiraSettings(
                j.baseUrl(),
                j.email(),
                j.apiToken(),
                j.projectKey(),
                j.issueType(),
                j.labelPrefix(),
                orNull(j.resolveTransition()),
                orNull(j.reopenTransition()),
                j.setPriority(),
                HttpSettings.DEFAULT));
  }

  static ZendeskSinkSettings zendesk(Zendesk z) {
    return build(
        "zendesk",
        () ->
            new ZendeskSinkSettings(
                blank(z.oauthToken())
                    ? ZendeskSettings.apiToken(z.baseUrl(), z.email(), z.apiToken())
                    : ZendeskSettings.oauth(z.baseUrl(), z.oauthToken()),
                z.externalIdPrefix(),
                z.tags(),
                z.groupId()));
  }

  static ServiceNowSinkSettings servicenow(ServiceNow s) {
    boolean oauth = !blank(s.oauthToken());
    return build(
        "servicenow",
        () ->
            new ServiceNowSinkSettings(
                s.baseUrl(),
                oauth ? null : s.user(),
                oauth ? null : s.password(),
                oauth ? s.oauthToken() : null,
                s.table(),
                s.correlationPrefix(),
                orNull(s.assignmentGroup()),
                s.closeCode(),
                s.reopenState(),
                HttpSettings.DEFAULT));
  }

  static WebhookSinkSettings webhook(Webhook w) {
    return build(
        "webhook", () -> new WebhookSinkSettings(w.url(), w.secret(), HttpSettings.DEFAULT));
  }

  /**
   * Builds a sink's settings record, naming the property in a failure ({@code jira.projectKey}
   * becomes {@code retain.tickets.jira.project-key}).
   */
  private static <T> T build(String system, Supplier<T> settings) {
    try {
      return settings.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      String message = String.valueOf(e.getMessage());
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(
                  "(?<![\\w.-])" + system + "\\.(?:sink\\.)?([A-Za-z][A-Za-z0-9]*)")
              .matcher(message);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String kebab = m.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
        m.appendReplacement(out, P + system + "." + kebab);
      }
      m.appendTail(out);
      String text = out.toString();
      IllegalArgumentException named =
          new IllegalArgumentException(text.contains(P + system) ? text : P + system + ": " + text);
      named.addSuppressed(e);
      throw named;
    }
  }
}
