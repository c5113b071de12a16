package dev.retain.connectors.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.testkit.SourceReads;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The OAuth 2.0 JWT bearer flow against WireMock: assertion shape, signature, failures. */
class SalesforceJwtTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String CONSUMER_KEY = "3MVG9-retain-jwt";
  static final String USER = "integration@acme.example";
  static final String GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  @TempDir static Path dir;
  static KeyPair keys;
  static Path pkcs8;
  static Path pkcs1;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
    byte[] der = keys.getPrivate().getEncoded();
    pkcs8 = dir.resolve("retain-pkcs8.key");
    Files.writeString(pkcs8, pem("PRIVATE KEY", der));
    // a 2048-bit PKCS#8 key is 26 bytes of header around the PKCS#1 RSAPrivateKey
    pkcs1 = dir.resolve("retain-pkcs1.key");
    Files.writeString(pkcs1, pem("RSA PRIVATE KEY", Arrays.copyOfRange(der, 26, der.length)));
  }

  @Test
  void checkSignsAnAssertionThatSalesforceCanVerify() throws Exception {
    stubToken();
    wm.stubFor(
        get(urlPathEqualTo("/services/data/v62.0/queryAll"))
            .willReturn(SourceReads.json(SourceReads.fixture("salesforce", "empty.json"))));

    CheckResult result = connector(settings(pkcs8)).check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains("JWT bearer flow, as " + USER);
    Map<String, String> form = form(tokenRequests().get(0));
    assertThat(form.get("grant_type")).isEqualTo(GRANT);
    String[] parts = form.get("assertion").split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = SalesforceJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = SalesforceJson.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header.get("alg").asText()).isEqualTo("RS256");
    assertThat(claims.get("iss").asText()).isEqualTo(CONSUMER_KEY);
    assertThat(claims.get("sub").asText()).isEqualTo(USER);
    assertThat(claims.get("aud").asText()).isEqualTo("https://test.salesforce.com");
    long exp = claims.get("exp").asLong();
    long now = Instant.now().getEpochSecond();
    assertThat(exp).isBetween(now + 60, now + 181);
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(keys.getPublic());
    rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }

  @Test
  void aPkcs1KeyFileWorksToo() {
    stubToken();
    wm.stubFor(
        get(urlPathEqualTo("/services/data/v62.0/queryAll"))
            .willReturn(SourceReads.json(SourceReads.fixture("salesforce", "empty.json"))));

    assertThat(connector(settings(pkcs1)).check().ok()).isTrue();
  }

  @Test
  void aRejectedAssertionSaysWhatToCheck() {
    wm.stubFor(
        post(urlEqualTo("/services/oauth2/token"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"user hasn't"
                            + " approved this consumer\"}")));

    CheckResult result = connector(settings(pkcs8)).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message())
        .startsWith("credentials rejected")
        .contains("JWT bearer assertion")
        .contains(USER)
        .contains("pre-authorized")
        .contains("user hasn't approved this consumer");
  }

  @Test
  void settingsNameTheBadKeyAndNeverPrintTheKey() throws Exception {
    SalesforceSettings settings = settings(pkcs8);
    assertThat(settings.toString()).contains("jwt=").doesNotContain("BEGIN");
    assertThatThrownBy(() -> SalesforceJwt.of(USER, dir.resolve("missing.key")))
        .hasMessageContaining("salesforce.jwt.privateKeyFile");
    assertThatThrownBy(
            () -> new SalesforceJwt(USER, pkcs8, SalesforceJwt.PRODUCTION, Duration.ofMinutes(5)))
        .hasMessageContaining("salesforce.jwt.lifetime");
    assertThatThrownBy(() -> settings.withClientSecret("s3cret")).hasMessageContaining("not both");
    Path notAKey = dir.resolve("not-a-key.pem");
    Files.writeString(notAKey, "hello");
    assertThatThrownBy(() -> connector(settings(notAKey)))
        .hasMessageContaining("salesforce.jwt.privateKeyFile");
  }

  // ---- helpers -----------------------------------------------------------------------------

  void stubToken() {
    wm.stubFor(
        post(urlEqualTo("/services/oauth2/token"))
            .withRequestBody(
                containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"))
            .withRequestBody(containing("assertion="))
            .willReturn(
                SourceReads.json(
                    SourceReads.fixture("salesforce", "token.json")
                        .replace("INSTANCE_URL", wm.baseUrl()))));
  }

  List<LoggedRequest> tokenRequests() {
    return wm.findAll(postRequestedFor(urlEqualTo("/services/oauth2/token")));
  }

  static Map<String, String> form(LoggedRequest request) {
    return Stream.of(request.getBodyAsString().split("&"))
        .map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }

  SalesforceSettings settings(Path key) {
    return SalesforceSettings.jwt(
            URI.create(wm.baseUrl()),
            CONSUMER_KEY,
            SalesforceJwt.of(USER, key).withAudience(SalesforceJwt.SANDBOX))
        .withBatchSize(200);
  }

  SalesforceConnector connector(SalesforceSettings settings) {
    return new SalesforceConnector(
        settings, new HttpTransport("salesforce", settings.http(), d -> {}));
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
