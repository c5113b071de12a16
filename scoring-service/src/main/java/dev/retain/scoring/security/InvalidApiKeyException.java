package dev.retain.scoring.security;

import org.springframework.security.core.AuthenticationException;

/** An {@code X-API-Key} header that holds none of the configured keys. */
final class InvalidApiKeyException extends AuthenticationException {

  InvalidApiKeyException() {
    super("The " + ApiKeyAuthenticationFilter.HEADER + " header holds no valid key");
  }
}
