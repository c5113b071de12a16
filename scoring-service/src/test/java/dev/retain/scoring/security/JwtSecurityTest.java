package dev.retain.scoring.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * JWT mode with a configured RSA public key: tokens signed with the matching private key are
 * accepted; unsigned, foreign, expired or missing tokens are 401; writes need the admin scope.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtSecurityTest {

  private static final KeyPair KEYS = rsa();
  private static final KeyPair OTHER_KEYS = rsa();

  @DynamicPropertySource
  static void jwt(DynamicPropertyRegistry registry) throws Exception {
    Path pem = Files.createTempFile("retain-jwt", ".pub");
    pem.toFile().deleteOnExit();
    Files.writeString(
        pem,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(KEYS.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    registry.add("retain.security.mode", () -> "jwt");
    registry.add("retain.security.jwt.public-key-location", () -> pem.toUri().toString());
    registry.add("retain.security.jwt.audience", () -> "retain-scoring");
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String token(KeyPair keys, String scope, String audience, Instant expires)
      throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject("analyst")
            .audience(audience)
            .claim("scope", scope)
            .issueTime(Date.from(Instant.now().minusSeconds(60)))
            .expirationTime(Date.from(expires))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    jwt.sign(new RSASSASigner(keys.getPrivate()));
    return jwt.serialize();
  }

  private static String token(String scope) throws Exception {
    return token(KEYS, scope, "retain-scoring", Instant.now().plusSeconds(600));
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), BodyHandlers.ofString());
  }

  @Test
  void aValidTokenScoresAndReads() throws Exception {
    String token = token("profile");
    assertThat(send("GET", "/v1/scorecards/current", token, null).statusCode()).isEqualTo(200);
    HttpResponse<String> scored =
        send(
            "POST",
            "/v1/scores",
            token,
            "{\"customers\":[{\"customerId\":\"c\",\"features\":{\"nps_last\":9}}]}");
    assertThat(scored.statusCode()).isEqualTo(200);
    assertThat(scored.body()).contains("\"customerId\":\"c\"");
  }

  @Test
  void healthNeedsNoToken() throws Exception {
    assertThat(send("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void missingForeignExpiredOrMisaddressedTokensAre401Problems() throws Exception {
    String[] tokens = {
      null,
      "not-a-jwt",
      token(OTHER_KEYS, "retain.admin", "retain-scoring", Instant.now().plusSeconds(600)),
      token(KEYS, "retain.admin", "retain-scoring", Instant.now().minusSeconds(600)),
      token(KEYS, "retain.admin", "someone-else", Instant.now().plusSeconds(600))
    };
    for (String token : tokens) {
      HttpResponse<String> answer = send("GET", "/v1/scorecards/current", token, null);
      assertThat(answer.statusCode()).as(String.valueOf(token)).isEqualTo(401);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(answer.headers().firstValue("WWW-Authenticate"))
          .get()
          .asString()
          .startsWith("Bearer");
      assertThat(answer.body()).contains("\"status\":401");
    }
  }

  @Test
  void replacingTheScorecardNeedsTheAdminScope() throws Exception {
    String scorecard =
        """
        {"version": "jwt-test-1", "redBelow": 40, "yellowBelow": 60, "measures": [
          {"name": "nps", "feature": "nps_last", "group": "sentiment", "weight": 1, "bad": 0,
           "good": 10, "reason": "nps"}]}
        """;
    HttpResponse<String> denied =
        send("PUT", "/v1/scorecards/current", token("profile"), scorecard);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(denied.body()).contains("\"status\":403").contains("PUT /v1/scorecards/current");

    HttpResponse<String> allowed =
        send("PUT", "/v1/scorecards/current", token("profile retain.admin"), scorecard);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).contains("\"version\":\"jwt-test-1\"");
  }
}
