package dev.retain.scoring.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retain.scoring.scorecard.ScorecardConfiguration;
import dev.retain.scoring.security.SecurityConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The scoring endpoint with the default scorecard from application.yaml and real collaborators. */
@WebMvcTest(ScoresController.class)
@Import({ScorecardConfiguration.class, ScoringService.class, SecurityConfiguration.class})
@TestPropertySource(
    properties = {
      "retain.scoring.max-batch-size=5",
      "retain.security.mode=none",
      "retain.security.allow-none=true"
    })
class ScoresControllerTest {

  @Autowired MockMvc mvc;
  @Autowired ObjectMapper json;

  private ResultActions postScores(String body) throws Exception {
    return mvc.perform(post("/v1/scores").contentType(MediaType.APPLICATION_JSON).content(body));
  }

  private ResultActions expectProblem(ResultActions result, int status) throws Exception {
    return result
        .andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(status))
        .andExpect(jsonPath("$.instance").value("/v1/scores"));
  }

  @Test
  void scoresABatchAgainstTheDefaultScorecard() throws Exception {
    // login_trend (w 0.12): g = (-0.25 + 0.6) / 0.7 = 0.5; payment (w 0.09): failed 0 -> g = 1
    // weights 0.12/0.21 and 0.09/0.21; score = 100 * (4/7 * 0.5 + 3/7 * 1) = 71.43
    String body =
        """
        {"asOf": "2026-11-01", "customers": [
          {"customerId": "c-1", "previousScore": 80,
           "features": {"logins_change_30d": -0.25, "payment_failed": 0, "not_a_feature": 3}}
        ]}
        """;

    String answer =
        postScores(body)
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andReturn()
            .getResponse()
            .getContentAsString();

    JsonNode root = json.readTree(answer);
    assertThat(root.get("asOf").asText()).isEqualTo("2026-11-01");
    assertThat(root.get("scorecardVersion").asText()).isEqualTo("health-2026.1");
    assertThat(root.has("modelVersion") && root.get("modelVersion").isNull()).isTrue();
    JsonNode score = root.get("scores").get(0);
    assertThat(score.get("customerId").asText()).isEqualTo("c-1");
    assertThat(score.get("healthScore").asDouble()).isEqualTo(71.43);
    assertThat(score.get("band").asText()).isEqualTo("yellow");
    assertThat(score.get("scoreChange").asDouble()).isEqualTo(-8.57);
    assertThat(score.get("horizonDays").asInt()).isEqualTo(90);
    assertThat(score.has("churnProbability") && score.get("churnProbability").isNull()).isTrue();
    JsonNode payment = score.get("drivers").get(0);
    assertThat(payment.get("measure").asText()).isEqualTo("payment");
    assertThat(payment.get("feature").asText()).isEqualTo("payment_failed");
    assertThat(payment.get("contribution").asDouble()).isEqualTo(21.43);
    assertThat(payment.get("weight").asDouble()).isEqualTo(0.428571);
    assertThat(payment.get("reason").asText()).isEqualTo("last payment succeeded");
    JsonNode logins = score.get("drivers").get(1);
    assertThat(logins.get("contribution").asDouble()).isEqualTo(0.0);
    assertThat(logins.get("reason").asText()).isEqualTo("logins down 25% over the last 30 days");
    assertThat(score.get("drivers")).hasSize(2);
    assertThat(score.get("missingFeatures")).hasSize(11);
    assertThat(score.get("missingFeatures").toString()).contains("\"nps\"", "\"renewal\"");
  }

  @Test
  void malformedJsonIsABadRequestNamingTheBody() throws Exception {
    expectProblem(postScores("{\"customers\": [ {\"customerId\": \"c\", "), 400)
        .andExpect(jsonPath("$.errors[0].field").value("customers[0]"))
        .andExpect(
            jsonPath("$.errors[0].message")
                .value(org.hamcrest.Matchers.startsWith("malformed JSON at line 1, column")));
    expectProblem(postScores("not json"), 400)
        .andExpect(jsonPath("$.errors[0].field").value("body"))
        .andExpect(
            jsonPath("$.errors[0].message")
                .value(org.hamcrest.Matchers.startsWith("malformed JSON at line 1, column")));
    expectProblem(postScores(""), 400).andExpect(jsonPath("$.errors[0].field").value("body"));
    expectProblem(postScores("{\"customers\": [}"), 400)
        .andExpect(jsonPath("$.errors[0].field").value("customers"))
        .andExpect(
            jsonPath("$.errors[0].message")
                .value(org.hamcrest.Matchers.startsWith("malformed JSON at line 1, column")));
  }

  @Test
  void aValueOfTheWrongTypeNamesTheField() throws Exception {
    expectProblem(
            postScores(
                "{\"customers\": [{\"customerId\": \"c\", \"features\": {\"nps_last\": \"high\"}}]}"),
            400)
        .andExpect(jsonPath("$.errors[0].field").value("customers[0].features.nps_last"))
        .andExpect(jsonPath("$.errors[0].message").value("must be a number"));
  }

  @Test
  void anEmptyBatchIsABadRequest() throws Exception {
    expectProblem(postScores("{\"customers\": []}"), 400)
        .andExpect(jsonPath("$.errors[0].field").value("customers"));
    expectProblem(postScores("{}"), 400)
        .andExpect(jsonPath("$.errors[0].field").value("customers"));
  }

  @Test
  void customerIdsMustBePresentAndOfContractLength() throws Exception {
    String body =
        "{\"customers\": [{\"features\": {\"nps_last\": 7}},"
            + " {\"customerId\": \"\", \"features\": {\"nps_last\": 7}},"
            + " {\"customerId\": \""
            + "x".repeat(129)
            + "\", \"features\": {\"nps_last\": 7}},"
            + " {\"customerId\": \""
            + "x".repeat(128)
            + "\", \"features\": {\"nps_last\": 7}},"
            + " null]}";

    expectProblem(postScores(body), 400)
        .andExpect(jsonPath("$.errors.length()").value(4))
        .andExpect(jsonPath("$.errors[0].field").value("customers[0].customerId"))
        .andExpect(jsonPath("$.errors[0].message").value("is required"))
        .andExpect(jsonPath("$.errors[1].field").value("customers[1].customerId"))
        .andExpect(jsonPath("$.errors[2].field").value("customers[2].customerId"))
        .andExpect(jsonPath("$.errors[2].message").value("must have 1 to 128 characters (has 129)"))
        .andExpect(jsonPath("$.errors[3].field").value("customers[4]"));
  }

  @Test
  void nullFeaturesAreRequiredButNullValuesCountAsAbsent() throws Exception {
    expectProblem(postScores("{\"customers\": [{\"customerId\": \"c\", \"features\": null}]}"), 400)
        .andExpect(jsonPath("$.errors[0].field").value("customers[0].features"))
        .andExpect(jsonPath("$.errors[0].message").value("is required"));
    postScores(
            "{\"customers\": [{\"customerId\": \"c\","
                + " \"features\": {\"nps_last\": 9, \"payment_failed\": null}}]}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.scores[0].drivers.length()").value(1))
        .andExpect(jsonPath("$.scores[0].missingFeatures.length()").value(12));
  }

  @Test
  void aBatchAboveTheConfiguredLimitIsTooLarge() throws Exception {
    expectProblem(postScores(batch(6)), 413)
        .andExpect(jsonPath("$.errors[0].field").value("customers"))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("at most 5")));
    postScores(batch(5))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.scores.length()").value(5));
  }

  @Test
  void nonFiniteValuesAreRejectedNamingTheFeature() throws Exception {
    String body =
        """
        {"customers": [
          {"customerId": "ok", "features": {"nps_last": 8}},
          {"customerId": "nan", "features": {"nps_last": NaN}},
          {"customerId": "huge", "features": {"seat_utilisation": 0.5, "tickets_30d": 1e999}}
        ]}
        """;

    expectProblem(postScores(body), 400)
        .andExpect(jsonPath("$.errors.length()").value(2))
        .andExpect(jsonPath("$.errors[0].field").value("customers[1].features.nps_last"))
        .andExpect(jsonPath("$.errors[1].field").value("customers[2].features.tickets_30d"))
        .andExpect(jsonPath("$.errors[1].message").value("must be a finite number (was Infinity)"));
  }

  @Test
  void aCustomerWithoutAnyScorecardFeatureIsRejectedByName() throws Exception {
    String body =
        """
        {"customers": [
          {"customerId": "fine", "features": {"nps_last": 8}},
          {"customerId": "empty-handed", "features": {"favourite_colour": 3}}
        ]}
        """;

    expectProblem(postScores(body), 400)
        .andExpect(jsonPath("$.errors.length()").value(1))
        .andExpect(jsonPath("$.errors[0].field").value("customers[1].features"))
        .andExpect(
            jsonPath("$.errors[0].message")
                .value(org.hamcrest.Matchers.containsString("'empty-handed'")));
  }

  @Test
  void aPreviousScoreOutOfRangeNamesTheField() throws Exception {
    expectProblem(
            postScores(
                "{\"customers\": [{\"customerId\": \"c\", \"previousScore\": 101,"
                    + " \"features\": {\"nps_last\": 7}}]}"),
            400)
        .andExpect(jsonPath("$.errors[0].field").value("customers[0].previousScore"));
  }

  private static String batch(int size) {
    StringBuilder sb = new StringBuilder("{\"customers\": [");
    for (int i = 0; i < size; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"customerId\": \"c")
          .append(i)
          .append("\", \"features\": {\"nps_last\": 7}}");
    }
    return sb.append("]}").toString();
  }
}
