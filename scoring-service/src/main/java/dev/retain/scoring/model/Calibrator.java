package dev.retain.scoring.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Maps a model's raw probability to a calibrated one; fitted on out-of-fold predictions.
 *
 * <p>{@link Method#PLATT}: {@code p = sigmoid(a · logit(raw) + b)}, fitted by Newton's method on
 * the log loss (with Platt's target smoothing). Being affine in log-odds, it keeps a linear model's
 * log-odds contributions exact (scaled by {@code a}). {@link Method#ISOTONIC}: a non-decreasing
 * step function fitted by pool-adjacent-violators, interpolated linearly between block centres.
 *
 * @param a Platt slope (1 otherwise)
 * @param b Platt intercept (0 otherwise)
 * @param x isotonic knots: raw probabilities (ascending)
 * @param y isotonic values at the knots
 */
public record Calibrator(Method method, double a, double b, List<Double> x, List<Double> y) {

  public enum Method {
    NONE,
    PLATT,
    ISOTONIC
  }

  public Calibrator {
    requireNonNull(method, "method");
    x = x == null ? List.of() : List.copyOf(x);
    y = y == null ? List.of() : List.copyOf(y);
  }

  public static Calibrator identity() {
    return new Calibrator(Method.NONE, 1, 0, List.of(), List.of());
  }

  public static Calibrator fit(Method method, double[] outcomes, double[] raw) {
    return switch (method) {
      case NONE -> identity();
      case PLATT -> platt(outcomes, raw);
      case ISOTONIC -> isotonic(outcomes, raw);
    };
  }

  /** The calibrated probability. */
  public double apply(double raw) {
    return switch (method) {
      case NONE -> raw;
      case PLATT -> sigmoid(a * logit(raw) + b);
      case ISOTONIC -> interpolate(raw);
    };
  }

  public double[] apply(double[] raw) {
    return Arrays.stream(raw).map(this::apply).toArray();
  }

  public static double logit(double p) {
    double q = Math.min(1 - 1e-12, Math.max(1e-12, p));
    return Math.log(q / (1 - q));
  }

  public static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static Calibrator platt(double[] outcomes, double[] raw) {
    double positives = Arrays.stream(outcomes).sum();
    double negatives = outcomes.length - positives;
    double hi = (positives + 1) / (positives + 2);
    double lo = 1 / (negatives + 2);
    double[] t = Arrays.stream(outcomes).map(v -> v == 1 ? hi : lo).toArray();
    double[] f = Arrays.stream(raw).map(Calibrator::logit).toArray();
    double a = 1;
    double b = 0;
    for (int iter = 0; iter < 100; iter++) {
      double ga = 0;
      double gb = 0;
      double haa = 1e-12;
      double hab = 0;
      double hbb = 1e-12;
      for (int i = 0; i < f.length; i++) {
        double p = sigmoid(a * f[i] + b);
        double d = p - t[i];
        double w = p * (1 - p);
        ga += d * f[i];
        gb += d;
        haa += w * f[i] * f[i];
        hab += w * f[i];
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-10) {
        break;
      }
    }
    return new Calibrator(Method.PLATT, a, b, List.of(), List.of());
  }

  private static Calibrator isotonic(double[] outcomes, double[] raw) {
    Integer[] order = new Integer[raw.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> raw[i]));
    // blocks: sum of outcomes, weight, sum of raw (for the block centre)
    List<double[]> blocks = new ArrayList<>();
    for (int k = 0; k < order.length; ) {
      int j = k;
      double sy = 0;
      double sx = 0;
      while (j < order.length && raw[order[j]] == raw[order[k]]) {
        sy += outcomes[order[j]];
        sx += raw[order[j]];
        j++;
      }
      blocks.add(new double[] {sy, j - k, sx});
      k = j;
      while (blocks.size() > 1) {
        double[] last = blocks.get(blocks.size() - 1);
        double[] prev = blocks.get(blocks.size() - 2);
        if (prev[0] / prev[1] <= last[0] / last[1]) {
          break;
        }
        prev[0] += last[0];
        prev[1] += last[1];
        prev[2] += last[2];
        blocks.remove(blocks.size() - 1);
      }
    }
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (double[] block : blocks) {
      xs.add(block[2] / block[1]);
      ys.add(block[0] / block[1]);
    }
    return new Calibrator(Method.ISOTONIC, 1, 0, xs, ys);
  }

  private double interpolate(double raw) {
    if (x.isEmpty()) {
      return raw;
    }
    if (raw <= x.get(0)) {
      return y.get(0);
    }
    int last = x.size() - 1;
    if (raw >= x.get(last)) {
      return y.get(last);
    }
    int lo = 0;
    int hi = last;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (x.get(mid) <= raw) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double t = (raw - x.get(lo)) / (x.get(hi) - x.get(lo));
    return y.get(lo) + t * (y.get(hi) - y.get(lo));
  }
}
