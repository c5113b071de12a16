package dev.retain.scoring.security;

import static java.util.Objects.requireNonNull;

/** Security settings the service cannot start with; {@link #key()} names the setting. */
final class InvalidSecuritySettingsException extends IllegalStateException {

  private final String key;

  InvalidSecuritySettingsException(String key, String problem) {
    super(requireNonNull(key, "key") + ": " + requireNonNull(problem, "problem"));
    this.key = key;
  }

  InvalidSecuritySettingsException(String key, String problem, Throwable cause) {
    this(key, problem);
    initCause(cause);
  }

  String key() {
    return key;
  }
}
