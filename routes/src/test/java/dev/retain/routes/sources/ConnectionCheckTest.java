package dev.retain.routes.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.TicketingSink;
import dev.retain.connectors.zendesk.ZendeskSettings;
import dev.retain.connectors.zendesk.ZendeskSink;
import dev.retain.connectors.zendesk.ZendeskSinkSettings;
import dev.retain.routes.scoring.client.ApiClient;
import dev.retain.routes.scoring.client.api.ScorecardsApi;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code check} command's connection check, against fake vendors that reject the credentials:
 * each failure is reported in plain words, and one failing system does not hide the others.
 */
class ConnectionCheckTest {
  private final WireMockServer vendor = new WireMockServer(options().dynamicPort());

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SourcesSettings.class)
  static class Sources {}

  @BeforeEach
  void start() {
    vendor.start();
    // HubSpot's documented answer to a revoked or wrong private-app token
    vendor.stubFor(
        post(urlPathEqualTo("/crm/v3/objects/companies/search"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json;charset=utf-8")
                    .withBody(
                        "{\"status\":\"error\",\"message\":\"Authentication credentials not"
                            + " found. This API supports OAuth 2.0 authentication and you can"
                            + " find more details at"
                            + " https://developers.hubspot.com/docs/methods/auth/oauth-overview\","
                            + "\"correlationId\":\"2f8a1c3e-0d4b-4f7a-9b1e-6c5d4e3f2a1b\","
                            + "\"category\":\"INVALID_AUTHENTICATION\"}")));
    // Zendesk's answer to a wrong email/API token pair
    vendor.stubFor(
        get(urlPathEqualTo("/api/v2/users/me.json"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody("{\"error\":\"Couldn't authenticate you\"}")));
  }

  @AfterEach
  void stop() {
    vendor.stop();
  }

  @Test
  void rejectedCredentialsAreReportedInPlainWords() {
    String base = vendor.baseUrl();
    new ApplicationContextRunner()
        .withUserConfiguration(Sources.class, SourcesConfiguration.class, ConnectionCheck.class)
        .withBean(
            ScorecardsApi.class,
            () -> {
              ApiClient client = new ApiClient();
              client.updateBaseUri(base);
              return new ScorecardsApi(client);
            })
        .withBean(
            TicketingSink.class,
            () ->
                new ZendeskSink(
                    ZendeskSinkSettings.of(
                        ZendeskSettings.apiToken(URI.create(base), "ops@acme.com", "wrong"))))
        .withPropertyValues(
            "retain.sources.hubspot.enabled=true",
            "retain.sources.hubspot.base-url=" + base,
            "retain.sources.hubspot.access-token=pat-na1-wrong")
        .run(
            context -> {
              List<CheckResult> results = context.getBean(ConnectionCheck.class).checkAll();
              assertThat(results)
                  .extracting(CheckResult::system)
                  .containsExactly("hubspot", "scoring", "zendesk");
              CheckResult hubspot = results.get(0);
              assertThat(hubspot.ok()).isFalse();
              assertThat(hubspot.message())
                  .startsWith(
                      "credentials rejected: HubSpot did not accept the private app's access"
                          + " token")
                  .doesNotContain("pat-na1-wrong");
              CheckResult zendesk = results.get(2);
              assertThat(zendesk.ok()).isFalse();
              assertThat(zendesk.message()).startsWith("credentials rejected by " + base);
              assertThat(results.get(1).ok()).isFalse();
            });
  }
}
