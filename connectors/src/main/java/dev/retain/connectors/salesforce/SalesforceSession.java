package dev.retain.connectors.salesforce;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The org's OAuth session: a bearer token from the client-credentials flow, fetched on first use
 * and again once when Salesforce answers 401 INVALID_SESSION_ID. Every request goes through {@link
 * #send}.
 */
final class SalesforceSession {
  private static final Logger log = LoggerFactory.getLogger(SalesforceSession.class);

  record Token(String accessToken, URI instanceUrl) {
    @Override
    public String toString() {
      return "Token[accessToken=****, instanceUrl=" + instanceUrl + "]";
    }
  }

  /** Builds the request URI from the session's instance URL. */
  @FunctionalInterface
  interface Target {
    URI uri(URI instanceUrl);
  }

  private final SalesforceSettings settings;
  private final HttpTransport transport;
  private final JwtAssertion assertion;
  private Token token;

  SalesforceSession(SalesforceSettings settings, HttpTransport transport) {
    this(settings, transport, Clock.systemUTC());
  }

  SalesforceSession(SalesforceSettings settings, HttpTransport transport, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.assertion =
        settings.usesJwt() ? new JwtAssertion(settings.clientId(), settings.jwt(), clock) : null;
  }

  /**
   * Sends an authenticated GET; on 401 it fetches a new token and tries once more. The returned
   * response is 2xx and its body must be closed.
   */
  HttpResponse<InputStream> send(Target target, String what) {
    Token used = token();
    try {
      return transport.send(request(target, used), what);
    } catch (ConnectorException e) {
      if (e.code() != ConnectorErrorCode.AUTHENTICATION_FAILED) {
        throw e;
      }
      log.info("salesforce: session rejected during {}; authenticating again", what);
      Token fresh = renew(used);
      return transport.send(request(target, fresh), what + " (after re-authenticating)");
    }
  }

  synchronized Token token() {
    if (token == null) {
      token = authenticate();
    }
    return token;
  }

  private synchronized Token renew(Token stale) {
    if (token == null || token.equals(stale)) {
      token = authenticate();
    }
    return token;
  }

  private HttpRequest request(Target target, Token t) {
    return HttpRequest.newBuilder(target.uri(t.instanceUrl()))
        .GET()
        .header("Authorization", "Bearer " + t.accessToken())
        .header("Accept", "application/json")
        .header("Sforce-Query-Options", "batchSize=" + settings.batchSize())
        .build();
  }

  /**
   * POST {loginUrl}/services/oauth2/token with grant_type=client_credentials, or with the JWT
   * bearer grant and a freshly signed assertion.
   */
  Token authenticate() {
    URI uri = URI.create(settings.loginUrl() + "/services/oauth2/token");
    String form =
        assertion != null
            ? "grant_type="
                + URLEncoder.encode(
                    "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&assertion="
                + URLEncoder.encode(assertion.sign(), StandardCharsets.UTF_8)
            : "grant_type=client_credentials&client_id="
                + URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8)
                + "&client_secret="
                + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .build();
    String what =
        "POST "
            + uri
            + (assertion != null
                ? " (OAuth JWT bearer token)"
                : " (OAuth client-credentials token)");
    HttpResponse<InputStream> response;
    try {
      response = transport.send(request, what);
    } catch (ConnectorException e) {
      if (assertion != null
          && (e.code() == ConnectorErrorCode.REQUEST_REJECTED
              || e.code() == ConnectorErrorCode.AUTHENTICATION_FAILED)) {
        throw new ConnectorException(
            ConnectorErrorCode.AUTHENTICATION_FAILED,
            "Salesforce rejected the JWT bearer assertion of connected app "
                + settings.clientId()
                + " for user "
                + settings.jwt().username()
                + " (check that the connected app holds the certificate of the private key, that"
                + " the user is pre-authorized for the app, and the audience "
                + settings.jwt().audience()
                + "): "
                + e.getMessage(),
            e);
      }
      if (e.code() == ConnectorErrorCode.REQUEST_REJECTED
          || e.code() == ConnectorErrorCode.AUTHENTICATION_FAILED) {
        throw new ConnectorException(
            ConnectorErrorCode.AUTHENTICATION_FAILED,
            "Salesforce rejected the client credentials of connected app "
                + settings.clientId()
                + " (check clientId/clientSecret, that the client-credentials flow is enabled and"
                + " has a run-as user): "
                + e.getMessage(),
            e);
      }
      throw e;
    }
    String accessToken = null;
    String instanceUrl = null;
    try (InputStream in = response.body();
        JsonParser p = SalesforceJson.MAPPER.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ConnectorException(
            ConnectorErrorCode.MALFORMED_RESPONSE,
            "salesforce: " + what + " did not answer a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "access_token" -> accessToken = p.getValueAsString();
          case "instance_url" -> instanceUrl = p.getValueAsString();
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new ConnectorException(
          ConnectorErrorCode.MALFORMED_RESPONSE,
          "salesforce: " + what + " answered a body that is not JSON: " + e.getMessage(),
          e);
    }
    if (accessToken == null || accessToken.isBlank() || instanceUrl == null) {
      throw new ConnectorException(
          ConnectorErrorCode.MALFORMED_RESPONSE,
          "salesforce: " + what + " answered without access_token or instance_url");
    }
    URI instance;
    try {
      instance = URI.create(instanceUrl.replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(
          ConnectorErrorCode.MALFORMED_RESPONSE,
          "salesforce: " + what + " answered an instance_url that is not a URL: " + instanceUrl);
    }
    return new Token(accessToken, instance);
  }
}
