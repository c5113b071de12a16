package dev.retain.scoring.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retain.scoring.ScoringProperties;
import dev.retain.scoring.api.model.CustomerFeatures;
import dev.retain.scoring.api.model.ScoreRequest;
import dev.retain.scoring.api.model.ScoreResponse;
import dev.retain.scoring.models.ChurnModels;
import dev.retain.scoring.scorecard.Measure;
import dev.retain.scoring.scorecard.Scorecard;
import dev.retain.scoring.scorecard.ScorecardRegistry;
import dev.retain.scoring.scorecard.SegmentedScorecard;
import dev.retain.scoring.web.RequestProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

class ScoringServiceTest {

  private final ScoringService service =
      new ScoringService(
          new ScorecardRegistry(
              SegmentedScorecard.of(
                  new Scorecard(
                      "s1", 40, 65, List.of(Measure.of("nps", "nps_last", "g", 1, 0, 10))))),
          new StaticListableBeanFactory().getBeanProvider(ChurnModels.class),
          new ScoringProperties(10_000, DataSize.ofMegabytes(32), null, null));

  @Test
  void theContractsMaxItemsIsTheDefaultBatchLimitAnd413() {
    assertThat(service.score(batch(10_000)).getScores()).hasSize(10_000);

    assertThatThrownBy(() -> service.score(batch(10_001)))
        .isInstanceOfSatisfying(
            RequestProblem.class,
            problem -> {
              assertThat(problem.getStatusCode().value()).isEqualTo(413);
              assertThat(problem.getBody().getProperties())
                  .containsEntry(
                      "errors",
                      List.of(
                          new RequestProblem.FieldProblem("customers", "at most 10000 customers")));
            });
  }

  @Test
  void reportsEveryProblemOfABatchButAtMostAHundred() {
    ScoreRequest request = batch(150);
    for (CustomerFeatures customer : request.getCustomers()) {
      customer.setFeatures(Map.of("nps_last", Double.NaN));
    }

    assertThatThrownBy(() -> service.score(request))
        .isInstanceOfSatisfying(
            RequestProblem.class,
            problem -> {
              ProblemDetail body = problem.getBody();
              assertThat(body.getDetail()).startsWith("150 problems");
              assertThat((List<?>) body.getProperties().get("errors")).hasSize(100);
            });
  }

  @Test
  void echoesAsOfAndKeepsTheOrderOfTheBatch() {
    ScoreRequest request = batch(3).asOf(java.time.LocalDate.of(2026, 11, 1));

    ScoreResponse response = service.score(request);

    assertThat(response.getAsOf()).isEqualTo("2026-11-01");
    assertThat(response.getScorecardVersion()).isEqualTo("s1");
    assertThat(response.getScores())
        .extracting(s -> s.getCustomerId())
        .containsExactly("c0", "c1", "c2");
    assertThat(response.getScores())
        .allSatisfy(
            s -> {
              assertThat(s.getChurnProbability()).isNull();
              assertThat(s.getHorizonDays()).isEqualTo(90);
            });
  }

  private static ScoreRequest batch(int size) {
    List<CustomerFeatures> customers = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      customers.add(new CustomerFeatures("c" + i, Map.of("nps_last", (double) (i % 11))));
    }
    return new ScoreRequest(customers);
  }
}
