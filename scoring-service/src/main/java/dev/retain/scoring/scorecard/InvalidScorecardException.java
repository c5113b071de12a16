package dev.retain.scoring.scorecard;

import static java.util.Objects.requireNonNull;

/**
 * A scorecard that cannot be used. {@link #key()} names the offending setting, relative to the
 * scorecard (for example {@code measures[2].weight}) or, once the configuration layer has added its
 * prefix, as the full configuration key.
 */
public final class InvalidScorecardException extends IllegalArgumentException {

  private final String key;
  private final String problem;

  public InvalidScorecardException(String key, String problem) {
    super(requireNonNull(key, "key") + ": " + requireNonNull(problem, "problem"));
    this.key = key;
    this.problem = problem;
  }

  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }

  /** The same problem with {@code prefix} in front of the key. */
  public InvalidScorecardException withKeyPrefix(String prefix) {
    InvalidScorecardException prefixed = new InvalidScorecardException(prefix + key, problem);
    prefixed.initCause(this);
    return prefixed;
  }
}
