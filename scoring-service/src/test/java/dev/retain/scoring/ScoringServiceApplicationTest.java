package dev.retain.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The service as a process serves it: real Tomcat, real HTTP, the default scorecard. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"retain.scoring.max-request-size=64KB", "retain.security.api-keys=test-key"})
class ScoringServiceApplicationTest {

  @LocalServerPort int port;
  @Autowired ObjectMapper json;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("X-API-Key", "test-key")
            .build(),
        BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, HttpRequest.BodyPublisher body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("X-API-Key", "test-key")
            .header("Content-Type", "application/json")
            .POST(body)
            .build(),
        BodyHandlers.ofString());
  }

  @Test
  void scoresOverHttpWithTheScorecardItPublishes() throws Exception {
    HttpResponse<String> card = get("/v1/scorecards/current");
    assertThat(card.statusCode()).isEqualTo(200);
    JsonNode scorecard = json.readTree(card.body());
    assertThat(scorecard.get("version").asText()).isEqualTo("health-2026.1");
    assertThat(scorecard.get("redBelow").asDouble()).isEqualTo(62.0);
    assertThat(scorecard.get("yellowBelow").asDouble()).isEqualTo(75.0);
    assertThat(scorecard.get("measures")).hasSize(13);
    double weights = 0;
    for (JsonNode measure : scorecard.get("measures")) {
      weights += measure.get("weight").asDouble();
    }
    assertThat(weights).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));

    String body =
        """
        {"asOf": "2026-11-01", "customers": [
          {"customerId": "healthy", "features": {
            "logins_change_30d": 0.2, "seat_utilisation": 0.9, "days_since_last_login": 1,
            "core_events_per_seat_30d": 25, "tickets_30d": 1, "urgent_open_tickets": 0,
            "oldest_urgent_open_days": 0, "median_resolution_hours_90d": 6,
            "csat_bad_share_90d": 0, "nps_last": 10, "nps_change": 3, "payment_failed": 0,
            "days_to_renewal": 200}},
          {"customerId": "at-risk", "previousScore": 55, "features": {
            "logins_change_30d": -0.62, "urgent_open_tickets": 2, "oldest_urgent_open_days": 9,
            "nps_last": 4, "nps_change": -5, "payment_failed": 1, "days_to_renewal": 21}}
        ]}
        """;
    HttpResponse<String> scored = post("/v1/scores", BodyPublishers.ofString(body));

    assertThat(scored.statusCode()).isEqualTo(200);
    JsonNode scores = json.readTree(scored.body()).get("scores");
    assertThat(scores.get(0).get("healthScore").asDouble()).isEqualTo(100.0);
    assertThat(scores.get(0).get("band").asText()).isEqualTo("green");
    assertThat(scores.get(0).get("scoreChange").isNull()).isTrue();
    JsonNode atRisk = scores.get(1);
    assertThat(atRisk.get("band").asText()).isEqualTo("red");
    double contributions = 0;
    for (JsonNode driver : atRisk.get("drivers")) {
      contributions += driver.get("contribution").asDouble();
    }
    double health = atRisk.get("healthScore").asDouble();
    assertThat(contributions).isCloseTo(health - 50, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(atRisk.get("scoreChange").asDouble())
        .isCloseTo(health - 55, org.assertj.core.api.Assertions.within(0.005));
    assertThat(atRisk.get("drivers").get(0).get("reason").asText())
        .isEqualTo("logins down 62% over the last 30 days");
    assertThat(atRisk.get("missingFeatures")).hasSize(6);
  }

  @Test
  void reportsReadiness() throws Exception {
    HttpResponse<String> readiness = get("/actuator/health/readiness");

    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(json.readTree(readiness.body()).get("status").asText()).isEqualTo("UP");
  }

  @Test
  void refusesAChunkedBodyPastTheRequestSizeLimit() throws Exception {
    byte[] big =
        ("{\"customers\": [" + "{\"customerId\": \"c\", \"features\": {}},".repeat(3_000))
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> refused =
        post("/v1/scores", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));

    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(refused.body()).get("errors").get(0).get("field").asText())
        .isEqualTo("body");
  }
}
