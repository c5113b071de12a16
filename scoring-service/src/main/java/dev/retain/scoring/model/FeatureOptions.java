package dev.retain.scoring.model;

/**
 * How raw columns become model features.
 *
 * <p>Every numeric column is standardised (training mean and standard deviation) and its blanks are
 * imputed with the training median; every categorical column is one-hot encoded. With {@code
 * expand}, numeric columns with more than {@link #MIN_DISTINCT_FOR_EXPANSION} distinct values also
 * get a standardised {@code log1p} term (when never negative) and step indicators {@code x <= q} at
 * {@code quantileSteps} training quantiles, and every categorical level is crossed with the log
 * term of the numeric column that separates the classes best on its own (highest univariate ROC AUC
 * distance from 0.5). These keep a linear model linear in its features, so its explanations stay
 * exact, while letting it bend along the numeric axes and per segment.
 */
public record FeatureOptions(boolean expand, int quantileSteps, boolean interactions) {

  public static final int MIN_DISTINCT_FOR_EXPANSION = 10;

  public FeatureOptions {
    if (quantileSteps < 0) {
      throw new IllegalArgumentException("quantileSteps must be >= 0");
    }
  }

  /** One-hot and standardised numerics only (what tree models need). */
  public static FeatureOptions basic() {
    return new FeatureOptions(false, 0, false);
  }

  /** The additive expansions used for the linear model. */
  public static FeatureOptions expanded() {
    return new FeatureOptions(true, 7, true);
  }
}
