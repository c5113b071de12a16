package dev.retain.scoring.models;

import java.util.Map;

/** A loaded churn model: the probability that a customer churns within its horizon. */
public interface ChurnPredictor {

  /** The version reported with every probability it gives. */
  String version();

  /**
   * The churn probability, 0 to 1, from the customer's named features; the model states how it
   * treats features that are absent.
   */
  double probability(Map<String, Double> features);
}
