package dev.retain.scoring.scorecard;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a scorecard that stopped start-up, naming the key. */
class ScorecardFailureAnalyzer extends AbstractFailureAnalyzer<InvalidScorecardException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidScorecardException cause) {
    return new FailureAnalysis(
        "The health scorecard is invalid: " + cause.getMessage(),
        "Fix " + cause.key() + " (see docs/scoring.md for the scorecard settings).",
        cause);
  }
}
