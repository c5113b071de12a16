package dev.retain.routes.sources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A missing or invalid setting stops start-up with a message that names the key. */
class SettingsValidationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SourcesSettings.class)
  static class Sources {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(Sources.class, SourcesConfiguration.class);

  @Test
  void anEnabledSourceWithoutItsSecretNamesTheKey() {
    runner
        .withPropertyValues(
            "retain.sources.salesforce.enabled=true",
            "retain.sources.salesforce.login-url=https://login.salesforce.com",
            "retain.sources.salesforce.client-id=abc")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("retain.sources.salesforce.client-secret"));
  }

  @Test
  void anOutOfRangeValueNamesTheKeyAndTheValue() {
    runner
        .withPropertyValues(
            "retain.sources.delighted.enabled=true",
            "retain.sources.delighted.api-key=k",
            "retain.sources.delighted.per-page=500")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("retain.sources.delighted.per-page")
                    .hasMessageContaining("500"));
  }

  @Test
  void noEnabledSourceStopsStartUp() {
    runner.run(
        context ->
            assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageContaining("retain.sources.<source>.enabled"));
  }

  @Test
  void aCompleteSourceStartsWithItsStreams() {
    runner
        .withPropertyValues(
            "retain.sources.zendesk.enabled=true",
            "retain.sources.zendesk.base-url=https://acme.zendesk.com",
            "retain.sources.zendesk.email=ops@acme.com",
            "retain.sources.zendesk.api-token=t0ken")
        .run(
            context ->
                assertThat(context.getBean(SourceRegistry.class).streamNames())
                    .containsExactly("zendesk.organizations", "zendesk.users", "zendesk.tickets"));
  }
}
