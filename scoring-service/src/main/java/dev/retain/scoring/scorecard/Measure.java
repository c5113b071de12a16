package dev.retain.scoring.scorecard;

/**
 * One line of the scorecard: a feature, mapped linearly from {@code bad} (scores 0) to {@code good}
 * (scores 1) and clamped, weighted by {@code weight} (relative; the weights of the measures present
 * for a customer are normalised to sum to 1). {@code bad > good} means lower is better.
 *
 * @param name unique name of the measure, reported as the driver
 * @param feature the feature it reads
 * @param group what it is about (usage, support, sentiment, commercial)
 * @param weight relative weight, greater than 0
 * @param bad the value that scores 0
 * @param good the value that scores 1; differs from {@code bad}
 * @param unit unit of the feature, for people (may be null)
 * @param reason how the value is put into words
 * @param label the noun phrase used in the reason; defaults to the name with spaces
 * @param period the period the feature covers, as in "30 days" (may be null)
 * @param contextFeature a second feature quoted in the reason (may be null)
 * @param offLabel for {@link ReasonKind#FLAG}: the words when the flag is not set
 */
public record Measure(
    String name,
    String feature,
    String group,
    double weight,
    double bad,
    double good,
    String unit,
    ReasonKind reason,
    String label,
    String period,
    String contextFeature,
    String offLabel) {

  /** Checks the measure on its own; keys are relative to the measure, such as {@code weight}. */
  public Measure {
    name = required("name", name);
    feature = required("feature", feature);
    group = required("group", group);
    if (reason == null) {
      throw new InvalidScorecardException("reason", "is required");
    }
    if (!Double.isFinite(weight) || weight <= 0) {
      throw new InvalidScorecardException("weight", "must be greater than 0 (was " + weight + ")");
    }
    if (!Double.isFinite(bad)) {
      throw new InvalidScorecardException("bad", "must be a finite number (was " + bad + ")");
    }
    if (!Double.isFinite(good)) {
      throw new InvalidScorecardException("good", "must be a finite number (was " + good + ")");
    }
    if (bad == good) {
      throw new InvalidScorecardException(
          "good", "must differ from bad (both are " + good + "), or the measure cannot score");
    }
    unit = optional(unit);
    label = optional(label);
    if (label == null) {
      label = name.replace('_', ' ');
    }
    period = optional(period);
    contextFeature = optional(contextFeature);
    offLabel = optional(offLabel);
    if (reason == ReasonKind.FLAG && offLabel == null) {
      throw new InvalidScorecardException(
          "off-label", "is required when reason is flag (the words when the flag is not set)");
    }
  }

  /** A measure with only the scoring fields and a plain value reason. */
  public static Measure of(
      String name, String feature, String group, double weight, double bad, double good) {
    return new Measure(
        name, feature, group, weight, bad, good, null, ReasonKind.VALUE, null, null, null, null);
  }

  private static String required(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidScorecardException(key, "must not be blank");
    }
    return value.strip();
  }

  private static String optional(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
