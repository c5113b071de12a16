package dev.retain.identity;

import java.util.HashMap;
import java.util.Map;

/**
 * Pairwise precision, recall and F1 of predicted clusters against true ones, with cluster-level
 * figures: how many true entities were found exactly, and the counts of clusters.
 */
public record PairwiseMetrics(
    long records,
    long truePairs,
    long predictedPairs,
    long correctPairs,
    long trueClusters,
    long predictedClusters,
    long exactClusters) {

  public double precision() {
    return predictedPairs == 0 ? 1.0 : (double) correctPairs / predictedPairs;
  }

  public double recall() {
    return truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
  }

  public double f1() {
    double p = precision();
    double r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Share of true entities whose records form exactly one predicted cluster. */
  public double exactClusterShare() {
    return trueClusters == 0 ? 1.0 : (double) exactClusters / trueClusters;
  }

  /** Compares predicted cluster labels with true labels, over the records both cover. */
  public static <K> PairwiseMetrics of(Map<K, String> predicted, Map<K, String> truth) {
    Map<String, Long> p = new HashMap<>();
    Map<String, Long> t = new HashMap<>();
    Map<String, Long> both = new HashMap<>();
    long n = 0;
    for (var e : predicted.entrySet()) {
      String trueLabel = truth.get(e.getKey());
      if (trueLabel == null) {
        continue;
      }
      n++;
      p.merge(e.getValue(), 1L, Long::sum);
      t.merge(trueLabel, 1L, Long::sum);
      both.merge(e.getValue() + "\u0001" + trueLabel, 1L, Long::sum);
    }
    // a true entity is found exactly when its records fill one predicted cluster entirely
    long exact = 0;
    for (var e : both.entrySet()) {
      String[] parts = e.getKey().split("\u0001", 2);
      if (e.getValue().equals(p.get(parts[0])) && e.getValue().equals(t.get(parts[1]))) {
        exact++;
      }
    }
    return new PairwiseMetrics(n, pairs(t), pairs(p), pairs(both), t.size(), p.size(), exact);
  }

  private static long pairs(Map<String, Long> counts) {
    long total = 0;
    for (long c : counts.values()) {
      total += c * (c - 1) / 2;
    }
    return total;
  }

  @Override
  public String toString() {
    return String.format(
        "records %d, true pairs %d, predicted pairs %d, correct %d: precision %.4f, recall %.4f,"
            + " F1 %.4f; clusters: %d true, %d predicted, %d found exactly (%.1f%%)",
        records,
        truePairs,
        predictedPairs,
        correctPairs,
        precision(),
        recall(),
        f1(),
        trueClusters,
        predictedClusters,
        exactClusters,
        100 * exactClusterShare());
  }
}
