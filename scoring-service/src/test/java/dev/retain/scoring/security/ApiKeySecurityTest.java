package dev.retain.scoring.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** API-key mode: health is open, everything else needs one of the configured keys. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"retain.security.api-keys=key-one, key-two", "retain.security.api-key=key-three"})
class ApiKeySecurityTest {

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return http.send(request.build(), BodyHandlers.ofString());
  }

  @Test
  void healthLivenessAndReadinessNeedNoKey() throws Exception {
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
  }

  @Test
  void everythingElseIs401AsAProblemWithoutAKey() throws Exception {
    for (String path :
        new String[] {"/v1/scorecards/current", "/v1/models", "/actuator/info", "/nope"}) {
      HttpResponse<String> answer = get(path, null);
      assertThat(answer.statusCode()).as(path).isEqualTo(401);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(answer.headers().firstValue("WWW-Authenticate"))
          .hasValue("ApiKey header=\"X-API-Key\"");
      assertThat(answer.body())
          .contains("\"status\":401")
          .contains("an API key in the X-API-Key header")
          .contains("\"instance\":\"" + path + "\"");
    }
  }

  @Test
  void aWrongKeyIs401NamingTheHeader() throws Exception {
    HttpResponse<String> answer = get("/v1/scorecards/current", "key-four");
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).contains("The X-API-Key header holds no valid key");
  }

  @Test
  void everyConfiguredKeyIsAccepted() throws Exception {
    for (String key : new String[] {"key-one", "key-two", "key-three"}) {
      assertThat(get("/v1/scorecards/current", key).statusCode()).as(key).isEqualTo(200);
    }
  }
}
