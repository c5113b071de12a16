package dev.retain.scoring.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How to train.
 *
 * @param folds folds per repeat (>= 2)
 * @param repeats repeats of the k-fold split with different shuffles (1 when time-ordered)
 * @param seed the seed of every shuffle and every learner
 * @param calibration the calibration method fitted on out-of-fold predictions
 * @param threshold how the operating threshold on the calibrated probability is set (default: the
 *     F1-maximising one on out-of-fold predictions)
 * @param bins reliability bins for the expected calibration error
 * @param candidates candidate names to try (empty = all)
 * @param fixedFolds an externally given assignment [repeat][row] of fold numbers 0..folds-1, or
 *     null to draw stratified folds from the seed
 */
public record TrainingOptions(
    int folds,
    int repeats,
    long seed,
    Calibrator.Method calibration,
    ThresholdRule threshold,
    int bins,
    List<String> candidates,
    int[][] fixedFolds) {

  public TrainingOptions {
    if (folds < 2) {
      throw new IllegalArgumentException("folds must be at least 2, got " + folds);
    }
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
    }
    requireNonNull(threshold, "threshold");
    if (bins < 2) {
      throw new IllegalArgumentException("bins must be at least 2, got " + bins);
    }
    requireNonNull(calibration, "calibration");
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
  }

  public static TrainingOptions defaults() {
    return new TrainingOptions(
        5, 1, 42, Calibrator.Method.PLATT, ThresholdRule.maxF1(), 10, List.of(), null);
  }

  public TrainingOptions withFolds(int folds, int repeats) {
    return new TrainingOptions(
        folds, repeats, seed, calibration, threshold, bins, candidates, fixedFolds);
  }

  public TrainingOptions withCandidates(List<String> names) {
    return new TrainingOptions(
        folds, repeats, seed, calibration, threshold, bins, names, fixedFolds);
  }

  public TrainingOptions withThreshold(ThresholdRule rule) {
    return new TrainingOptions(
        folds, repeats, seed, calibration, rule, bins, candidates, fixedFolds);
  }

  public TrainingOptions withSeed(long seed) {
    return new TrainingOptions(
        folds, repeats, seed, calibration, threshold, bins, candidates, fixedFolds);
  }

  public TrainingOptions withFixedFolds(int[][] assignment) {
    return new TrainingOptions(
        folds, assignment.length, seed, calibration, threshold, bins, candidates, assignment);
  }
}
