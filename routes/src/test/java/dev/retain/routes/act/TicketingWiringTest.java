package dev.retain.routes.act;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.connectors.spi.TicketingSink;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code retain.tickets.system} picks the sink; only that system's block is validated, and a
 * missing or malformed key stops start-up naming it.
 */
class TicketingWiringTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(TicketingConfiguration.class);

  private static final String[] JIRA = {
    "retain.tickets.jira.base-url=https://acme.atlassian.net",
    "retain.tickets.jira.email=ops@acme.com",
    "retain.tickets.jira.api-token=secret",
    "retain.tickets.jira.project-key=RISK"
  };

  @Test
  void jiraIsTheDefault() {
    runner
        .withPropertyValues(JIRA)
        .run(
            context -> assertThat(context.getBean(TicketingSink.class).system()).isEqualTo("jira"));
  }

  @Test
  void jiraWithItsOptions() {
    runner
        .withPropertyValues(JIRA)
        .withPropertyValues(
            "retain.tickets.system=jira",
            "retain.tickets.jira.issue-type=Bug",
            "retain.tickets.jira.resolve-transition=Done",
            "retain.tickets.jira.set-priority=false")
        .run(
            context -> {
              var jira =
                  TicketingConfiguration.jira(
                      context.getBean(TicketingConfiguration.Sinks.class).jira());
              assertThat(jira.issueType()).isEqualTo("Bug");
              assertThat(jira.resolveTransition()).isEqualTo("Done");
              assertThat(jira.setPriority()).isFalse();
              assertThat(jira.labelPrefix()).isEqualTo("retain-risk-");
            });
  }

  @Test
  void zendesk() {
    runner
        .withPropertyValues(
            "retain.tickets.system=zendesk",
            "retain.tickets.zendesk.base-url=https://acme.zendesk.com",
            "retain.tickets.zendesk.email=ops@acme.com",
            "retain.tickets.zendesk.api-token=secret",
            "retain.tickets.zendesk.tags=retain,cs-risk",
            "retain.tickets.zendesk.group-id=360001")
        .run(
            context -> {
              assertThat(context.getBean(TicketingSink.class).system()).isEqualTo("zendesk");
              var zd =
                  TicketingConfiguration.zendesk(
                      context.getBean(TicketingConfiguration.Sinks.class).zendesk());
              assertThat(zd.tags()).containsExactly("retain", "cs-risk");
              assertThat(zd.groupId()).isEqualTo(360001L);
            });
  }

  @Test
  void servicenowWithAnOauthToken() {
    runner
        .withPropertyValues(
            "retain.tickets.system=servicenow",
            "retain.tickets.servicenow.base-url=https://acme.service-now.com",
            "retain.tickets.servicenow.oauth-token=secret",
            "retain.tickets.servicenow.assignment-group=CS Risk")
        .run(
            context ->
                assertThat(context.getBean(TicketingSink.class).system()).isEqualTo("servicenow"));
  }

  @Test
  void webhook() {
    runner
        .withPropertyValues(
            "retain.tickets.system=webhook",
            "retain.tickets.webhook.url=https://hooks.acme.com/retain",
            "retain.tickets.webhook.secret=0123456789abcdef")
        .run(
            context ->
                assertThat(context.getBean(TicketingSink.class).system()).isEqualTo("webhook"));
  }

  @Test
  void onlyTheChosenSystemIsValidated() {
    runner
        .withPropertyValues(
            "retain.tickets.system=webhook",
            "retain.tickets.webhook.url=https://hooks.acme.com/retain",
            "retain.tickets.webhook.secret=0123456789abcdef",
            "retain.tickets.jira.project-key=not a key")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void missingKeysAreNamed() {
    fails("retain.tickets.jira.api-token is required", JIRA[0], JIRA[1], JIRA[3]);
    fails(
        "retain.tickets.zendesk.api-token",
        "retain.tickets.system=zendesk",
        "retain.tickets.zendesk.base-url=https://acme.zendesk.com",
        "retain.tickets.zendesk.email=ops@acme.com");
    fails(
        "retain.tickets.servicenow.password",
        "retain.tickets.system=servicenow",
        "retain.tickets.servicenow.base-url=https://acme.service-now.com",
        "retain.tickets.servicenow.user=retain");
    fails("retain.tickets.webhook.url", "retain.tickets.system=webhook");
  }

  @Test
  void malformedValuesAreNamed() {
    fails(
        "retain.tickets.system",
        "retain.tickets.system=remedy",
        JIRA[0],
        JIRA[1],
        JIRA[2],
        JIRA[3]);
    fails(
        "retain.tickets.jira.project-key must be an upper-case project key",
        JIRA[0],
        JIRA[1],
        JIRA[2],
        "retain.tickets.jira.project-key=risk");
    fails(
        "retain.tickets.zendesk.external-id-prefix must be a non-blank token",
        "retain.tickets.system=zendesk",
        "retain.tickets.zendesk.base-url=https://acme.zendesk.com",
        "retain.tickets.zendesk.oauth-token=t",
        "retain.tickets.zendesk.external-id-prefix=retain risk");
    fails(
        "retain.tickets.servicenow.reopen-state must be a state number, got: open",
        "retain.tickets.system=servicenow",
        "retain.tickets.servicenow.base-url=https://acme.service-now.com",
        "retain.tickets.servicenow.oauth-token=t",
        "retain.tickets.servicenow.reopen-state=open");
    fails(
        "retain.tickets.webhook.secret must be at least 16 characters, got 5",
        "retain.tickets.system=webhook",
        "retain.tickets.webhook.url=https://hooks.acme.com/retain",
        "retain.tickets.webhook.secret=short");
  }

  @Test
  void secretsAreMasked() {
    runner
        .withPropertyValues(JIRA)
        .withPropertyValues(
            "retain.tickets.zendesk.api-token=zd-secret-1",
            "retain.tickets.zendesk.oauth-token=zd-secret-2",
            "retain.tickets.servicenow.password=sn-secret-3",
            "retain.tickets.servicenow.oauth-token=sn-secret-4",
            "retain.tickets.webhook.secret=wh-secret-5-0123456789")
        .run(
            context ->
                assertThat(context.getBean(TicketingConfiguration.Sinks.class).toString())
                    .doesNotContainPattern("secret-\\d"));
  }

  private void fails(String expected, String... properties) {
    runner
        .withPropertyValues(properties)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .as(String.join(", ", properties))
                    .satisfies(f -> assertThat(messages(f)).contains(expected)));
  }

  /** The failure's messages down the cause chain (binding errors name the key above the root). */
  private static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append('\n');
    }
    return all.toString();
  }
}
