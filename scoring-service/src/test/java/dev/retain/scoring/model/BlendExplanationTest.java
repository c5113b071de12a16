package dev.retain.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.retain.scoring.model.ChurnScore.Driver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * The blend (logistic regression + XGBoost + stumps, pooled in log-odds): batch scoring agrees with
 * Tribuo's own per-example predictions, and its explanations are exact.
 */
class BlendExplanationTest {

  static Table table;
  static ChurnTrainer.Result blend;

  @BeforeAll
  static void train() {
    assumeTrue(XGBoostSupport.problem().isEmpty(), () -> XGBoostSupport.problem().orElseThrow());
    table = ChurnModelTest.generate(1200, 3);
    TrainingOptions options =
        TrainingOptions.defaults().withFolds(3, 1).withCandidates(List.of(Candidate.BLEND));
    blend = new ChurnTrainer(options).train(table, ChurnModelTest.SPEC);
  }

  @Test
  void batchProbabilitiesEqualTribuosOwnEnsemblePrediction() {
    ChurnModel model = blend.model();
    assertThat(model.explanationMethod()).isEqualTo(ChurnModel.BLEND_EXACT);
    assertThat(model.compiled()).as("scored from compiled trees and weights").isTrue();
    List<Map<String, String>> customers = rows(300);
    double[] batch = model.probabilities(customers);
    for (int r = 0; r < customers.size(); r++) {
      FeatureSchema.Encoded e = model.schema().encode(customers.get(r)::get);
      double tribuo =
          model
              .tribuoModel()
              .predict(new ArrayExample<Label>(LabelFactory.UNKNOWN_LABEL, e.names(), e.values()))
              .getOutputScores()
              .get(ChurnModel.POSITIVE)
              .getScore();
      // XGBoost computes in float (and a one-row matrix rounds differently): agreement to 1e-6
      assertThat(batch[r])
          .as("customer %d", r)
          .isCloseTo(model.calibrator().apply(tribuo), within(1e-6));
      assertThat(model.probability(customers.get(r))).isCloseTo(batch[r], within(1e-12));
    }
  }

  @Test
  void driversAddUpToTheCalibratedLogOdds() {
    ChurnModel model = blend.model();
    List<ChurnScore> scores = model.scores(rows(200));
    for (int r = 0; r < scores.size(); r++) {
      ChurnScore score = scores.get(r);
      assertThat(score.explanation()).isEqualTo(ChurnModel.BLEND_EXACT);
      double sum = score.drivers().stream().mapToDouble(Driver::contribution).sum();
      // XGBoost's float outputs: agreement to float precision
      assertThat(score.base() + sum)
          .as("customer %d", r)
          .isCloseTo(Calibrator.logit(score.probability()), within(1e-4));
    }
    // one customer alone is explained as in a batch
    assertThat(model.score(table.row(5)).drivers()).isEqualTo(scores.get(5).drivers());
  }

  @Test
  void movingTheTopDriverMovesTheProbabilityInTheStatedDirection() {
    assertThat(TopDriverMoves.check(blend.model(), table)).isGreaterThan(50);
  }

  @Test
  void aStoredBlendLoadsWithItsPoolingAndPredictsTheSame(@TempDir Path dir) {
    ModelRegistry registry = new ModelRegistry(dir);
    String v =
        registry
            .save(
                blend,
                new ModelRegistry.TrainingSource("g", "0".repeat(64), ChurnModelTest.SPEC),
                TrainingOptions.defaults())
            .version();
    ChurnModel loaded = registry.load(v);
    assertThat(loaded.explanationMethod()).isEqualTo(ChurnModel.BLEND_EXACT);
    List<Map<String, String>> customers = rows(100);
    assertThat(loaded.probabilities(customers))
        .containsExactly(blend.model().probabilities(customers));
    assertThat(loaded.scores(customers)).isEqualTo(blend.model().scores(customers));
  }

  private static List<Map<String, String>> rows(int n) {
    List<Map<String, String>> out = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      out.add(table.row(r));
    }
    return out;
  }
}
