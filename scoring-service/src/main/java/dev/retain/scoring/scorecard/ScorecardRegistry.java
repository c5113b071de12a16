package dev.retain.scoring.scorecard;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scorecard in force and the versions it replaced. Starts with the configured scorecard; {@link
 * #replace} puts a new version in force for every later request. The history is kept in memory: a
 * restart returns to the configured scorecard (put a replacement into the scorecard file to keep
 * it). Thread-safe: readers take an immutable {@link InForce} snapshot.
 */
public final class ScorecardRegistry {

  private final Map<String, SegmentedScorecard> versions = new LinkedHashMap<>();
  private volatile InForce current;

  public ScorecardRegistry(SegmentedScorecard initial) {
    current = new InForce(initial);
    versions.put(initial.version(), initial);
  }

  /** The scorecard in force, with its scorers; one snapshot serves a whole batch. */
  public InForce current() {
    return current;
  }

  /** A version, in force or replaced. */
  public synchronized Optional<SegmentedScorecard> find(String version) {
    return Optional.ofNullable(versions.get(version));
  }

  /** Every version, oldest first. */
  public synchronized List<SegmentedScorecard> history() {
    return List.copyOf(new ArrayList<>(versions.values()));
  }

  /**
   * Puts {@code next} in force.
   *
   * @throws VersionConflictException when its version was used before
   */
  public synchronized SegmentedScorecard replace(SegmentedScorecard next) {
    requireNonNull(next, "next");
    if (versions.containsKey(next.version())) {
      throw new VersionConflictException(next.version());
    }
    InForce built = new InForce(next);
    versions.put(next.version(), next);
    current = built;
    return next;
  }

  /** A scorecard version that exists already. */
  public static final class VersionConflictException extends RuntimeException {
    VersionConflictException(String version) {
      super("scorecard version '" + version + "' exists already; versions are never reused");
    }
  }

  /** A scorecard version with a scorer for its default measures and one per segment. */
  public static final class InForce {

    private final SegmentedScorecard scorecard;
    private final HealthScorer scorer;
    private final Map<String, HealthScorer> segmentScorers;

    InForce(SegmentedScorecard scorecard) {
      this.scorecard = scorecard;
      this.scorer = new HealthScorer(scorecard.scorecard());
      Map<String, HealthScorer> bySegment = new HashMap<>();
      scorecard.segments().forEach((name, card) -> bySegment.put(name, new HealthScorer(card)));
      this.segmentScorers = Map.copyOf(bySegment);
    }

    public SegmentedScorecard scorecard() {
      return scorecard;
    }

    public String version() {
      return scorecard.version();
    }

    /** The default scorer. */
    public HealthScorer scorer() {
      return scorer;
    }

    /**
     * The scorer for a customer's segment.
     *
     * @param segment the segment the customer named, or null
     */
    public Selection select(String segment) {
      if (segment == null) {
        return new Selection(scorer, null, false);
      }
      HealthScorer bySegment = segmentScorers.get(segment);
      return bySegment == null
          ? new Selection(scorer, null, true)
          : new Selection(bySegment, segment, false);
    }
  }

  /**
   * The scorer chosen for one customer.
   *
   * @param segment the segment whose variant scores, or null for the default measures
   * @param fallback the customer named a segment without a variant
   */
  public record Selection(HealthScorer scorer, String segment, boolean fallback) {}
}
