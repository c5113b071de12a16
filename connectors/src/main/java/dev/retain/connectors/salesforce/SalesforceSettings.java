package dev.retain.connectors.salesforce;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpSettings;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How Retain reaches one Salesforce org: OAuth 2.0 client-credentials flow (or the JWT bearer flow,
 * see {@link SalesforceJwt}) against {@code loginUrl} (a My Domain URL such as {@code
 * https://acme.my.salesforce.com}), then the REST query API on the {@code instance_url} the token
 * response names.
 *
 * @param loginUrl where {@code /services/oauth2/token} lives
 * @param clientId the connected app's consumer key
 * @param clientSecret the connected app's consumer secret; never printed
 * @param apiVersion REST API version such as {@code 62.0}
 * @param batchSize records per page ({@code Sforce-Query-Options: batchSize}), 200 to 2000
 * @param fields the org-specific field names
 * @param includeDeleted read through {@code queryAll} and emit deleted records as tombstones
 * @param lookback how far behind the saved SystemModstamp each new query starts; zero re-reads only
 *     the records that share the last timestamp, more also catches records whose transaction
 *     committed after a later one was read (they are landed again; upserts are idempotent)
 * @param http transport settings
 * @param jwt the JWT bearer flow instead of client credentials (then {@code clientSecret} is null);
 *     null for client credentials
 */
public record SalesforceSettings(
    URI loginUrl,
    String clientId,
    String clientSecret,
    String apiVersion,
    int batchSize,
    SalesforceFieldMapping fields,
    boolean includeDeleted,
    Duration lookback,
    HttpSettings http,
    SalesforceJwt jwt) {

  public static final String DEFAULT_API_VERSION = "62.0";
  public static final int DEFAULT_BATCH_SIZE = 2000;
  private static final Pattern VERSION = Pattern.compile("\\d{2,3}\\.\\d");

  public SalesforceSettings {
    requireNonNull(loginUrl, "salesforce.loginUrl is required");
    String scheme = loginUrl.getScheme();
    if (scheme == null
        || !(scheme.equals("https") || scheme.equals("http"))
        || loginUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "salesforce.loginUrl must be an absolute http(s) URL, got: " + loginUrl);
    }
    loginUrl = URI.create(loginUrl.toString().replaceAll("/+$", ""));
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("salesforce.clientId is blank");
    }
    if (jwt == null && (clientSecret == null || clientSecret.isBlank())) {
      throw new IllegalArgumentException(
          "salesforce.clientSecret is blank (set it for the client-credentials flow, or set"
              + " salesforce.jwt for the JWT bearer flow)");
    }
    if (jwt != null && clientSecret != null) {
      throw new IllegalArgumentException(
          "salesforce: set either salesforce.clientSecret (client credentials) or salesforce.jwt"
              + " (JWT bearer), not both");
    }
    requireNonNull(apiVersion, "salesforce.apiVersion is required");
    if (!VERSION.matcher(apiVersion).matches()) {
      throw new IllegalArgumentException(
          "salesforce.apiVersion must look like 62.0, got: " + apiVersion);
    }
    if (batchSize < 200 || batchSize > 2000) {
      throw new IllegalArgumentException(
          "salesforce.batchSize must be between 200 and 2000, got " + batchSize);
    }
    requireNonNull(fields, "salesforce.fields is required");
    requireNonNull(lookback, "salesforce.lookback is required");
    if (lookback.isNegative()) {
      throw new IllegalArgumentException("salesforce.lookback must not be negative");
    }
    requireNonNull(http, "salesforce.http is required");
  }

  /** Client-credentials settings (no JWT). */
  public SalesforceSettings(
      URI loginUrl,
      String clientId,
      String clientSecret,
      String apiVersion,
      int batchSize,
      SalesforceFieldMapping fields,
      boolean includeDeleted,
      Duration lookback,
      HttpSettings http) {
    this(
        loginUrl,
        clientId,
        clientSecret,
        apiVersion,
        batchSize,
        fields,
        includeDeleted,
        lookback,
        http,
        null);
  }

  /**
   * The JWT bearer flow with the defaults of {@link #of}: {@code clientId} is the connected app's
   * consumer key (the assertion's {@code iss}).
   */
  public static SalesforceSettings jwt(URI loginUrl, String clientId, SalesforceJwt jwt) {
    requireNonNull(jwt, "salesforce.jwt is required");
    return new SalesforceSettings(
        loginUrl,
        clientId,
        null,
        DEFAULT_API_VERSION,
        DEFAULT_BATCH_SIZE,
        SalesforceFieldMapping.DEFAULTS,
        true,
        Duration.ZERO,
        HttpSettings.DEFAULT,
        jwt);
  }

  /** Whether the JWT bearer flow is used instead of client credentials. */
  public boolean usesJwt() {
    return jwt != null;
  }

  /** The defaults: API 62.0, batches of 2000, default field names, deletes, no lookback. */
  public static SalesforceSettings of(URI loginUrl, String clientId, String clientSecret) {
    return new SalesforceSettings(
        loginUrl,
        clientId,
        clientSecret,
        DEFAULT_API_VERSION,
        DEFAULT_BATCH_SIZE,
        SalesforceFieldMapping.DEFAULTS,
        true,
        Duration.ZERO,
        HttpSettings.DEFAULT);
  }

  public SalesforceSettings withBatchSize(int batchSize) {
    return new SalesforceSettings(
        loginUrl,
        clientId,
        clientSecret,
        apiVersion,
        batchSize,
        fields,
        includeDeleted,
        lookback,
        http,
        jwt);
  }

  public SalesforceSettings withFields(SalesforceFieldMapping fields) {
    return new SalesforceSettings(
        loginUrl,
        clientId,
        clientSecret,
        apiVersion,
        batchSize,
        fields,
        includeDeleted,
        lookback,
        http,
        jwt);
  }

  public SalesforceSettings withIncludeDeleted(boolean includeDeleted) {
    return new SalesforceSettings(
        loginUrl,
        clientId,
        clientSecret,
        apiVersion,
        batchSize,
        fields,
        includeDeleted,
        lookback,
        http,
        jwt);
  }

  public SalesforceSettings withLookback(Duration lookback) {
    return new SalesforceSettings(
        loginUrl,
        clientId,
        clientSecret,
        apiVersion,
        batchSize,
        fields,
        includeDeleted,
        lookback,
        http,
        jwt);
  }

  public SalesforceSettings withHttp(HttpSettings http) {
    return new SalesforceSettings(
        loginUrl,
        clientId,
        clientSecret,
        apiVersion,
        batchSize,
        fields,
        includeDeleted,
        lookback,
        http,
        jwt);
  }

  public SalesforceSettings withClientSecret(String clientSecret) {
    return new SalesforceSettings(
        loginUrl,
        clientId,
        clientSecret,
        apiVersion,
        batchSize,
        fields,
        includeDeleted,
        lookback,
        http,
        jwt);
  }

  @Override
  public String toString() {
    return "SalesforceSettings[loginUrl="
        + loginUrl
        + ", clientId="
        + clientId
        + (jwt == null ? ", clientSecret=****" : ", jwt=" + jwt)
        + ", apiVersion="
        + apiVersion
        + ", batchSize="
        + batchSize
        + ", fields="
        + fields
        + ", includeDeleted="
        + includeDeleted
        + ", lookback="
        + lookback
        + ", http="
        + http
        + "]";
  }
}
