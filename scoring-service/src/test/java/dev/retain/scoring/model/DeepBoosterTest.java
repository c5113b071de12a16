package dev.retain.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.retain.scoring.model.ChurnScore.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;

/**
 * A booster too deep to compile (depth 5, more than {@link CompiledBooster#MAX_SPLITS} splits per
 * tree) is scored and explained through Tribuo and XGBoost's own TreeSHAP, with the same exactness.
 */
class DeepBoosterTest {

  @Test
  void aDeepBoosterIsExplainedExactlyThroughXGBoostItself() {
    assumeTrue(XGBoostSupport.problem().isEmpty(), () -> XGBoostSupport.problem().orElseThrow());
    Table table = ChurnModelTest.generate(800, 4);
    FeatureSchema schema = FeatureSchema.fit(table, ChurnModelTest.SPEC, FeatureOptions.basic());
    Model<Label> deep =
        new XGBoostClassificationTrainer(60, 0.1, 0, 5, 1, 1, 1, 1, 0, 1, true, 9)
            .train(ChurnTrainer.dataset(schema, table, ChurnModelTest.SPEC));
    ChurnModel model =
        new ChurnModel(schema, deep, Calibrator.identity(), Candidate.XGBOOST, Double.NaN);

    assertThat(model.explanationMethod()).isEqualTo(ChurnModel.TREE_SHAP);
    assertThat(model.compiled()).as("too deep to compile").isFalse();
    List<Map<String, String>> customers = new ArrayList<>();
    for (int r = 0; r < 100; r++) {
      customers.add(table.row(r));
    }
    List<ChurnScore> scores = model.scores(customers);
    double[] probabilities = model.probabilities(customers);
    for (int r = 0; r < customers.size(); r++) {
      ChurnScore score = scores.get(r);
      double sum = score.drivers().stream().mapToDouble(Driver::contribution).sum();
      assertThat(score.base() + sum)
          .as("customer %d", r)
          .isCloseTo(Calibrator.logit(score.probability()), within(1e-4));
      assertThat(probabilities[r]).isCloseTo(score.probability(), within(1e-6));
    }
  }
}
