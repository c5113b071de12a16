package dev.retain.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.retain.scoring.model.ChurnScore.Driver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XGBoost's exact TreeSHAP contributions, on the generated dataset of {@link ChurnModelTest}. */
class XGBoostExplanationTest {

  static Table table;
  static ChurnTrainer.Result xgboost;

  @BeforeAll
  static void train() {
    assumeTrue(XGBoostSupport.problem().isEmpty(), () -> XGBoostSupport.problem().orElseThrow());
    table = ChurnModelTest.generate(1200, 1);
    TrainingOptions options =
        TrainingOptions.defaults().withFolds(3, 1).withCandidates(List.of(Candidate.XGBOOST));
    xgboost = new ChurnTrainer(options).train(table, ChurnModelTest.SPEC);
  }

  @Test
  void contributionsPlusBiasEqualTheRawMargin() {
    ChurnModel model = xgboost.model();
    assertThat(model.explanationMethod()).isEqualTo(ChurnModel.TREE_SHAP);
    for (int r = 0; r < 50; r++) {
      Map<String, String> customer = table.row(r);
      XGBoostContributions.Contributions c = model.treeShapContributions(customer);
      double sum = c.byFeature().values().stream().mapToDouble(Double::doubleValue).sum();
      // float contributions from XGBoost: agreement to float precision
      assertThat(c.bias() + sum).as("customer %d", r).isCloseTo(c.margin(), within(1e-4));
      assertThat(Calibrator.sigmoid(c.margin()))
          .isCloseTo(model.rawProbability(customer), within(1e-5));
    }
  }

  @Test
  void compiledTreesGiveXGBoostsOwnMarginsAndTreeShapValues() {
    ChurnModel model = xgboost.model();
    double slope = model.calibrator().a();
    Map<String, FeatureSchema.FeatureDef> index = model.schema().featureIndex();
    assertThat(model.compiled()).as("scored from compiled trees and weights").isTrue();
    for (int r = 0; r < 200; r++) {
      Map<String, String> customer = table.row(r);
      XGBoostContributions.Contributions nativeShap = model.treeShapContributions(customer);
      assertThat(Calibrator.logit(model.rawProbability(customer)))
          .as("customer %d", r)
          .isCloseTo(nativeShap.margin(), within(1e-4));
      Map<String, Double> byDriver = new HashMap<>();
      nativeShap
          .byFeature()
          .forEach((f, c) -> byDriver.merge(index.get(f).driver(), slope * c, Double::sum));
      for (Driver d : model.score(customer).drivers()) {
        assertThat(d.contribution())
            .as("customer %d, driver %s", r, d.name())
            .isCloseTo(byDriver.get(d.name()), within(1e-4));
      }
    }
  }

  @Test
  void driversAddUpToTheCalibratedLogOdds() {
    ChurnModel model = xgboost.model();
    assertThat(model.calibrator().method()).isEqualTo(Calibrator.Method.PLATT);
    for (int r = 0; r < 50; r++) {
      Map<String, String> customer = table.row(r);
      ChurnScore score = model.score(customer);
      assertThat(score.explanation()).isEqualTo(ChurnModel.TREE_SHAP);
      assertThat(score.drivers())
          .extracting(Driver::name)
          .containsExactlyInAnyOrder("tenure", "plan", "tickets", "charges");
      double sum = score.drivers().stream().mapToDouble(Driver::contribution).sum();
      assertThat(score.base() + sum).isCloseTo(Calibrator.logit(score.probability()), within(1e-4));
    }
  }

  @Test
  void movingTheTopDriverMovesTheProbabilityInTheStatedDirection() {
    assertThat(TopDriverMoves.check(xgboost.model(), table)).isGreaterThan(50);
  }

  @Test
  void theThresholdIsChosenOutOfFoldAndStoredWithTheModel(@TempDir Path dir) {
    ChurnTrainer.CandidateResult chosen = xgboost.chosenResult();
    double t = chosen.threshold();
    assertThat(t).isBetween(0.0, 1.0);
    assertThat(xgboost.model().threshold()).isEqualTo(t);
    assertThat(chosen.calibrated().confusion().threshold()).isEqualTo(t);
    ModelRegistry registry = new ModelRegistry(dir);
    String v =
        registry
            .save(
                xgboost,
                new ModelRegistry.TrainingSource("g", "0".repeat(64), ChurnModelTest.SPEC),
                TrainingOptions.defaults())
            .version();
    assertThat(registry.show(v).threshold()).isEqualTo(t);
    ChurnModel loaded = registry.load(v);
    assertThat(loaded.threshold()).isEqualTo(t);
    assertThat(loaded.explanationMethod()).isEqualTo(ChurnModel.TREE_SHAP);
    assertThat(loaded.score(table.row(7)).drivers())
        .isEqualTo(xgboost.model().score(table.row(7)).drivers());
  }
}
