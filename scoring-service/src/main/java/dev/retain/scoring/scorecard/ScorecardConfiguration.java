package dev.retain.scoring.scorecard;

import dev.retain.scoring.ScoringProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The configured scorecard, from {@code retain.scoring.scorecard} or the scorecard file, and the
 * registry that holds it and the versions that replace it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScoringProperties.class)
public class ScorecardConfiguration {

  @Bean
  SegmentedScorecard configuredScorecard(ScoringProperties properties) {
    if (properties.scorecardFile() != null) {
      return ScorecardFile.load(properties.scorecardFile());
    }
    String key = ScoringProperties.PREFIX + ".scorecard";
    if (properties.scorecard() == null) {
      throw new InvalidScorecardException(
          key, "is required (or set " + ScoringProperties.PREFIX + ".scorecard-file)");
    }
    return properties.scorecard().toSegmentedScorecard(key + ".");
  }

  /** The configured default scorecard (without segments). */
  @Bean
  Scorecard scorecard(SegmentedScorecard configuredScorecard) {
    return configuredScorecard.scorecard();
  }

  /** A scorer for the configured default scorecard. */
  @Bean
  HealthScorer healthScorer(Scorecard scorecard) {
    return new HealthScorer(scorecard);
  }

  @Bean
  ScorecardRegistry scorecardRegistry(SegmentedScorecard configuredScorecard) {
    return new ScorecardRegistry(configuredScorecard);
  }
}
