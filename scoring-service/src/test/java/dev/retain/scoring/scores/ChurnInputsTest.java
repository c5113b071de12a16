package dev.retain.scoring.scores;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.scoring.api.model.CustomerFeatures;
import dev.retain.scoring.models.ChurnPredictor;
import dev.retain.scoring.models.ChurnPredictor.Driver;
import dev.retain.scoring.scorecard.HealthScorer;
import dev.retain.scoring.scorecard.Measure;
import dev.retain.scoring.scorecard.ReasonKind;
import dev.retain.scoring.scorecard.Scorecard;
import dev.retain.scoring.web.RequestProblem.FieldProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChurnInputsTest {

  private static final HealthScorer SCORER =
      new HealthScorer(
          new Scorecard(
              "s1",
              40,
              65,
              List.of(
                  new Measure(
                      "login_trend",
                      "logins_change_30d",
                      "usage",
                      1,
                      -0.6,
                      0.1,
                      "ratio",
                      ReasonKind.CHANGE,
                      "logins",
                      "30 days",
                      null,
                      null))));

  /** A model with one numeric and one categorical column; estimate is not used here. */
  private static final ChurnPredictor MODEL =
      new ChurnPredictor() {
        @Override
        public String version() {
          return "v1";
        }

        @Override
        public String explanation() {
          return "exact-linear";
        }

        @Override
        public Set<String> numericColumns() {
          return Set.of("tenure");
        }

        @Override
        public Set<String> categoricalColumns() {
          return Set.of("contract");
        }

        @Override
        public List<ChurnEstimate> estimate(List<Map<String, Object>> customers, int drivers) {
          throw new UnsupportedOperationException();
        }
      };

  @Test
  void aFeatureTheScorecardReadsIsPutInTheScorecardsWords() {
    Map<String, Double> features = Map.of("logins_change_30d", -0.62);
    assertThat(ChurnInputs.reason(new Driver("logins_change_30d", "-0.62", 0.8), features, SCORER))
        .isEqualTo("logins down 62% over the last 30 days (raises the churn risk)");
  }

  @Test
  void otherFeaturesAreNamedWithTheirValue() {
    Map<String, Double> features = Map.of("tenure", 70.0);
    assertThat(ChurnInputs.reason(new Driver("tenure", "70.0", -0.4), features, SCORER))
        .isEqualTo("tenure 70 (lowers the churn risk)");
    assertThat(
            ChurnInputs.reason(new Driver("monthly_charges", "104.6666", 0.001), features, SCORER))
        .isEqualTo("monthly charges 104.7 (hardly changes the churn risk)");
    assertThat(
            ChurnInputs.reason(
                new Driver("Contract & tenure", "Month-to-month, 2.0", 0.3), features, SCORER))
        .isEqualTo("contract and tenure Month-to-month and 2 (raises the churn risk)");
    assertThat(
            ChurnInputs.reason(new Driver("InternetService", "Fiber optic", 0.3), features, SCORER))
        .isEqualTo("internet service Fiber optic (raises the churn risk)");
    assertThat(ChurnInputs.reason(new Driver("gender", "", 0.002), features, SCORER))
        .isEqualTo("gender not given (hardly changes the churn risk)");
  }

  @Test
  void numericColumnsComeFromFeaturesAndCategoricalOnesFromAttributes() {
    List<FieldProblem> errors = new ArrayList<>();
    CustomerFeatures good =
        new CustomerFeatures()
            .customerId("c1")
            .features(Map.of("tenure", 12.0, "nps_last", 7.0))
            .attributes(Map.of("contract", "One year", "region", "EU"));
    assertThat(ChurnInputs.of(MODEL, good, 0, errors))
        .containsEntry("tenure", 12.0)
        .containsEntry("contract", "One year")
        .containsEntry("region", "EU");
    assertThat(errors).isEmpty();

    Map<String, String> attributes = new HashMap<>();
    attributes.put("tenure", "12");
    attributes.put("plan", "x".repeat(201));
    CustomerFeatures bad =
        new CustomerFeatures()
            .customerId("c2")
            .features(Map.of("contract", 1.0, "plan", 2.0))
            .attributes(attributes);
    ChurnInputs.of(MODEL, bad, 3, errors);
    assertThat(errors)
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "customers[3].features.contract",
            "customers[3].attributes.tenure",
            "customers[3].attributes.plan");
    assertThat(errors)
        .extracting(FieldProblem::message)
        .contains(
            "is a categorical column of the churn model: send it in attributes",
            "is a numeric column of the churn model: send it in features",
            "must have at most 200 characters");
  }
}
