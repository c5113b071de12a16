package dev.retain.scoring.scorecard;

import static java.util.Objects.requireNonNull;

/**
 * How one measure moved a customer's score.
 *
 * @param measure the measure
 * @param value the feature's value
 * @param weight the effective weight after redistribution (the weights of a score sum to 1)
 * @param contribution signed points added to or taken from the neutral 50, rounded to hundredths
 * @param reason the value in plain words
 */
public record ScoredMeasure(
    Measure measure, double value, double weight, double contribution, String reason) {

  public ScoredMeasure {
    requireNonNull(measure, "measure");
    requireNonNull(reason, "reason");
  }
}
