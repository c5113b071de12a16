package dev.retain.scoring.scorecard;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scorecard version: the default scorecard and its per-segment variants (for example by plan or
 * ARR tier), all under the default's version. Keys in {@link InvalidScorecardException} are
 * relative to the scorecard, such as {@code segments[enterprise]}.
 *
 * @param scorecard the default measures and thresholds
 * @param segments segment name to its variant, in the order configured
 */
public record SegmentedScorecard(Scorecard scorecard, Map<String, Scorecard> segments) {

  public SegmentedScorecard {
    requireNonNull(scorecard, "scorecard");
    segments = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(segments)));
    int i = 0;
    for (Map.Entry<String, Scorecard> segment : segments.entrySet()) {
      if (segment.getKey() == null || segment.getKey().isBlank()) {
        throw new InvalidScorecardException("segments[" + i + "].name", "must not be blank");
      }
      if (!segment.getValue().version().equals(scorecard.version())) {
        throw new InvalidScorecardException(
            "segments[" + i + "]", "must have the scorecard's version " + scorecard.version());
      }
      i++;
    }
  }

  /** A scorecard without segments. */
  public static SegmentedScorecard of(Scorecard scorecard) {
    return new SegmentedScorecard(scorecard, Map.of());
  }

  public String version() {
    return scorecard.version();
  }
}
