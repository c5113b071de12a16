package dev.retain.scoring.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retain.scoring.contract.client.ApiClient;
import dev.retain.scoring.contract.client.api.ModelsApi;
import dev.retain.scoring.contract.client.api.ScorecardsApi;
import dev.retain.scoring.contract.client.api.ScoringApi;
import dev.retain.scoring.contract.client.model.CustomerFeatures;
import dev.retain.scoring.contract.client.model.CustomerScore;
import dev.retain.scoring.contract.client.model.GroupScore;
import dev.retain.scoring.contract.client.model.Measure;
import dev.retain.scoring.contract.client.model.ScoreRequest;
import dev.retain.scoring.contract.client.model.ScoreResponse;
import dev.retain.scoring.contract.client.model.Scorecard;
import dev.retain.scoring.contract.client.model.ScorecardSegment;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;

/**
 * The contract through a client generated from it (as routes generates its own): the service must
 * answer what the contract says, in shapes the generated models read.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "retain.security.api-keys=contract-key")
@DirtiesContext
class ScoringContractTest {

  @LocalServerPort int port;

  private ScoringApi scoring;
  private ScorecardsApi scorecards;
  private ModelsApi models;

  @BeforeEach
  void client() {
    ApiClient client = new ApiClient();
    client.setBasePath("http://localhost:" + port);
    client.addDefaultHeader("X-API-Key", "contract-key");
    scoring = new ScoringApi(client);
    scorecards = new ScorecardsApi(client);
    models = new ModelsApi(client);
  }

  private static Measure measure(String name, String feature, String group, double weight) {
    return new Measure()
        .name(name)
        .feature(feature)
        .group(group)
        .weight(weight)
        .bad(0.0)
        .good(10.0);
  }

  @Test
  void scoresABatchWithGroupSubtotalsAndTheChange() {
    ScoreResponse answer =
        scoring.scoreCustomers(
            new ScoreRequest()
                .asOf(LocalDate.of(2026, 11, 1))
                .customers(
                    List.of(
                        new CustomerFeatures()
                            .customerId("c-1")
                            .previousScore(80.0)
                            .features(
                                Map.of(
                                    "logins_change_30d",
                                    -0.25,
                                    "payment_failed",
                                    0.0,
                                    "nps_last",
                                    6.0)))));

    assertThat(answer.getScorecardVersion()).isNotBlank();
    assertThat(answer.getModelVersion()).isNull();
    CustomerScore score = answer.getScores().get(0);
    assertThat(score.getChurnProbability()).isNull();
    assertThat(score.getHorizonDays()).isEqualTo(90);
    assertThat(score.getSegment()).isNull();
    assertThat(score.getSegmentFallback()).isFalse();
    assertThat(score.getScoreChange())
        .isEqualTo(Math.round((score.getHealthScore() - 80) * 100) / 100.0);
    assertThat(score.getGroups())
        .extracting(GroupScore::getGroup)
        .containsExactly("usage", "sentiment", "commercial");
    double subtotal = score.getGroups().stream().mapToDouble(GroupScore::getContribution).sum();
    assertThat(Math.round(subtotal * 100))
        .isEqualTo(Math.round((score.getHealthScore() - 50) * 100));
  }

  @Test
  void aReplacedScorecardScoresLaterRequestsAndKeepsItsHistory() {
    Scorecard before = scorecards.getCurrentScorecard();
    Scorecard next =
        new Scorecard()
            .version("contract-2")
            .redBelow(40.0)
            .yellowBelow(60.0)
            .measures(List.of(measure("nps", "nps_last", "sentiment", 1)))
            .segments(
                List.of(
                    new ScorecardSegment()
                        .name("enterprise")
                        .redBelow(50.0)
                        .measures(
                            List.of(
                                measure("nps", "nps_last", "sentiment", 1),
                                measure("seats", "seat_utilisation", "usage", 3)))));

    Scorecard accepted = scorecards.replaceCurrentScorecard(next);

    assertThat(accepted.getVersion()).isEqualTo("contract-2");
    assertThat(scorecards.getCurrentScorecard().getVersion()).isEqualTo("contract-2");
    assertThat(scorecards.getScorecard(before.getVersion()).getMeasures())
        .hasSize(before.getMeasures().size());
    assertThat(scorecards.getScorecard("contract-2").getSegments().get(0).getYellowBelow())
        .isEqualTo(60.0);

    ScoreResponse answer =
        scoring.scoreCustomers(
            new ScoreRequest()
                .customers(
                    List.of(
                        customer("default", null),
                        customer("big", "enterprise"),
                        customer("odd", "no-such-plan"))));
    assertThat(answer.getScorecardVersion()).isEqualTo("contract-2");
    List<CustomerScore> scores = answer.getScores();
    assertThat(scores.get(0).getHealthScore()).isEqualTo(45.0);
    assertThat(scores.get(0).getBand().getValue()).isEqualTo("yellow");
    // enterprise: nps 4.5/10 weighted 1, seats 0.9 of 10 weighted 3 -> (0.45 + 3 * 0.09) / 4
    assertThat(scores.get(1).getSegment()).isEqualTo("enterprise");
    assertThat(scores.get(1).getHealthScore()).isEqualTo(18.0);
    assertThat(scores.get(1).getBand().getValue()).isEqualTo("red");
    assertThat(scores.get(2).getSegment()).isNull();
    assertThat(scores.get(2).getSegmentFallback()).isTrue();
    assertThat(scores.get(2).getHealthScore()).isEqualTo(45.0);

    HttpClientErrorException conflict =
        org.junit.jupiter.api.Assertions.assertThrows(
            HttpClientErrorException.class, () -> scorecards.replaceCurrentScorecard(next));
    assertThat(conflict.getStatusCode().value()).isEqualTo(409);
    assertThat(conflict.getResponseBodyAsString()).contains("\"field\":\"version\"");
  }

  private static CustomerFeatures customer(String id, String segment) {
    return new CustomerFeatures()
        .customerId(id)
        .segment(segment)
        .features(Map.of("nps_last", 4.5, "seat_utilisation", 0.9));
  }

  @Test
  void anInvalidScorecardIs400NamingTheFieldAndChangesNothing() {
    String version = scorecards.getCurrentScorecard().getVersion();
    Scorecard invalid =
        new Scorecard()
            .version("contract-invalid")
            .redBelow(40.0)
            .yellowBelow(60.0)
            .measures(
                List.of(
                    measure("nps", "nps_last", "sentiment", 1),
                    measure("csat", "csat", "support", -1)));

    assertThatThrownBy(() -> scorecards.replaceCurrentScorecard(invalid))
        .isInstanceOfSatisfying(
            HttpClientErrorException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(400);
              assertThat(e.getResponseHeaders().getContentType().toString())
                  .isEqualTo("application/problem+json");
              assertThat(e.getResponseBodyAsString())
                  .contains("\"field\":\"measures[1].weight\"")
                  .contains("must be greater than 0");
            });
    assertThat(scorecards.getCurrentScorecard().getVersion()).isEqualTo(version);
    assertThatThrownBy(() -> scorecards.getScorecard("no-such-version"))
        .isInstanceOfSatisfying(
            HttpClientErrorException.class,
            e -> assertThat(e.getStatusCode().value()).isEqualTo(404));
  }

  @Test
  void withoutAChurnModelCoreTheModelEndpointsAre501() {
    assertThatThrownBy(() -> models.listModels())
        .isInstanceOfSatisfying(
            HttpServerErrorException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(501);
              assertThat(e.getResponseBodyAsString()).contains("no churn-model core");
            });
    assertThatThrownBy(() -> models.activateModel("v1"))
        .isInstanceOfSatisfying(
            HttpServerErrorException.class,
            e -> assertThat(e.getStatusCode().value()).isEqualTo(501));
    assertThatThrownBy(() -> models.getTrainingJob("no-such-job"))
        .isInstanceOfSatisfying(
            HttpClientErrorException.class,
            e -> assertThat(e.getStatusCode().value()).isEqualTo(404));
  }
}
