package dev.retain.routes.sources;

import dev.retain.model.Entity;
import dev.retain.model.Ticket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sources Retain pulls from ({@code retain.sources.*}). Each is off until {@code enabled}; an
 * enabled source without a required key stops start-up with a message naming that key. Secrets can
 * come from the environment ({@code RETAIN_SOURCES_SALESFORCE_CLIENT_SECRET}) or from files with
 * {@code spring.config.import=configtree:/run/secrets/}; they are never logged. A secret that is a
 * file by nature (the Salesforce private key) is given as a path ({@code *-file}).
 */
@ConfigurationProperties("retain.sources")
public record SourcesSettings(
    @DefaultValue Salesforce salesforce,
    @DefaultValue HubSpot hubspot,
    @DefaultValue Zendesk zendesk,
    @DefaultValue Jsm jsm,
    @DefaultValue Freshdesk freshdesk,
    @DefaultValue ServiceNow servicenow,
    @DefaultValue Delighted delighted,
    @DefaultValue Qualtrics qualtrics,
    @DefaultValue Mixpanel mixpanel,
    @DefaultValue Segment segment,
    @DefaultValue FileDrop fileDrop,
    @DefaultValue Jdbc jdbc,
    @DefaultValue UsageFiles usageFiles) {

  private static final String P = "retain.sources.";

  /**
   * {@code retain.sources.salesforce.*}: REST query API with OAuth2 client credentials ({@code
   * client-secret}) or the JWT bearer flow ({@code jwt.*}; {@code client-id} is then the connected
   * app's consumer key).
   */
  public record Salesforce(
      @DefaultValue("false") boolean enabled,
      URI loginUrl,
      String clientId,
      String clientSecret,
      @DefaultValue SalesforceJwt jwt,
      @DefaultValue("62.0") String apiVersion,
      @DefaultValue("2000") int batchSize,
      @DefaultValue("true") boolean includeDeleted,
      @DefaultValue("0s") Duration lookback,
      @DefaultValue SalesforceFields fields) {
    public Salesforce {
      if (enabled) {
        String k = P + "salesforce.";
        Required.check(k + "login-url", loginUrl);
        Required.check(k + "client-id", clientId);
        boolean secret = !Required.isBlank(clientSecret);
        if (jwt.used()) {
          if (secret) {
            throw new IllegalArgumentException(
                "set either "
                    + k
                    + "client-secret (client credentials) or "
                    + k
                    + "jwt.* (JWT bearer), not both");
          }
          Required.check(k + "jwt.username", jwt.username());
          Required.readableFile(k + "jwt.private-key-file", jwt.privateKeyFile());
          Required.check(k + "jwt.audience", jwt.audience());
          Required.positive(k + "jwt.lifetime", jwt.lifetime());
          if (jwt.lifetime().compareTo(Duration.ofMinutes(3)) > 0) {
            throw new IllegalArgumentException(
                k + "jwt.lifetime must be at most 3 minutes, got " + jwt.lifetime());
          }
        } else if (!secret) {
          throw new IllegalArgumentException(
              k
                  + "client-secret is required when the source is enabled (or set "
                  + k
                  + "jwt.username and "
                  + k
                  + "jwt.private-key-file for the JWT bearer flow)");
        }
        Required.range(k + "batch-size", batchSize, 200, 2000);
        Required.notNegative(k + "lookback", lookback);
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
          + (jwt.used() ? ", jwt=" + jwt : ", clientSecret=****")
          + "]";
    }
  }

  /**
   * {@code retain.sources.salesforce.jwt.*}: the JWT bearer flow, used when {@code username} or
   * {@code private-key-file} is set.
   *
   * @param privateKeyFile PEM file with the RSA private key (PKCS#8 or PKCS#1, unencrypted)
   */
  public record SalesforceJwt(
      String username,
      Path privateKeyFile,
      @DefaultValue("https://login.salesforce.com") URI audience,
      @DefaultValue("3m") Duration lifetime) {
    boolean used() {
      return !Required.isBlank(username) || privateKeyFile != null;
    }
  }

  /**
   * {@code retain.sources.salesforce.fields.*}: API names of the org-specific fields; an empty
   * value leaves an optional field out of the query.
   */
  public record SalesforceFields(
      @DefaultValue("ARR__c") String accountArr,
      @DefaultValue("Plan__c") String accountPlan,
      @DefaultValue("Seats__c") String accountSeats,
      @DefaultValue("Renewal_Date__c") String accountRenewalDate,
      @DefaultValue("Workspace_Id__c") String accountExternalId,
      @DefaultValue("CurrencyIsoCode") String accountCurrency,
      @DefaultValue("Subscription__c") String subscriptionObject,
      @DefaultValue("Account__c") String subscriptionAccount,
      @DefaultValue("Status__c") String subscriptionStatus,
      @DefaultValue("Start_Date__c") String subscriptionStart,
      @DefaultValue("Last_Renewed__c") String subscriptionLastRenewed,
      @DefaultValue("Churned_On__c") String subscriptionChurnedOn,
      @DefaultValue("Renewal_Date__c") String subscriptionRenewalDate,
      @DefaultValue("ARR__c") String subscriptionArr,
      @DefaultValue("Payment_Failed__c") String subscriptionPaymentFailed) {}

  /** {@code retain.sources.hubspot.*}: CRM v3 search with a private-app token. */
  public record HubSpot(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("https://api.hubapi.com") URI baseUrl,
      String accessToken,
      @DefaultValue("100") int pageSize,
      @DefaultValue("10000") int searchCap,
      @DefaultValue("salesforceaccountid") String accountIdProperty,
      @DefaultValue("closedwon") Set<String> wonStages,
      @DefaultValue("hs_arr") String arrProperty,
      String renewalDateProperty,
      @DefaultValue("0s") Duration lookback) {
    public HubSpot {
      if (enabled) {
        String k = P + "hubspot.";
        Required.check(k + "base-url", baseUrl);
        Required.check(k + "access-token", accessToken);
        Required.range(k + "page-size", pageSize, 1, 200);
        Required.range(k + "search-cap", searchCap, pageSize, 10_000);
        Required.check(k + "account-id-property", accountIdProperty);
        Required.check(k + "won-stages", wonStages == null || wonStages.isEmpty() ? null : "set");
        Required.check(k + "arr-property", arrProperty);
        Required.notNegative(k + "lookback", lookback);
      }
    }

    @Override
    public String toString() {
      return "HubSpot[enabled=" + enabled + ", baseUrl=" + baseUrl + ", accessToken=****]";
    }
  }

  /**
   * {@code retain.sources.zendesk.*}: incremental exports with an API token (or an OAuth token).
   */
  public record Zendesk(
      @DefaultValue("false") boolean enabled,
      URI baseUrl,
      String email,
      String apiToken,
      String oauthToken,
      @DefaultValue("1000") int pageSize,
      @DefaultValue("external_id") String accountIdField,
      Instant startTime) {
    public Zendesk {
      if (enabled) {
        String k = P + "zendesk.";
        Required.check(k + "base-url", baseUrl);
        boolean oauth = !Required.isBlank(oauthToken);
        if (!oauth || !Required.isBlank(email) || !Required.isBlank(apiToken)) {
          if (oauth) {
            throw new IllegalArgumentException(
                "set either " + k + "email + " + k + "api-token or " + k + "oauth-token, not both");
          }
          Required.check(k + "email", email);
          Required.check(k + "api-token", apiToken);
        }
        Required.range(k + "page-size", pageSize, 1, 1000);
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
          + ", apiToken=****, oauthToken=****]";
    }
  }

  /** {@code retain.sources.jsm.*}: Jira Service Management requests through JQL search. */
  public record Jsm(
      @DefaultValue("false") boolean enabled,
      URI baseUrl,
      String email,
      String apiToken,
      String jql,
      @DefaultValue("100") int pageSize,
      @DefaultValue("customfield_10002") String organizationField,
      @DefaultValue("reporter") String customerField,
      Map<String, Ticket.Status> statusNames,
      @DefaultValue("UTC") ZoneId userTimeZone,
      @DefaultValue("0s") Duration lookback) {
    public Jsm {
      if (enabled) {
        String k = P + "jsm.";
        Required.check(k + "base-url", baseUrl);
        Required.check(k + "email", email);
        Required.check(k + "api-token", apiToken);
        Required.check(k + "jql", jql);
        Required.range(k + "page-size", pageSize, 1, 100);
        Required.check(k + "organization-field", organizationField);
        Required.check(k + "customer-field", customerField);
        Required.check(k + "user-time-zone", userTimeZone);
        Required.notNegative(k + "lookback", lookback);
      }
    }

    @Override
    public String toString() {
      return "Jsm[enabled="
          + enabled
          + ", baseUrl="
          + baseUrl
          + ", email="
          + email
          + ", apiToken=****, jql="
          + jql
          + "]";
    }
  }

  /** {@code retain.sources.freshdesk.*}: tickets, contacts and companies with an API key. */
  public record Freshdesk(
      @DefaultValue("false") boolean enabled,
      URI baseUrl,
      String apiKey,
      @DefaultValue("100") int perPage,
      @DefaultValue("300") int maxPagesPerQuery,
      @DefaultValue("salesforce_account_id") String accountIdField,
      @DefaultValue("0s") Duration lookback) {
    public Freshdesk {
      if (enabled) {
        String k = P + "freshdesk.";
        Required.check(k + "base-url", baseUrl);
        Required.check(k + "api-key", apiKey);
        Required.range(k + "per-page", perPage, 1, 100);
        Required.range(k + "max-pages-per-query", maxPagesPerQuery, 1, 300);
        Required.check(k + "account-id-field", accountIdField);
        Required.notNegative(k + "lookback", lookback);
      }
    }

    @Override
    public String toString() {
      return "Freshdesk[enabled=" + enabled + ", baseUrl=" + baseUrl + ", apiKey=****]";
    }
  }

  /**
   * {@code retain.sources.servicenow.*}: the Table API on {@code incident} or a case table, with
   * basic auth ({@code username} + {@code password}) or an OAuth {@code bearer-token}.
   */
  public record ServiceNow(
      @DefaultValue("false") boolean enabled,
      URI baseUrl,
      String username,
      String password,
      String bearerToken,
      @DefaultValue("incident") String table,
      @DefaultValue("company") String accountField,
      @DefaultValue("caller_id") String requesterField,
      Map<String, Ticket.Status> states,
      @DefaultValue("1000") int pageSize,
      @DefaultValue("false") boolean readDeletes,
      @DefaultValue("0s") Duration lookback) {
    public ServiceNow {
      if (enabled) {
        String k = P + "servicenow.";
        Required.check(k + "base-url", baseUrl);
        boolean basic = !Required.isBlank(username) || !Required.isBlank(password);
        Required.oneOf(
            k + "username + " + k + "password",
            basic,
            k + "bearer-token",
            !Required.isBlank(bearerToken));
        if (basic) {
          Required.check(k + "username", username);
          Required.check(k + "password", password);
        }
        Required.check(k + "table", table);
        Required.range(k + "page-size", pageSize, 1, 10_000);
        Required.notNegative(k + "lookback", lookback);
      }
    }

    @Override
    public String toString() {
      return "ServiceNow[enabled="
          + enabled
          + ", baseUrl="
          + baseUrl
          + ", username="
          + username
          + ", password=****, bearerToken=****, table="
          + table
          + "]";
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

  /** {@code retain.sources.qualtrics.*}: response exports of one NPS survey. */
  public record Qualtrics(
      @DefaultValue("false") boolean enabled,
      URI baseUrl,
      String apiToken,
      String surveyId,
      String npsQuestionId,
      String commentQuestionId,
      String accountIdField,
      @DefaultValue("1000") int pageSize,
      @DefaultValue("2s") Duration pollInterval,
      @DefaultValue("150") int maxPolls) {
    private static final Pattern SURVEY_ID = Pattern.compile("SV_[A-Za-z0-9]+");

    public Qualtrics {
      if (enabled) {
        String k = P + "qualtrics.";
        Required.check(k + "base-url", baseUrl);
        Required.check(k + "api-token", apiToken);
        Required.check(k + "survey-id", surveyId);
        if (!SURVEY_ID.matcher(surveyId).matches()) {
          throw new IllegalArgumentException(
              k + "survey-id must look like SV_xxxxxxxx, got: " + surveyId);
        }
        Required.check(k + "nps-question-id", npsQuestionId);
        Required.range(k + "page-size", pageSize, 1, 100_000);
        Required.positive(k + "poll-interval", pollInterval);
        Required.range(k + "max-polls", maxPolls, 1, 10_000);
      }
    }

    @Override
    public String toString() {
      return "Qualtrics[enabled="
          + enabled
          + ", baseUrl="
          + baseUrl
          + ", apiToken=****, surveyId="
          + surveyId
          + "]";
    }
  }

  /** {@code retain.sources.mixpanel.*}: raw event export with a service account. */
  public record Mixpanel(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("https://data.mixpanel.com") URI baseUrl,
      String projectId,
      String serviceAccountUser,
      String serviceAccountSecret,
      String accountProperty,
      @DefaultValue Set<String> loginEvents,
      @DefaultValue Set<String> coreEvents,
      @DefaultValue Set<String> secondaryEvents,
      LocalDate startDate,
      @DefaultValue("1") int lagDays) {
    public Mixpanel {
      if (enabled) {
        String k = P + "mixpanel.";
        Required.check(k + "base-url", baseUrl);
        Required.check(k + "project-id", projectId);
        if (!projectId.strip().matches("\\d+")) {
          throw new IllegalArgumentException(k + "project-id must be numeric, got: " + projectId);
        }
        Required.check(k + "service-account-user", serviceAccountUser);
        Required.check(k + "service-account-secret", serviceAccountSecret);
        Required.check(k + "account-property", accountProperty);
        Required.check(k + "start-date", startDate);
        Required.range(k + "lag-days", lagDays, 0, 30);
      }
    }

    @Override
    public String toString() {
      return "Mixpanel[enabled="
          + enabled
          + ", baseUrl="
          + baseUrl
          + ", projectId="
          + projectId
          + ", serviceAccountUser="
          + serviceAccountUser
          + ", serviceAccountSecret=****]";
    }
  }

  /**
   * {@code retain.sources.segment.*}: an HTTP endpoint ({@code POST /v1/batch}) for Segment-spec
   * senders, listening on {@code bind-address}:{@code port} while the app runs.
   */
  public record Segment(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("0.0.0.0") String bindAddress,
      @DefaultValue("8088") int port,
      String writeKey,
      @DefaultValue("segment") String system,
      @DefaultValue("groupId") String accountProperty,
      @DefaultValue Set<String> loginEvents,
      @DefaultValue Set<String> coreEvents,
      @DefaultValue Set<String> secondaryEvents,
      @DefaultValue("100000") int queueCapacity,
      @DefaultValue("1000") int pageSize) {
    public Segment {
      if (enabled) {
        String k = P + "segment.";
        Required.check(k + "bind-address", bindAddress);
        Required.range(k + "port", port, 0, 65_535);
        Required.check(k + "write-key", writeKey);
        Required.check(k + "system", system);
        Required.check(k + "account-property", accountProperty);
        Required.range(k + "queue-capacity", queueCapacity, 1, 10_000_000);
        Required.range(k + "page-size", pageSize, 1, 100_000);
      }
    }

    @Override
    public String toString() {
      return "Segment[enabled="
          + enabled
          + ", bindAddress="
          + bindAddress
          + ", port="
          + port
          + ", writeKey=****]";
    }
  }

  /**
   * {@code retain.sources.file-drop.*}: CSV or JSONL files for every canonical entity in one
   * directory ({@code accounts-*.csv}, {@code tickets-*.jsonl}, …; the extension decides the
   * format).
   *
   * @param entities the entities whose files are read; empty reads all of them
   * @param columns per entity, canonical column name to the file's column name
   */
  public record FileDrop(
      @DefaultValue("false") boolean enabled,
      Path directory,
      @DefaultValue("files") String system,
      @DefaultValue("5000") int pageSize,
      @DefaultValue Set<Entity> entities,
      @DefaultValue Map<Entity, Map<String, String>> columns) {
    public FileDrop {
      if (enabled) {
        String k = P + "file-drop.";
        Required.check(k + "directory", directory);
        Required.check(k + "system", system);
        Required.range(k + "page-size", pageSize, 1, 1_000_000);
      }
    }
  }

  /**
   * {@code retain.sources.jdbc.*}: SQL queries against one database, each read incrementally as one
   * canonical entity (stream {@code jdbc.<query name>}).
   *
   * @param url JDBC URL; the driver must be on the class path (PostgreSQL's is)
   * @param system the system token the records carry (e.g. {@code billing})
   * @param queries by name (lower case, digits, underscores)
   */
  public record Jdbc(
      @DefaultValue("false") boolean enabled,
      String url,
      String user,
      String password,
      @DefaultValue("jdbc") String system,
      @DefaultValue("1000") int fetchSize,
      @DefaultValue("5000") int pageSize,
      @DefaultValue Map<String, JdbcQuery> queries) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public Jdbc {
      if (enabled) {
        String k = P + "jdbc.";
        Required.check(k + "url", url);
        if (!url.startsWith("jdbc:")) {
          throw new IllegalArgumentException(k + "url must start with jdbc:, got: " + url);
        }
        Required.check(k + "user", user);
        if (password == null) {
          throw new IllegalArgumentException(
              k + "password is required when the source is enabled (may be empty)");
        }
        Required.check(k + "system", system);
        Required.range(k + "fetch-size", fetchSize, 1, 100_000);
        Required.range(k + "page-size", pageSize, 1, 1_000_000);
        if (queries.isEmpty()) {
          throw new IllegalArgumentException(
              k
                  + "queries is required when the source is enabled: one entry per query, e.g. "
                  + k
                  + "queries.invoices.sql");
        }
        queries.forEach(
            (name, q) -> {
              String qk = k + "queries." + name + ".";
              if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                    k + "queries: the query name '" + name + "' must be lower case (a-z, 0-9, _)");
              }
              Required.check(qk + "sql", q.sql());
              column(qk + "incremental-column", q.incrementalColumn());
              column(qk + "id-column", q.idColumn());
              Required.check(qk + "entity", q.entity());
            });
      }
    }

    private static void column(String key, String value) {
      Required.check(key, value);
      if (!COLUMN.matcher(value).matches()) {
        throw new IllegalArgumentException(key + " must be a plain column name, got: " + value);
      }
    }

    @Override
    public String toString() {
      return "Jdbc[enabled="
          + enabled
          + ", url="
          + url
          + ", user="
          + user
          + ", password=****, queries="
          + queries.keySet()
          + "]";
    }
  }

  /**
   * {@code retain.sources.jdbc.queries.<name>.*}: one query.
   *
   * @param sql without ORDER BY; wrapped as a sub-select
   * @param incrementalColumn a column that grows when a row changes (e.g. {@code updated_at})
   * @param idColumn a unique column, the tie-breaker
   * @param entity the canonical entity every row maps to
   * @param columns canonical column name to the query's column name
   */
  public record JdbcQuery(
      String sql,
      String incrementalColumn,
      String idColumn,
      Entity entity,
      @DefaultValue Map<String, String> columns) {}

  /** {@code retain.sources.usage-files.*}: a directory of daily usage JSONL files. */
  public record UsageFiles(@DefaultValue("false") boolean enabled, Path directory) {
    public UsageFiles {
      if (enabled) {
        Required.check("retain.sources.usage-files.directory", directory);
      }
    }
  }
}
