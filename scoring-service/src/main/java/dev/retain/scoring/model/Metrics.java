package dev.retain.scoring.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Evaluation metrics for binary outcomes {@code y} (1 = churned, 0 = stayed) and predicted
 * probabilities or scores {@code p}. Plain functions, each unit-tested against hand-computed
 * values.
 */
public final class Metrics {

  /** Probabilities are clipped to [EPS, 1 - EPS] for log loss. */
  public static final double EPS = 1e-15;

  private Metrics() {}

  /**
   * ROC AUC: the probability that a random positive scores above a random negative, ties counting
   * one half (the Mann-Whitney U statistic with mid-ranks).
   */
  public static double rocAuc(double[] y, double[] p) {
    check(y, p);
    int n = y.length;
    Integer[] order = sortedAscending(p);
    double[] rank = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && p[order[j + 1]] == p[order[i]]) {
        j++;
      }
      double mid = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        rank[order[k]] = mid;
      }
      i = j + 1;
    }
    double positives = 0;
    double rankSum = 0;
    for (int k = 0; k < n; k++) {
      if (y[k] == 1) {
        positives++;
        rankSum += rank[k];
      }
    }
    double negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
  }

  /**
   * PR AUC as average precision: the sum over thresholds (distinct scores, descending) of the
   * precision at that threshold times the recall gained there (scikit-learn's {@code
   * average_precision_score}).
   */
  public static double prAuc(double[] y, double[] p) {
    check(y, p);
    Integer[] order = sortedAscending(p);
    double positives = Arrays.stream(y).sum();
    if (positives == 0) {
      return Double.NaN;
    }
    double tp = 0;
    double seen = 0;
    double ap = 0;
    double lastRecall = 0;
    int i = y.length - 1;
    while (i >= 0) {
      int j = i;
      while (j - 1 >= 0 && p[order[j - 1]] == p[order[i]]) {
        j--;
      }
      for (int k = j; k <= i; k++) {
        tp += y[order[k]];
        seen++;
      }
      double recall = tp / positives;
      ap += (recall - lastRecall) * (tp / seen);
      lastRecall = recall;
      i = j - 1;
    }
    return ap;
  }

  /** Mean negative log-likelihood (natural log), probabilities clipped to [EPS, 1 - EPS]. */
  public static double logLoss(double[] y, double[] p) {
    check(y, p);
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
      sum += y[i] == 1 ? -Math.log(q) : -Math.log(1 - q);
    }
    return sum / y.length;
  }

  /** Mean squared difference between probability and outcome. */
  public static double brier(double[] y, double[] p) {
    check(y, p);
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += (p[i] - y[i]) * (p[i] - y[i]);
    }
    return sum / y.length;
  }

  /**
   * One reliability bin: predictions in [lower, upper) (the last bin includes 1).
   *
   * @param meanPredicted mean predicted probability in the bin (NaN when empty)
   * @param observedRate share of positives in the bin (NaN when empty)
   */
  public record ReliabilityBin(
      double lower, double upper, int count, double meanPredicted, double observedRate) {}

  /**
   * Expected calibration error with its reliability bins.
   *
   * @param ece Σ (count / n) · |observedRate - meanPredicted| over non-empty bins
   */
  public record Calibration(double ece, List<ReliabilityBin> bins) {
    public Calibration {
      bins = List.copyOf(bins);
    }
  }

  /** ECE over {@code bins} equal-width bins of [0, 1]. */
  public static Calibration calibration(double[] y, double[] p, int bins) {
    check(y, p);
    int[] count = new int[bins];
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    for (int i = 0; i < y.length; i++) {
      int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(p[i] * bins)));
      count[b]++;
      sumP[b] += p[i];
      sumY[b] += y[i];
    }
    List<ReliabilityBin> out = new ArrayList<>();
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      double meanP = count[b] == 0 ? Double.NaN : sumP[b] / count[b];
      double rate = count[b] == 0 ? Double.NaN : sumY[b] / count[b];
      if (count[b] > 0) {
        ece += (double) count[b] / y.length * Math.abs(rate - meanP);
      }
      out.add(
          new ReliabilityBin((double) b / bins, (double) (b + 1) / bins, count[b], meanP, rate));
    }
    return new Calibration(ece, out);
  }

  /**
   * The top decile: the ceil(n / 10) highest scores (ties broken by input order).
   *
   * @param lift the positive rate in the top decile over the overall positive rate
   * @param recall the share of all positives that are in the top decile
   */
  public record TopDecile(int size, double positiveRate, double lift, double recall) {}

  public static TopDecile topDecile(double[] y, double[] p) {
    check(y, p);
    int n = y.length;
    int k = (int) Math.ceil(n / 10.0);
    int[] order =
        IntStream.range(0, n)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -p[i]).thenComparingInt(i -> i))
            .mapToInt(Integer::intValue)
            .toArray();
    double top = 0;
    for (int i = 0; i < k; i++) {
      top += y[order[i]];
    }
    double positives = Arrays.stream(y).sum();
    double rate = top / k;
    double base = positives / n;
    return new TopDecile(k, rate, base == 0 ? Double.NaN : rate / base, top / positives);
  }

  /** Counts at a threshold: predicted positive when p >= threshold. */
  public record Confusion(
      double threshold,
      long truePositives,
      long falsePositives,
      long trueNegatives,
      long falseNegatives) {
    public double precision() {
      return truePositives + falsePositives == 0
          ? Double.NaN
          : (double) truePositives / (truePositives + falsePositives);
    }

    public double recall() {
      return truePositives + falseNegatives == 0
          ? Double.NaN
          : (double) truePositives / (truePositives + falseNegatives);
    }

    public double accuracy() {
      return (double) (truePositives + trueNegatives)
          / (truePositives + falsePositives + trueNegatives + falseNegatives);
    }
  }

  public static Confusion confusion(double[] y, double[] p, double threshold) {
    check(y, p);
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < y.length; i++) {
      boolean predicted = p[i] >= threshold;
      if (predicted && y[i] == 1) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (y[i] == 1) {
        fn++;
      } else {
        tn++;
      }
    }
    return new Confusion(threshold, tp, fp, tn, fn);
  }

  /** Every metric of one set of predictions. */
  public record Evaluation(
      int n,
      double positiveRate,
      double rocAuc,
      double prAuc,
      double logLoss,
      double brier,
      Calibration calibration,
      TopDecile topDecile,
      Confusion confusion) {}

  public static Evaluation evaluate(double[] y, double[] p, double threshold, int bins) {
    return new Evaluation(
        y.length,
        Arrays.stream(y).average().orElse(Double.NaN),
        rocAuc(y, p),
        prAuc(y, p),
        logLoss(y, p),
        brier(y, p),
        calibration(y, p, bins),
        topDecile(y, p),
        confusion(y, p, threshold));
  }

  private static Integer[] sortedAscending(double[] p) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < p.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    return order;
  }

  private static void check(double[] y, double[] p) {
    if (y.length != p.length) {
      throw new IllegalArgumentException(
          "outcomes and predictions differ in length: " + y.length + " vs " + p.length);
    }
    if (y.length == 0) {
      throw new IllegalArgumentException("no predictions to evaluate");
    }
    for (double v : y) {
      if (v != 0 && v != 1) {
        throw new IllegalArgumentException("outcomes must be 0 or 1, got " + v);
      }
    }
  }
}
