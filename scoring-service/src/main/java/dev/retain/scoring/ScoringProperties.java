package dev.retain.scoring;

import dev.retain.scoring.scorecard.InvalidScorecardException;
import dev.retain.scoring.scorecard.Measure;
import dev.retain.scoring.scorecard.ReasonKind;
import dev.retain.scoring.scorecard.Scorecard;
import dev.retain.scoring.scorecard.SegmentedScorecard;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code retain.scoring}. Unknown keys stop start-up, as do invalid values; the
 * failure names the key.
 *
 * @param maxBatchSize most customers in one request (at most the contract's 10000); more is 413
 * @param maxRequestSize most bytes in one request body; more is 413
 * @param scorecardFile a YAML file holding a scorecard (the keys of {@code
 *     retain.scoring.scorecard} at its top level) that replaces {@link #scorecard}
 * @param scorecard the scorecard in force, unless {@link #scorecardFile} is set
 */
@Validated
@ConfigurationProperties(prefix = "retain.scoring", ignoreUnknownFields = false)
public record ScoringProperties(
    @DefaultValue("10000") @Min(1) @Max(10000) int maxBatchSize,
    @DefaultValue("32MB") @NotNull DataSize maxRequestSize,
    Path scorecardFile,
    @Valid ScorecardProperties scorecard) {

  public static final String PREFIX = "retain.scoring";

  /**
   * {@code retain.scoring.scorecard}, also the layout of a scorecard file.
   *
   * @param segments per-segment variants (for example by plan), each with its own measures
   */
  public record ScorecardProperties(
      @NotBlank String version,
      @NotNull Double redBelow,
      @NotNull Double yellowBelow,
      @NotEmpty List<@Valid @NotNull MeasureProperties> measures,
      List<@Valid @NotNull SegmentProperties> segments) {

    /**
     * The scorecard with its segments.
     *
     * @param keyPrefix put in front of the keys of any {@link InvalidScorecardException}
     */
    public SegmentedScorecard toSegmentedScorecard(String keyPrefix) {
      Scorecard base = toScorecard(keyPrefix);
      Map<String, Scorecard> variants = new LinkedHashMap<>();
      List<SegmentProperties> all = segments == null ? List.of() : segments;
      for (int s = 0; s < all.size(); s++) {
        SegmentProperties segment = all.get(s);
        String at = keyPrefix + "segments[" + s + "].";
        try {
          variants.put(
              segment.name(),
              new ScorecardProperties(
                      version,
                      segment.redBelow() == null ? redBelow : segment.redBelow(),
                      segment.yellowBelow() == null ? yellowBelow : segment.yellowBelow(),
                      segment.measures(),
                      null)
                  .toScorecard(""));
        } catch (InvalidScorecardException e) {
          throw e.withKeyPrefix(at);
        }
        if (variants.size() != s + 1) {
          throw new InvalidScorecardException(
              at + "name", "duplicate segment '" + segment.name() + "'");
        }
      }
      try {
        return new SegmentedScorecard(base, variants);
      } catch (InvalidScorecardException e) {
        throw e.withKeyPrefix(keyPrefix);
      }
    }

    /**
     * The scorecard these settings describe.
     *
     * @param keyPrefix put in front of the keys of any {@link InvalidScorecardException}
     */
    public Scorecard toScorecard(String keyPrefix) {
      try {
        List<Measure> built = new ArrayList<>(measures.size());
        for (int i = 0; i < measures.size(); i++) {
          try {
            built.add(measures.get(i).toMeasure());
          } catch (InvalidScorecardException e) {
            throw e.withKeyPrefix("measures[" + i + "].");
          }
        }
        return new Scorecard(version, redBelow, yellowBelow, built);
      } catch (InvalidScorecardException e) {
        throw e.withKeyPrefix(keyPrefix);
      }
    }
  }

  /**
   * One entry of {@code retain.scoring.scorecard.segments}: a segment's own measures and,
   * optionally, thresholds (the scorecard's by default).
   */
  public record SegmentProperties(
      @NotBlank String name,
      Double redBelow,
      Double yellowBelow,
      @NotEmpty List<@Valid @NotNull MeasureProperties> measures) {}

  /** One entry of {@code retain.scoring.scorecard.measures}; see {@link Measure}. */
  public record MeasureProperties(
      @NotBlank String name,
      @NotBlank String feature,
      @NotBlank String group,
      @NotNull @Positive Double weight,
      @NotNull Double bad,
      @NotNull Double good,
      String unit,
      @NotNull ReasonKind reason,
      String label,
      String period,
      String contextFeature,
      String offLabel) {

    Measure toMeasure() {
      return new Measure(
          name,
          feature,
          group,
          weight,
          bad,
          good,
          unit,
          reason,
          label,
          period,
          contextFeature,
          offLabel);
    }
  }
}
