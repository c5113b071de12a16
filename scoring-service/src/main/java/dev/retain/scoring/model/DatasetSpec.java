package dev.retain.scoring.model;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Which columns of a table play which role.
 *
 * @param label the label column
 * @param positive the label value that means "churned"
 * @param id the customer id column (not a feature), or null
 * @param drop columns that are not features (leaky or irrelevant)
 * @param date a snapshot date column (ISO yyyy-MM-dd...) for time-ordered validation, or null
 */
public record DatasetSpec(String label, String positive, String id, Set<String> drop, String date) {

  public DatasetSpec {
    requireNonNull(label, "label");
    requireNonNull(positive, "positive");
    drop = drop == null ? Set.of() : Set.copyOf(drop);
  }

  public static DatasetSpec of(String label, String positive) {
    return new DatasetSpec(label, positive, null, Set.of(), null);
  }

  /** Whether a column is a feature under this spec. */
  public boolean isFeature(String column) {
    return !column.equals(label)
        && !column.equals(id)
        && !column.equals(date)
        && !drop.contains(column);
  }
}
