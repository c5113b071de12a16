package dev.retain.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The quality bar on IBM's Telco churn sample, 1x5-fold, for the candidate the full 3x5 comparison
 * chooses (the blend; {@code scoring-service/bench/telco_side_by_side.sh} runs every candidate and
 * scikit-learn on the same folds). Only the chosen candidate is trained here to keep the test
 * short; its settings were fixed on seed-7 folds, not on these. Runs only when the shared data is
 * present ({@code retain.shared.data}, set by the parent pom's surefire configuration).
 */
class TelcoEvaluationTest {

  @Test
  void chosenModelIsAccurateAndCalibrated() throws Exception {
    String shared = System.getProperty("retain.shared.data");
    Path csv = shared == null ? null : Path.of(shared, "telco-customer-churn.csv");
    assumeTrue(
        csv != null && Files.isRegularFile(csv),
        "skipped: ../shared/data/telco-customer-churn.csv is absent (retain.shared.data="
            + shared
            + ")");
    Table table = Table.readCsv(csv);
    DatasetSpec spec = new DatasetSpec("Churn", "Yes", "customerID", Set.of(), null);
    boolean xgboost = XGBoostSupport.problem().isEmpty();
    TrainingOptions options =
        TrainingOptions.defaults()
            .withFolds(5, 1)
            .withCandidates(xgboost ? List.of(Candidate.BLEND) : List.of(Candidate.LOGISTIC));
    ChurnTrainer.Result result = new ChurnTrainer(options).train(table, spec);
    ChurnTrainer.CandidateResult chosen = result.chosenResult();
    // without XGBoost's native library only the logistic regression runs: the bar is then
    // scikit-learn's (0.845), as the blend is what reaches 0.85
    assertThat(chosen.cvRocAuc())
        .as("cross-validated ROC AUC of %s", chosen.name())
        .isGreaterThanOrEqualTo(xgboost ? 0.85 : 0.845);
    assertThat(chosen.calibrated().calibration().ece()).as("ECE").isLessThanOrEqualTo(0.03);
    assertThat(chosen.calibrated().confusion().threshold()).isEqualTo(result.model().threshold());
    System.out.printf(
        "Telco 1x5 %s: ROC AUC %.4f, ECE %.4f, threshold %.3f, %s%n",
        chosen.name(),
        chosen.cvRocAuc(),
        chosen.calibrated().calibration().ece(),
        chosen.threshold(),
        chosen.calibrated().confusion());
    assertThat(result.model().schema().numeric())
        .filteredOn(c -> c.name().equals("TotalCharges"))
        .singleElement()
        .satisfies(c -> assertThat(c.blanks()).isEqualTo(11));
  }
}
