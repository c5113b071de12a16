package dev.retain.scoring.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Settings under {@code retain.security}: how callers authenticate. Unknown keys stop start-up.
 *
 * @param mode {@code api-key} (the default), {@code jwt} or {@code none}
 * @param apiKeys the accepted values of the {@code X-API-Key} header (a comma-separated list)
 * @param apiKey one more accepted key, for launchers that pass a single one
 * @param allowNone must be true for {@code mode=none}: no authentication, for local development
 * @param jwt how bearer tokens are checked in {@code jwt} mode
 */
@ConfigurationProperties(prefix = "retain.security", ignoreUnknownFields = false)
public record SecurityProperties(
    @DefaultValue("api-key") Mode mode,
    List<String> apiKeys,
    String apiKey,
    @DefaultValue("false") boolean allowNone,
    @DefaultValue Jwt jwt) {

  public static final String PREFIX = "retain.security";

  /** How callers authenticate. */
  public enum Mode {
    /** An {@code X-API-Key} header holding one of the configured keys. */
    API_KEY,
    /** An OAuth2 JWT bearer token. */
    JWT,
    /** Nobody: local development only, and only with {@code allow-none=true}. */
    NONE
  }

  /**
   * {@code retain.security.jwt}: where the signing keys come from (one of issuer-uri, jwk-set-uri,
   * public-key-location) and what a token must say.
   *
   * @param issuerUri the issuer; its discovery document gives the JWK set when no other source is
   *     set, and the {@code iss} claim must match it
   * @param jwkSetUri the JWK set to verify signatures with
   * @param publicKeyLocation an RSA public key (X.509 PEM) to verify signatures with, for example
   *     {@code file:/etc/retain/jwt.pub}
   * @param audience when set, the {@code aud} claim must contain it
   * @param adminScope the scope that replacing the scorecard and the model lifecycle (train,
   *     activate, roll back) need; scoring and reading need only a valid token
   */
  public record Jwt(
      URI issuerUri,
      URI jwkSetUri,
      Resource publicKeyLocation,
      String audience,
      @DefaultValue("retain.admin") String adminScope) {}

  /** The configured API keys: {@code api-keys} and {@code api-key}, blanks left out. */
  public Set<String> keys() {
    List<String> all = new ArrayList<>();
    if (apiKeys != null) {
      all.addAll(apiKeys);
    }
    if (apiKey != null) {
      all.add(apiKey);
    }
    Set<String> keys = new LinkedHashSet<>();
    for (String key : all) {
      if (key != null && !key.isBlank()) {
        keys.add(key.strip());
      }
    }
    return keys;
  }
}
