package dev.retain.connectors.salesforce;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The OAuth 2.0 JWT bearer flow, an alternative to client credentials: Retain signs an assertion
 * (RS256, claims {@code iss} = the connected app's consumer key, {@code sub} = the integration
 * user's username, {@code aud} = the login server, {@code exp}) with the private key whose
 * certificate is uploaded to the connected app, and trades it for an access token.
 *
 * @param username the Salesforce username the token acts as ({@code sub}); the user must be
 *     pre-authorized for the connected app (admin-approved users, profile or permission set)
 * @param privateKeyFile a PEM file with the RSA private key, PKCS#8 ({@code BEGIN PRIVATE KEY}) or
 *     PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), unencrypted; read when the connector starts, never
 *     printed
 * @param audience {@code https://login.salesforce.com}, {@code https://test.salesforce.com} for a
 *     sandbox, or the Experience Cloud site URL
 * @param lifetime how long the assertion is valid; Salesforce accepts at most 3 minutes
 */
public record SalesforceJwt(String username, Path privateKeyFile, URI audience, Duration lifetime) {
  public static final URI PRODUCTION = URI.create("https://login.salesforce.com");
  public static final URI SANDBOX = URI.create("https://test.salesforce.com");

  public SalesforceJwt {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("salesforce.jwt.username is blank");
    }
    requireNonNull(privateKeyFile, "salesforce.jwt.privateKeyFile is required");
    if (!Files.isReadable(privateKeyFile)) {
      throw new IllegalArgumentException(
          "salesforce.jwt.privateKeyFile is not a readable file: " + privateKeyFile);
    }
    requireNonNull(audience, "salesforce.jwt.audience is required");
    if (audience.getScheme() == null || audience.getHost() == null) {
      throw new IllegalArgumentException(
          "salesforce.jwt.audience must be an absolute URL, got: " + audience);
    }
    audience = URI.create(audience.toString().replaceAll("/+$", ""));
    requireNonNull(lifetime, "salesforce.jwt.lifetime is required");
    if (lifetime.isNegative()
        || lifetime.isZero()
        || lifetime.compareTo(Duration.ofMinutes(3)) > 0) {
      throw new IllegalArgumentException(
          "salesforce.jwt.lifetime must be more than 0 and at most 3 minutes, got " + lifetime);
    }
  }

  /** For a production org, with an assertion valid for 3 minutes. */
  public static SalesforceJwt of(String username, Path privateKeyFile) {
    return new SalesforceJwt(username, privateKeyFile, PRODUCTION, Duration.ofMinutes(3));
  }

  public SalesforceJwt withAudience(URI audience) {
    return new SalesforceJwt(username, privateKeyFile, audience, lifetime);
  }
}
