package dev.retain.scoring.scorecard;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores customers with a {@link Scorecard}. Plain Java, immutable and thread-safe; the scorecard
 * is flattened into primitive arrays once, and scoring a customer allocates only its result.
 *
 * <p>Per measure i with its feature present: {@code g_i = clamp((value - bad) / (good - bad), 0,
 * 1)}; {@code w_i} = its weight divided by the sum of the weights of the measures present; the
 * score is {@code 100 * sum(w_i * g_i)} and the contribution of measure i is {@code 100 * w_i *
 * (g_i - 0.5)}, so that the contributions sum to {@code score - 50}. Scores and contributions are
 * rounded to hundredths, the contributions by largest remainder so that they still sum exactly.
 * Effective weights are reported rounded to millionths. Features the scorecard does not use are
 * ignored.
 */
public final class HealthScorer {

  private static final List<String> NONE_MISSING = List.of();

  private final Scorecard scorecard;
  private final Measure[] measures;
  private final String[] features;
  private final String[] contextFeatures;
  private final double[] weights;
  private final double[] bad;
  private final double[] span;

  public HealthScorer(Scorecard scorecard) {
    this.scorecard = requireNonNull(scorecard, "scorecard");
    measures = scorecard.measures().toArray(Measure[]::new);
    int n = measures.length;
    features = new String[n];
    contextFeatures = new String[n];
    weights = new double[n];
    bad = new double[n];
    span = new double[n];
    for (int i = 0; i < n; i++) {
      Measure m = measures[i];
      features[i] = m.feature();
      contextFeatures[i] = m.contextFeature();
      weights[i] = m.weight();
      bad[i] = m.bad();
      span[i] = m.good() - m.bad();
    }
  }

  public Scorecard scorecard() {
    return scorecard;
  }

  /**
   * A feature's value in the words of the first measure that reads it (as in its driver's reason),
   * or empty when no measure reads it or the customer has no finite value for it.
   */
  public Optional<String> describe(String feature, Map<String, Double> featureValues) {
    Double value = featureValues.get(feature);
    if (value == null || !Double.isFinite(value)) {
      return Optional.empty();
    }
    for (int i = 0; i < measures.length; i++) {
      if (features[i].equals(feature)) {
        Double context = contextFeatures[i] == null ? null : featureValues.get(contextFeatures[i]);
        return Optional.of(
            Reasons.describe(
                measures[i],
                value,
                context == null || !Double.isFinite(context) ? Double.NaN : context));
      }
    }
    return Optional.empty();
  }

  /**
   * Scores one customer.
   *
   * @param featureValues feature name to value; a null value counts as absent
   * @return the score, or empty when none of the scorecard's features is present
   * @throws IllegalArgumentException when a feature the scorecard uses is not a finite number
   */
  public Optional<HealthScore> score(Map<String, Double> featureValues) {
    int n = measures.length;
    double[] values = new double[n];
    double[] raw = new double[n];
    boolean[] present = new boolean[n];
    int presentCount = 0;
    double weightSum = 0;
    for (int i = 0; i < n; i++) {
      Double boxed = featureValues.get(features[i]);
      if (boxed == null) {
        continue;
      }
      double v = boxed;
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "feature " + features[i] + " is not a finite number: " + v);
      }
      values[i] = v;
      // temporarily the measure score g_i
      raw[i] = clamp01((v - bad[i]) / span[i]);
      present[i] = true;
      presentCount++;
      weightSum += weights[i];
    }
    if (presentCount == 0) {
      return Optional.empty();
    }

    int[] order = new int[presentCount];
    double[] effectiveWeights = new double[n];
    double sum = 0;
    for (int i = 0, k = 0; i < n; i++) {
      if (present[i]) {
        effectiveWeights[i] = weights[i] / weightSum;
        raw[i] = 100 * effectiveWeights[i] * (raw[i] - 0.5);
        sum += raw[i];
        order[k++] = i;
      }
    }
    long scoreCents = Math.max(0, Math.min(10_000, Math.round((50 + sum) * 100)));
    long[] cents = roundToTotal(raw, order, scoreCents - 5_000);
    sortByAbsoluteContribution(order, cents, raw);

    ScoredMeasure[] drivers = new ScoredMeasure[presentCount];
    for (int k = 0; k < presentCount; k++) {
      int i = order[k];
      Double context = contextFeatures[i] == null ? null : featureValues.get(contextFeatures[i]);
      double contextValue = context == null || !Double.isFinite(context) ? Double.NaN : context;
      drivers[k] =
          new ScoredMeasure(
              measures[i],
              values[i],
              Math.round(effectiveWeights[i] * 1e6) / 1e6,
              cents[i] / 100.0,
              Reasons.describe(measures[i], values[i], contextValue));
    }
    double healthScore = scoreCents / 100.0;
    return Optional.of(
        new HealthScore(
            healthScore,
            scorecard.band(healthScore),
            Collections.unmodifiableList(Arrays.asList(drivers)),
            missing(present, presentCount)));
  }

  private List<String> missing(boolean[] present, int presentCount) {
    if (presentCount == measures.length) {
      return NONE_MISSING;
    }
    String[] names = new String[measures.length - presentCount];
    for (int i = 0, k = 0; i < measures.length; i++) {
      if (!present[i]) {
        names[k++] = measures[i].name();
      }
    }
    return Collections.unmodifiableList(Arrays.asList(names));
  }

  /**
   * Rounds {@code raw[i]} (points) to whole cents for the indices in {@code order} so that they sum
   * to {@code totalCents}: floor everything, then give one cent each to the largest remainders.
   */
  private static long[] roundToTotal(double[] raw, int[] order, long totalCents) {
    long[] cents = new long[raw.length];
    double[] remainder = new double[raw.length];
    long floorSum = 0;
    for (int i : order) {
      double scaled = raw[i] * 100;
      cents[i] = (long) Math.floor(scaled);
      remainder[i] = scaled - cents[i];
      floorSum += cents[i];
    }
    long extra = Math.max(0, Math.min(order.length, totalCents - floorSum));
    for (long e = 0; e < extra; e++) {
      int best = -1;
      for (int i : order) {
        if (remainder[i] >= 0 && (best < 0 || remainder[i] > remainder[best])) {
          best = i;
        }
      }
      cents[best]++;
      remainder[best] = -1;
    }
    return cents;
  }

  /** Insertion sort: largest |contribution| first, then largest |raw|, then scorecard order. */
  private static void sortByAbsoluteContribution(int[] order, long[] cents, double[] raw) {
    for (int k = 1; k < order.length; k++) {
      int current = order[k];
      int j = k - 1;
      while (j >= 0 && before(current, order[j], cents, raw)) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = current;
    }
  }

  private static boolean before(int a, int b, long[] cents, double[] raw) {
    long ca = Math.abs(cents[a]);
    long cb = Math.abs(cents[b]);
    if (ca != cb) {
      return ca > cb;
    }
    double ra = Math.abs(raw[a]);
    double rb = Math.abs(raw[b]);
    if (ra != rb) {
      return ra > rb;
    }
    return a < b;
  }

  private static double clamp01(double x) {
    return x <= 0 ? 0 : x >= 1 ? 1 : x;
  }
}
