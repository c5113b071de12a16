package dev.retain.connectors.zendesk;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpSettings;
import java.net.URI;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * How to reach one Zendesk Support account.
 *
 * <p>Authentication is either an API token ({@code email} + {@code apiToken}, sent as Basic {@code
 * {email}/token:{api_token}}) or an OAuth access token ({@code oauthToken}, sent as Bearer);
 * exactly one of the two must be set.
 *
 * @param baseUrl {@code https://{subdomain}.zendesk.com}, or any base URL (a proxy, a sandbox)
 * @param pageSize {@code per_page} of the incremental exports, 1 to 1000
 * @param accountIdField where the organization keeps the Salesforce account id: {@code external_id}
 *     (the default) or the key of one of its {@code organization_fields}
 * @param startTime where a first (full) read starts; the incremental exports return everything
 *     changed at or after it
 */
public record ZendeskSettings(
    URI baseUrl,
    String email,
    String apiToken,
    String oauthToken,
    int pageSize,
    String accountIdField,
    Instant startTime,
    HttpSettings http) {

  public static final String EXTERNAL_ID = "external_id";
  public static final int MAX_PAGE_SIZE = 1000;
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public ZendeskSettings {
    requireNonNull(baseUrl, "zendesk.baseUrl is null");
    if (baseUrl.getScheme() == null
        || !(baseUrl.getScheme().equals("https") || baseUrl.getScheme().equals("http"))
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "zendesk.baseUrl must be an http(s) URL such as https://acme.zendesk.com, got "
              + baseUrl);
    }
    String text = baseUrl.toString();
    if (text.endsWith("/")) {
      baseUrl = URI.create(text.substring(0, text.length() - 1));
    }
    boolean token = email != null || apiToken != null;
    if (token && oauthToken != null) {
      throw new IllegalArgumentException(
          "zendesk: set either zendesk.email + zendesk.apiToken or zendesk.oauthToken, not both");
    }
    if (!token && (oauthToken == null || oauthToken.isBlank())) {
      throw new IllegalArgumentException(
          "zendesk: credentials missing; set zendesk.email + zendesk.apiToken or"
              + " zendesk.oauthToken");
    }
    if (token) {
      if (email == null || email.indexOf('@') < 1) {
        throw new IllegalArgumentException(
            "zendesk.email must be the agent's email address, got " + email);
      }
      if (apiToken == null || apiToken.isBlank()) {
        throw new IllegalArgumentException("zendesk.apiToken is blank");
      }
    }
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "zendesk.pageSize must be 1.." + MAX_PAGE_SIZE + ", got " + pageSize);
    }
    accountIdField =
        accountIdField == null || accountIdField.isBlank() ? EXTERNAL_ID : accountIdField.strip();
    startTime = startTime == null ? Instant.EPOCH : startTime;
    if (startTime.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException(
          "zendesk.startTime must not be before 1970, got " + startTime);
    }
    http = http == null ? HttpSettings.DEFAULT : http;
  }

  /** API-token settings with the defaults: 1000 per page, {@code external_id}, from 1970. */
  public static ZendeskSettings apiToken(URI baseUrl, String email, String apiToken) {
    return new ZendeskSettings(
        baseUrl, email, apiToken, null, MAX_PAGE_SIZE, EXTERNAL_ID, Instant.EPOCH, null);
  }

  /** OAuth settings with the same defaults. */
  public static ZendeskSettings oauth(URI baseUrl, String accessToken) {
    return new ZendeskSettings(
        baseUrl, null, null, accessToken, MAX_PAGE_SIZE, EXTERNAL_ID, Instant.EPOCH, null);
  }

  /** {@code https://{subdomain}.zendesk.com}. */
  public static URI subdomain(String subdomain) {
    requireNonNull(subdomain, "zendesk.subdomain is null");
    if (!SUBDOMAIN.matcher(subdomain).matches()) {
      throw new IllegalArgumentException(
          "zendesk.subdomain must be the bare subdomain (acme for acme.zendesk.com), got "
              + subdomain);
    }
    return URI.create("https://" + subdomain + ".zendesk.com");
  }

  public ZendeskSettings withPageSize(int pageSize) {
    return new ZendeskSettings(
        baseUrl, email, apiToken, oauthToken, pageSize, accountIdField, startTime, http);
  }

  public ZendeskSettings withAccountIdField(String accountIdField) {
    return new ZendeskSettings(
        baseUrl, email, apiToken, oauthToken, pageSize, accountIdField, startTime, http);
  }

  public ZendeskSettings withStartTime(Instant startTime) {
    return new ZendeskSettings(
        baseUrl, email, apiToken, oauthToken, pageSize, accountIdField, startTime, http);
  }

  public ZendeskSettings withHttp(HttpSettings http) {
    return new ZendeskSettings(
        baseUrl, email, apiToken, oauthToken, pageSize, accountIdField, startTime, http);
  }

  /** The Authorization header value. */
  String authorization() {
    if (oauthToken != null) {
      return "Bearer " + oauthToken;
    }
    String pair = email + "/token:" + apiToken;
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "ZendeskSettings[baseUrl="
        + baseUrl
        + ", email="
        + email
        + ", apiToken="
        + (apiToken == null ? null : "****")
        + ", oauthToken="
        + (oauthToken == null ? null : "****")
        + ", pageSize="
        + pageSize
        + ", accountIdField="
        + accountIdField
        + ", startTime="
        + startTime
        + ", http="
        + http
        + "]";
  }
}
