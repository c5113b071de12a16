package dev.retain.scoring.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains security settings that stopped start-up, naming the key. */
class SecuritySettingsFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidSecuritySettingsException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecuritySettingsException cause) {
    return new FailureAnalysis(
        "The security settings are invalid: " + cause.getMessage(),
        "Fix "
            + cause.key()
            + " (retain.security.mode is api-key, jwt or none; see docs/scoring.md).",
        cause);
  }
}
