package dev.retain.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Fellegi-Sunter model: for each compared field, the probability of each comparison level among
 * true matches ({@code m}) and among non-matches ({@code u}), and the prior share of matches among
 * candidate pairs ({@code lambda}). A pair's match weight is {@code log2(lambda / (1 - lambda)) +
 * sum log2(m / u)} over the fields both records have.
 */
public record MatchModel(List<String> fields, double lambda, double[][] m, double[][] u) {
  private static final double FLOOR = 1e-6;

  public MatchModel {
    fields = List.copyOf(fields);
  }

  /** The prior's weight. */
  public double priorWeight() {
    return log2(lambda / (1 - lambda));
  }

  /** The weight of one field at one level (0 when the level is -1, a missing value). */
  public double weight(int field, int level) {
    return level < 0
        ? 0
        : log2(Math.max(m[field][level], FLOOR) / Math.max(u[field][level], FLOOR));
  }

  /** The total match weight of a comparison vector. */
  public double weight(int[] levels) {
    double w = priorWeight();
    for (int f = 0; f < levels.length; f++) {
      w += weight(f, levels[f]);
    }
    return w;
  }

  public static double probability(double weight) {
    double odds = Math.pow(2, weight);
    return Double.isInfinite(odds) ? 1.0 : odds / (1 + odds);
  }

  /**
   * Estimates the model the way Splink does: {@code u} from comparison levels of random pairs
   * (almost all non-matches), then {@code m} and {@code lambda} by expectation maximisation over
   * the candidate pairs, with {@code u} held fixed.
   *
   * @param patterns distinct comparison vectors of the candidate pairs with their counts
   * @param randomLevels comparison vectors of random pairs
   * @param levelCounts number of levels of each field
   */
  static MatchModel estimate(
      List<String> fields,
      int[] levelCounts,
      Map<Pattern, Long> patterns,
      List<int[]> randomLevels,
      int iterations) {
    int k = levelCounts.length;
    double[][] u = new double[k][];
    for (int f = 0; f < k; f++) {
      double[] counts = new double[levelCounts[f]];
      Arrays.fill(counts, 0.5); // Laplace smoothing: an unseen level is rare, not impossible
      for (int[] levels : randomLevels) {
        if (levels[f] >= 0) {
          counts[levels[f]]++;
        }
      }
      u[f] = normalised(counts);
    }
    double[][] m = new double[k][];
    for (int f = 0; f < k; f++) {
      int n = levelCounts[f];
      double[] init = new double[n];
      for (int l = 0; l < n; l++) {
        init[l] = l == n - 1 ? 0.85 : 0.15 / (n - 1);
      }
      m[f] = init;
    }
    double lambda = 0.1;
    List<Map.Entry<Pattern, Long>> rows = new ArrayList<>(patterns.entrySet());
    for (int it = 0; it < iterations; it++) {
      MatchModel current = new MatchModel(fields, lambda, m, u);
      double total = 0;
      double matches = 0;
      double[][] mCounts = new double[k][];
      for (int f = 0; f < k; f++) {
        mCounts[f] = new double[levelCounts[f]];
        Arrays.fill(mCounts[f], 1e-3);
      }
      for (var row : rows) {
        int[] levels = row.getKey().levels();
        double c = row.getValue();
        double p = probability(current.weight(levels));
        total += c;
        matches += c * p;
        for (int f = 0; f < k; f++) {
          if (levels[f] >= 0) {
            mCounts[f][levels[f]] += c * p;
          }
        }
      }
      double newLambda = Math.min(Math.max(matches / total, 1e-9), 1 - 1e-9);
      double[][] newM = new double[k][];
      double change = Math.abs(newLambda - lambda);
      for (int f = 0; f < k; f++) {
        newM[f] = normalised(mCounts[f]);
        for (int l = 0; l < newM[f].length; l++) {
          change = Math.max(change, Math.abs(newM[f][l] - m[f][l]));
        }
      }
      lambda = newLambda;
      m = newM;
      if (change < 1e-5) {
        break;
      }
    }
    return new MatchModel(fields, lambda, m, u);
  }

  /**
   * Learns the model from labelled pairs: {@code m} from the comparison vectors of true matches,
   * {@code u} from those of non-matches, {@code lambda} from their shares.
   */
  static MatchModel fromLabels(
      List<String> fields, int[] levelCounts, List<int[]> matches, List<int[]> nonMatches) {
    int k = levelCounts.length;
    double[][] m = new double[k][];
    double[][] u = new double[k][];
    for (int f = 0; f < k; f++) {
      m[f] = counts(matches, f, levelCounts[f]);
      u[f] = counts(nonMatches, f, levelCounts[f]);
    }
    double lambda = (matches.size() + 1.0) / (matches.size() + nonMatches.size() + 2.0);
    return new MatchModel(fields, lambda, m, u);
  }

  private static double[] counts(List<int[]> vectors, int f, int levels) {
    double[] c = new double[levels];
    Arrays.fill(c, 0.5);
    for (int[] v : vectors) {
      if (v[f] >= 0) {
        c[v[f]]++;
      }
    }
    return normalised(c);
  }

  private static double[] normalised(double[] counts) {
    double sum = 0;
    for (double c : counts) {
      sum += c;
    }
    double[] out = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = counts[i] / sum;
    }
    return out;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** A comparison vector, usable as a map key. */
  record Pattern(int[] levels) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Pattern p && Arrays.equals(levels, p.levels);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(levels);
    }
  }

  /** The model as text: per field and level, m, u and the weight. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    s.append(String.format("lambda %.6f (prior weight %.2f)%n", lambda, priorWeight()));
    for (int f = 0; f < fields.size(); f++) {
      for (int l = 0; l < m[f].length; l++) {
        s.append(
            String.format(
                "  %-16s level %d  m %.4f  u %.6f  weight %+.2f%n",
                fields.get(f), l, m[f][l], u[f][l], weight(f, l)));
      }
    }
    return s.toString();
  }
}
