package dev.retain.connectors.freshdesk;

import static dev.retain.connectors.support.SettingsChecks.between;
import static dev.retain.connectors.support.SettingsChecks.httpUrl;
import static dev.retain.connectors.support.SettingsChecks.notBlank;
import static dev.retain.connectors.support.SettingsChecks.notNegative;
import static dev.retain.connectors.support.SettingsChecks.required;

import dev.retain.connectors.http.HttpSettings;
import java.net.URI;
import java.time.Duration;

/**
 * How Retain reaches a Freshdesk helpdesk.
 *
 * @param baseUrl {@code https://<domain>.freshdesk.com} (the {@code /api/v2/...} paths are
 *     appended)
 * @param apiKey an agent's API key, sent as the Basic-auth user with password {@code X}; never
 *     printed
 * @param perPage records per page, 1 to 100 (Freshdesk's maximum)
 * @param maxPagesPerQuery Freshdesk serves at most 300 pages of one ticket listing; the stream
 *     restarts its query from the last updated_at before it reaches this many pages (1 to 300)
 * @param accountIdField the company custom field (key in {@code custom_fields}) holding the CRM
 *     account id; it becomes {@link dev.retain.model.Account#externalId()}
 * @param lookback how far before the saved cursor a new query starts, for late records
 * @param http transport settings
 */
public record FreshdeskSettings(
    URI baseUrl,
    String apiKey,
    int perPage,
    int maxPagesPerQuery,
    String accountIdField,
    Duration lookback,
    HttpSettings http) {

  public static final int MAX_PAGES = 300;
  public static final String DEFAULT_ACCOUNT_ID_FIELD = "salesforce_account_id";

  public FreshdeskSettings {
    baseUrl = httpUrl(baseUrl, "freshdesk.baseUrl");
    apiKey = notBlank(apiKey, "freshdesk.apiKey");
    between(perPage, 1, 100, "freshdesk.perPage");
    between(maxPagesPerQuery, 1, MAX_PAGES, "freshdesk.maxPagesPerQuery");
    accountIdField = notBlank(accountIdField, "freshdesk.accountIdField");
    notNegative(lookback, "freshdesk.lookback");
    required(http, "freshdesk.http");
  }

  public static FreshdeskSettings of(URI baseUrl, String apiKey) {
    return new FreshdeskSettings(
        baseUrl,
        apiKey,
        100,
        MAX_PAGES,
        DEFAULT_ACCOUNT_ID_FIELD,
        Duration.ZERO,
        HttpSettings.DEFAULT);
  }

  public FreshdeskSettings withPaging(int perPage, int maxPagesPerQuery) {
    return new FreshdeskSettings(
        baseUrl, apiKey, perPage, maxPagesPerQuery, accountIdField, lookback, http);
  }

  public FreshdeskSettings withApiKey(String apiKey) {
    return new FreshdeskSettings(
        baseUrl, apiKey, perPage, maxPagesPerQuery, accountIdField, lookback, http);
  }

  public FreshdeskSettings withAccountIdField(String accountIdField) {
    return new FreshdeskSettings(
        baseUrl, apiKey, perPage, maxPagesPerQuery, accountIdField, lookback, http);
  }

  public FreshdeskSettings withLookback(Duration lookback) {
    return new FreshdeskSettings(
        baseUrl, apiKey, perPage, maxPagesPerQuery, accountIdField, lookback, http);
  }

  public FreshdeskSettings withHttp(HttpSettings http) {
    return new FreshdeskSettings(
        baseUrl, apiKey, perPage, maxPagesPerQuery, accountIdField, lookback, http);
  }

  @Override
  public String toString() {
    return "FreshdeskSettings[baseUrl="
        + baseUrl
        + ", apiKey=****, perPage="
        + perPage
        + ", maxPagesPerQuery="
        + maxPagesPerQuery
        + ", accountIdField="
        + accountIdField
        + ", lookback="
        + lookback
        + ", http="
        + http
        + "]";
  }
}
