package dev.retain.connectors.delighted;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpSettings;
import java.net.URI;

/**
 * How Retain reaches a Delighted account.
 *
 * @param baseUrl {@code https://api.delighted.com} (the {@code /v1/...} paths are appended)
 * @param apiKey the account's secret API key, sent as the Basic-auth user; never printed
 * @param perPage responses per page, 1 to 100 (Delighted's maximum)
 * @param accountIdProperty the person property that carries the customer id (for example the
 *     Salesforce account id); it becomes {@link
 *     dev.retain.model.SurveyResponse#accountExternalId()}
 * @param http transport settings
 */
public record DelightedSettings(
    URI baseUrl, String apiKey, int perPage, String accountIdProperty, HttpSettings http) {

  public static final URI DEFAULT_BASE_URL = URI.create("https://api.delighted.com");
  public static final String DEFAULT_ACCOUNT_ID_PROPERTY = "Salesforce Account Id";

  public DelightedSettings {
    requireNonNull(baseUrl, "delighted.baseUrl is required");
    String scheme = baseUrl.getScheme();
    if (scheme == null
        || !(scheme.equals("https") || scheme.equals("http"))
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "delighted.baseUrl must be an absolute http(s) URL, got: " + baseUrl);
    }
    baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("delighted.apiKey is blank");
    }
    if (perPage < 1 || perPage > 100) {
      throw new IllegalArgumentException(
          "delighted.perPage must be between 1 and 100, got " + perPage);
    }
    if (accountIdProperty == null || accountIdProperty.isBlank()) {
      throw new IllegalArgumentException("delighted.accountIdProperty is blank");
    }
    requireNonNull(http, "delighted.http is required");
  }

  public static DelightedSettings of(URI baseUrl, String apiKey) {
    return new DelightedSettings(
        baseUrl, apiKey, 100, DEFAULT_ACCOUNT_ID_PROPERTY, HttpSettings.DEFAULT);
  }

  public DelightedSettings withPerPage(int perPage) {
    return new DelightedSettings(baseUrl, apiKey, perPage, accountIdProperty, http);
  }

  public DelightedSettings withAccountIdProperty(String property) {
    return new DelightedSettings(baseUrl, apiKey, perPage, property, http);
  }

  public DelightedSettings withApiKey(String apiKey) {
    return new DelightedSettings(baseUrl, apiKey, perPage, accountIdProperty, http);
  }

  public DelightedSettings withHttp(HttpSettings http) {
    return new DelightedSettings(baseUrl, apiKey, perPage, accountIdProperty, http);
  }

  @Override
  public String toString() {
    return "DelightedSettings[baseUrl="
        + baseUrl
        + ", apiKey=****, perPage="
        + perPage
        + ", accountIdProperty="
        + accountIdProperty
        + ", http="
        + http
        + "]";
  }
}
