package dev.retain.scoring.scorecard;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A customer's health score.
 *
 * @param healthScore 0 to 100, rounded to hundredths
 * @param band the band of {@code healthScore}
 * @param drivers every measure present, the largest absolute contribution first; their
 *     contributions sum to {@code healthScore - 50} exactly (in hundredths)
 * @param missingMeasures names of the measures whose feature was absent, in scorecard order
 */
public record HealthScore(
    double healthScore, Band band, List<ScoredMeasure> drivers, List<String> missingMeasures) {

  public HealthScore {
    requireNonNull(band, "band");
    requireNonNull(drivers, "drivers");
    requireNonNull(missingMeasures, "missingMeasures");
  }
}
