package dev.retain.scoring.model;

import java.util.Arrays;
import java.util.Comparator;

/**
 * How the operating threshold on the calibrated churn probability is set.
 *
 * <p>{@code f1} (the default): the threshold that maximises F1 on the chosen candidate's pooled
 * out-of-fold calibrated probabilities (cross-fitted, so no row's probability was fitted on it).
 * {@code cost:R}: the threshold that minimises {@code false positives + R × false negatives} there
 * (R = what missing a churner costs relative to contacting a customer who would have stayed). A
 * number: that fixed threshold. The threshold is stored with the model ({@code manifest.json}) and
 * the evaluation reports the confusion matrix at it. Predicted positive when {@code p >=
 * threshold}.
 *
 * @param kind {@code fixed}, {@code f1} or {@code cost}
 * @param value the fixed threshold, or the cost ratio R
 */
public record ThresholdRule(String kind, double value) {

  public static final String FIXED = "fixed";
  public static final String F1 = "f1";
  public static final String COST = "cost";

  public ThresholdRule {
    switch (kind) {
      case FIXED -> {
        if (!(value > 0 && value < 1)) {
          throw new IllegalArgumentException("threshold must be in (0, 1), got " + value);
        }
      }
      case F1 -> value = Double.NaN;
      case COST -> {
        if (!(value > 0 && Double.isFinite(value))) {
          throw new IllegalArgumentException("the cost ratio must be > 0, got " + value);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "threshold rule must be f1, cost:R or a number, got " + kind);
    }
  }

  public static ThresholdRule fixed(double threshold) {
    return new ThresholdRule(FIXED, threshold);
  }

  public static ThresholdRule maxF1() {
    return new ThresholdRule(F1, Double.NaN);
  }

  public static ThresholdRule cost(double falseNegativeCost) {
    return new ThresholdRule(COST, falseNegativeCost);
  }

  /** Parses {@code f1}, {@code cost:R} or a number in (0, 1). */
  public static ThresholdRule parse(String text) {
    String t = text.trim().toLowerCase();
    if (t.equals(F1)) {
      return maxF1();
    }
    if (t.startsWith(COST + ":")) {
      return cost(Double.parseDouble(t.substring(COST.length() + 1)));
    }
    try {
      return fixed(Double.parseDouble(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "threshold must be f1, cost:R or a number in (0, 1), got '" + text + "'", e);
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FIXED -> String.valueOf(value);
      case F1 -> F1;
      default -> COST + ":" + value;
    };
  }

  /**
   * The threshold for these outcomes and probabilities: the fixed one, or the best candidate among
   * the distinct probabilities (a threshold equal to a probability predicts it positive).
   */
  public double choose(double[] y, double[] p) {
    if (kind.equals(FIXED)) {
      return value;
    }
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]));
    double positives = Arrays.stream(y).sum();
    double negatives = y.length - positives;
    double tp = 0;
    double fp = 0;
    double best = Double.NEGATIVE_INFINITY;
    double threshold = 0.5;
    for (int k = 0; k < order.length; ) {
      double t = p[order[k]];
      while (k < order.length && p[order[k]] == t) {
        if (y[order[k]] == 1) {
          tp++;
        } else {
          fp++;
        }
        k++;
      }
      double fn = positives - tp;
      double score =
          kind.equals(F1)
              ? 2 * tp / (2 * tp + fp + fn)
              : -(fp + value * fn) / (positives + negatives);
      if (score > best) {
        best = score;
        threshold = t;
      }
    }
    return threshold;
  }
}
