package dev.retain.scoring.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HealthScorerTest {

  /** a: higher is better; b: lower is better; c: 0/1. Weights 0.5 / 0.3 / 0.2. */
  private static final Scorecard CARD =
      new Scorecard(
          "test-1",
          40,
          65,
          List.of(
              Measure.of("a", "fa", "usage", 0.5, 0, 10),
              Measure.of("b", "fb", "support", 0.3, 10, 0),
              Measure.of("c", "fc", "commercial", 0.2, 0, 1)));

  private final HealthScorer scorer = new HealthScorer(CARD);

  @Test
  void scoresAWeightedSumOfLinearMeasureScores() {
    // g_a = 5/10 = 0.5, g_b = (2-10)/(0-10) = 0.8, g_c = 1
    // score = 100 * (0.5*0.5 + 0.3*0.8 + 0.2*1) = 69
    HealthScore score = scorer.score(Map.of("fa", 5.0, "fb", 2.0, "fc", 1.0)).orElseThrow();

    assertThat(score.healthScore()).isEqualTo(69.0);
    assertThat(score.band()).isEqualTo(Band.GREEN);
    assertThat(score.missingMeasures()).isEmpty();
    // contributions 100*w*(g-0.5): a 0, b 9, c 10; largest absolute first
    assertThat(score.drivers())
        .extracting(d -> d.measure().name(), ScoredMeasure::contribution, ScoredMeasure::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("c", 10.0, 0.2),
            org.assertj.core.groups.Tuple.tuple("b", 9.0, 0.3),
            org.assertj.core.groups.Tuple.tuple("a", 0.0, 0.5));
    assertThat(score.drivers()).extracting(ScoredMeasure::value).containsExactly(1.0, 2.0, 5.0);
  }

  @Test
  void redistributesTheWeightOfAnAbsentMeasureProportionally() {
    // c absent: w_a = 0.5/0.8 = 0.625, w_b = 0.3/0.8 = 0.375
    // score = 100 * (0.625*0.5 + 0.375*0.8) = 61.25; contributions a 0, b 11.25
    HealthScore score = scorer.score(Map.of("fa", 5.0, "fb", 2.0)).orElseThrow();

    assertThat(score.healthScore()).isEqualTo(61.25);
    assertThat(score.band()).isEqualTo(Band.YELLOW);
    assertThat(score.missingMeasures()).containsExactly("c");
    assertThat(score.drivers())
        .extracting(d -> d.measure().name(), ScoredMeasure::contribution, ScoredMeasure::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("b", 11.25, 0.375),
            org.assertj.core.groups.Tuple.tuple("a", 0.0, 0.625));
  }

  @Test
  void clampsValuesBeyondBadAndGoodInBothDirections() {
    // a above good -> 1; b above bad (lower is better) -> 0; c below bad -> 0
    // score = 100 * 0.5 = 50; contributions +25, -15, -10
    HealthScore score = scorer.score(Map.of("fa", 15.0, "fb", 20.0, "fc", -3.0)).orElseThrow();

    assertThat(score.healthScore()).isEqualTo(50.0);
    assertThat(score.drivers())
        .extracting(d -> d.measure().name(), ScoredMeasure::contribution)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 25.0),
            org.assertj.core.groups.Tuple.tuple("b", -15.0),
            org.assertj.core.groups.Tuple.tuple("c", -10.0));
  }

  @Test
  void interpolatesWhenLowerIsBetter() {
    // only b: g = (7.5 - 10) / (0 - 10) = 0.25 -> 25, contribution -25
    HealthScore score = scorer.score(Map.of("fb", 7.5)).orElseThrow();

    assertThat(score.healthScore()).isEqualTo(25.0);
    assertThat(score.band()).isEqualTo(Band.RED);
    assertThat(score.drivers())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.weight()).isEqualTo(1.0);
              assertThat(d.contribution()).isEqualTo(-25.0);
            });
    assertThat(score.missingMeasures()).containsExactly("a", "c");
  }

  @Test
  void roundedContributionsStillSumExactlyToScoreMinusFifty() {
    // three equal measures at g = 1/3: score 33.333.. -> 33.33; each contribution -5.5555..
    // rounding each would give -16.68; largest remainder gives -5.55, -5.56, -5.56 = -16.67
    Scorecard thirds =
        new Scorecard(
            "thirds",
            40,
            65,
            List.of(
                Measure.of("x", "x", "g", 1, 0, 3),
                Measure.of("y", "y", "g", 1, 0, 3),
                Measure.of("z", "z", "g", 1, 0, 3)));
    HealthScore score =
        new HealthScorer(thirds).score(Map.of("x", 1.0, "y", 1.0, "z", 1.0)).orElseThrow();

    assertThat(score.healthScore()).isEqualTo(33.33);
    assertThat(score.drivers())
        .extracting(ScoredMeasure::contribution)
        .containsExactlyInAnyOrder(-5.55, -5.56, -5.56);
    assertThat(cents(score)).isEqualTo(3333 - 5000);
  }

  @Test
  void contributionsSumToScoreMinusFiftyForManyRandomCustomers() {
    Scorecard card =
        new Scorecard(
            "random",
            40,
            65,
            List.of(
                Measure.of("m1", "f1", "g", 0.13, -0.6, 0.1),
                Measure.of("m2", "f2", "g", 0.07, 30, 2),
                Measure.of("m3", "f3", "g", 0.21, 0, 1),
                Measure.of("m4", "f4", "g", 0.03, 96, 8),
                Measure.of("m5", "f5", "g", 0.11, 3, 9),
                Measure.of("m6", "f6", "g", 0.45, 1, 0),
                Measure.of("m7", "f7", "g", 0.17, 0, 90)));
    HealthScorer randomScorer = new HealthScorer(card);
    Random random = new Random(42);
    for (int n = 0; n < 2_000; n++) {
      Map<String, Double> features = new HashMap<>();
      for (int f = 1; f <= 7; f++) {
        if (random.nextInt(4) > 0) {
          features.put("f" + f, random.nextDouble() * 200 - 100);
        }
      }
      features.put("f" + (1 + random.nextInt(7)), random.nextDouble());
      HealthScore score = randomScorer.score(features).orElseThrow();

      assertThat(cents(score))
          .as("contributions of %s", features)
          .isEqualTo(Math.round(score.healthScore() * 100) - 5000);
      assertThat(score.healthScore()).isBetween(0.0, 100.0);
      // effective weights are reported in millionths
      assertThat(score.drivers().stream().mapToDouble(ScoredMeasure::weight).sum())
          .isCloseTo(1.0, within(7 * 0.5e-6));
      for (int k = 1; k < score.drivers().size(); k++) {
        assertThat(Math.abs(score.drivers().get(k - 1).contribution()))
            .isGreaterThanOrEqualTo(Math.abs(score.drivers().get(k).contribution()));
      }
      assertThat(score.drivers().size() + score.missingMeasures().size()).isEqualTo(7);
    }
  }

  @Test
  void bandsFollowTheThresholds() {
    Scorecard single = new Scorecard("b", 40, 65, List.of(Measure.of("s", "s", "g", 1, 0, 100)));
    HealthScorer byValue = new HealthScorer(single);

    assertThat(byValue.score(Map.of("s", 39.99)).orElseThrow().band()).isEqualTo(Band.RED);
    assertThat(byValue.score(Map.of("s", 40.0)).orElseThrow().band()).isEqualTo(Band.YELLOW);
    assertThat(byValue.score(Map.of("s", 64.99)).orElseThrow().band()).isEqualTo(Band.YELLOW);
    assertThat(byValue.score(Map.of("s", 65.0)).orElseThrow().band()).isEqualTo(Band.GREEN);
    assertThat(byValue.score(Map.of("s", 65.0)).orElseThrow().healthScore()).isEqualTo(65.0);
  }

  @Test
  void ignoresUnknownFeaturesAndTreatsNullAsAbsent() {
    Map<String, Double> features = new HashMap<>();
    features.put("fa", 5.0);
    features.put("fb", null);
    features.put("not_in_the_scorecard", 1e9);

    HealthScore score = scorer.score(features).orElseThrow();

    assertThat(score.healthScore()).isEqualTo(50.0);
    assertThat(score.drivers()).extracting(d -> d.measure().name()).containsExactly("a");
    assertThat(score.missingMeasures()).containsExactly("b", "c");
  }

  @Test
  void answersEmptyWhenNoMeasureIsPresent() {
    assertThat(scorer.score(Map.of("unrelated", 1.0))).isEmpty();
    assertThat(scorer.score(Map.of())).isEmpty();
  }

  @Test
  void rejectsNonFiniteValuesOfScoredFeatures() {
    assertThatThrownBy(() -> scorer.score(Map.of("fa", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fa");
    assertThatThrownBy(() -> scorer.score(Map.of("fb", Double.NEGATIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fb");
  }

  private static long cents(HealthScore score) {
    long sum = 0;
    for (ScoredMeasure d : score.drivers()) {
      sum += Math.round(d.contribution() * 100);
    }
    return sum;
  }
}
