package dev.retain.scoring.models;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A labelled dataset to train on and how to read it.
 *
 * @param csv the data, CSV with a header row
 * @param labelColumn the column holding the label
 * @param positiveValue the label value that means churned
 * @param idColumn a column identifying rows, not used as a feature (may be null)
 * @param dropColumns columns left out
 * @param folds cross-validation folds
 * @param seed the random seed
 * @param dateColumn a snapshot date column for time-ordered validation, or null: then {@code
 *     snapshot_date} when the file has it
 * @param candidates the learners to try; empty for every one that can run here
 */
public record TrainingData(
    byte[] csv,
    String labelColumn,
    String positiveValue,
    String idColumn,
    List<String> dropColumns,
    int folds,
    long seed,
    String dateColumn,
    List<String> candidates) {

  public TrainingData {
    requireNonNull(csv, "csv");
    requireNonNull(labelColumn, "labelColumn");
    requireNonNull(positiveValue, "positiveValue");
    dropColumns = List.copyOf(dropColumns);
    candidates = List.copyOf(candidates);
  }
}
