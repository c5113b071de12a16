package dev.retain.scoring.model;

import java.util.List;

/**
 * One customer's churn score.
 *
 * @param probability calibrated churn probability
 * @param rawProbability the model's own probability before calibration
 * @param drivers every driver, largest absolute contribution first
 * @param explanation how the drivers were computed ({@link ChurnModel#explanationMethod()})
 * @param base the calibrated log-odds the drivers are measured from, so that base + Σ contributions
 *     = logit(probability) for an exact method; NaN for occlusion
 * @param notes what was assumed for this customer (imputed values, unseen levels)
 */
public record ChurnScore(
    double probability,
    double rawProbability,
    List<Driver> drivers,
    String explanation,
    double base,
    List<String> notes) {

  public ChurnScore {
    drivers = List.copyOf(drivers);
    notes = List.copyOf(notes);
  }

  /** The first {@code n} drivers. */
  public List<Driver> top(int n) {
    return drivers.subList(0, Math.min(n, drivers.size()));
  }

  /**
   * A driver of the churn score.
   *
   * @param name a column name, or "a & b" for a crossing of two columns
   * @param value the customer's raw value(s)
   * @param contribution change in calibrated churn log-odds attributed to it: positive raises risk
   */
  public record Driver(String name, String value, double contribution) {}
}
