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
 */
public record TrainingData(
    byte[] csv,
    String labelColumn,
    String positiveValue,
    String idColumn,
    List<String> dropColumns,
    int folds,
    long seed) {

  public TrainingData {
    requireNonNull(csv, "csv");
    requireNonNull(labelColumn, "labelColumn");
    requireNonNull(positiveValue, "positiveValue");
    dropColumns = List.copyOf(dropColumns);
  }
}
