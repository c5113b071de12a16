package dev.retain.scoring.scorecard;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The health scorecard: measures and the band thresholds. A score below {@code redBelow} is red,
 * below {@code yellowBelow} yellow, otherwise green. Keys in {@link InvalidScorecardException} are
 * relative to the scorecard, such as {@code red-below} or {@code measures[2].name}.
 */
public record Scorecard(
    String version, double redBelow, double yellowBelow, List<Measure> measures) {

  public Scorecard {
    if (version == null || version.isBlank()) {
      throw new InvalidScorecardException("version", "must not be blank");
    }
    version = version.strip();
    checkThreshold("red-below", redBelow);
    checkThreshold("yellow-below", yellowBelow);
    if (redBelow >= yellowBelow) {
      throw new InvalidScorecardException(
          "red-below",
          "must be below yellow-below (red-below is "
              + redBelow
              + ", yellow-below "
              + yellowBelow
              + ")");
    }
    if (measures == null || measures.isEmpty()) {
      throw new InvalidScorecardException("measures", "must list at least one measure");
    }
    measures = List.copyOf(measures);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < measures.size(); i++) {
      if (!names.add(measures.get(i).name())) {
        throw new InvalidScorecardException(
            "measures[" + i + "].name", "duplicate measure name '" + measures.get(i).name() + "'");
      }
    }
  }

  /** The band of a score. */
  public Band band(double score) {
    if (score < redBelow) {
      return Band.RED;
    }
    return score < yellowBelow ? Band.YELLOW : Band.GREEN;
  }

  private static void checkThreshold(String key, double value) {
    if (!(value >= 0 && value <= 100)) {
      throw new InvalidScorecardException(key, "must be between 0 and 100 (was " + value + ")");
    }
  }
}
