package dev.retain.scoring.scorecard;

import dev.retain.scoring.ScoringProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The scorecard in force, from {@code retain.scoring.scorecard} or the scorecard file. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScoringProperties.class)
public class ScorecardConfiguration {

  @Bean
  Scorecard scorecard(ScoringProperties properties) {
    if (properties.scorecardFile() != null) {
      return ScorecardFile.load(properties.scorecardFile());
    }
    String key = ScoringProperties.PREFIX + ".scorecard";
    if (properties.scorecard() == null) {
      throw new InvalidScorecardException(
          key, "is required (or set " + ScoringProperties.PREFIX + ".scorecard-file)");
    }
    return properties.scorecard().toScorecard(key + ".");
  }

  @Bean
  HealthScorer healthScorer(Scorecard scorecard) {
    return new HealthScorer(scorecard);
  }
}
