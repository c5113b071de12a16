package dev.retain.scoring.models;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A loaded churn model: the probability that a customer churns within its horizon, and why. */
public interface ChurnPredictor {

  /** The version reported with every probability it gives. */
  String version();

  /** How the drivers are computed (for example exact-linear, blend-exact or occlusion). */
  String explanation();

  /** The model's numeric input columns. */
  Set<String> numericColumns();

  /** The model's categorical input columns. */
  Set<String> categoricalColumns();

  /**
   * Scores a batch of customers from their named values (numbers for numeric columns, strings for
   * categorical ones); absent columns are imputed and the estimate says so in its notes.
   *
   * @param drivers how many of the largest drivers to return per customer; 0 for none
   */
  List<ChurnEstimate> estimate(List<Map<String, Object>> customers, int drivers);

  /**
   * One customer's churn estimate.
   *
   * @param probability calibrated churn probability, 0 to 1
   * @param flagged whether it reaches the model's operating threshold (null when none is stored)
   * @param drivers the largest drivers, largest absolute contribution first
   * @param notes what was assumed for the customer (imputed values, unseen levels)
   */
  record ChurnEstimate(
      double probability, Boolean flagged, List<Driver> drivers, List<String> notes) {}

  /**
   * A driver of a churn estimate.
   *
   * @param feature a column, or "a & b" for a crossing of two
   * @param value the customer's value(s) of it
   * @param contribution change in calibrated churn log-odds; positive raises the risk
   */
  record Driver(String feature, String value, double contribution) {}
}
