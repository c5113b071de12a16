package dev.retain.routes.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Every source can be configured through {@code retain.sources.<name>.*}: a complete block starts
 * the source with its streams; a missing or out-of-range key stops start-up naming the key.
 */
class SourcesWiringTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SourcesSettings.class)
  static class Sources {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(Sources.class, SourcesConfiguration.class);

  @TempDir Path dir;

  // --- a complete block yields the source's streams

  @Test
  void salesforceWithTheJwtBearerFlow() throws Exception {
    Path key = privateKey();
    runner
        .withPropertyValues(
            "retain.sources.salesforce.enabled=true",
            "retain.sources.salesforce.login-url=https://acme.my.salesforce.com",
            "retain.sources.salesforce.client-id=3MVG9consumerKey",
            "retain.sources.salesforce.jwt.username=integration@acme.com",
            "retain.sources.salesforce.jwt.private-key-file=" + key,
            "retain.sources.salesforce.jwt.audience=https://test.salesforce.com",
            "retain.sources.salesforce.fields.account-currency=",
            "retain.sources.salesforce.fields.subscription-object=Sub__c")
        .run(
            context -> {
              assertThat(streams(context))
                  .containsExactly(
                      "salesforce.accounts", "salesforce.contacts", "salesforce.subscriptions");
              SourcesSettings.Salesforce sf = context.getBean(SourcesSettings.class).salesforce();
              var built = SourcesConfiguration.salesforce(sf);
              assertThat(built.usesJwt()).isTrue();
              assertThat(built.fields().accountCurrency()).isNull();
              assertThat(built.fields().subscriptionObject()).isEqualTo("Sub__c");
              assertThat(built.jwt().audience()).hasToString("https://test.salesforce.com");
            });
  }

  @Test
  void hubspot() {
    runner
        .withPropertyValues(
            "retain.sources.hubspot.enabled=true",
            "retain.sources.hubspot.access-token=pat-na1-secret",
            "retain.sources.hubspot.won-stages=closedwon,contractsigned",
            "retain.sources.hubspot.arr-property=amount",
            "retain.sources.hubspot.renewal-date-property=renewal_date")
        .run(
            context -> {
              assertThat(streams(context))
                  .containsExactlyInAnyOrder(
                      "hubspot.companies",
                      "hubspot.contacts",
                      "hubspot.deals",
                      "hubspot.archived_companies",
                      "hubspot.archived_contacts",
                      "hubspot.archived_deals");
              var built =
                  SourcesConfiguration.hubspot(context.getBean(SourcesSettings.class).hubspot());
              assertThat(built.wonStages())
                  .containsExactlyInAnyOrder("closedwon", "contractsigned");
              assertThat(built.baseUrl()).hasToString("https://api.hubapi.com");
            });
  }

  @Test
  void zendeskWithAnOauthToken() {
    runner
        .withPropertyValues(
            "retain.sources.zendesk.enabled=true",
            "retain.sources.zendesk.base-url=https://acme.zendesk.com",
            "retain.sources.zendesk.oauth-token=oauth-secret",
            "retain.sources.zendesk.start-time=2024-01-01T00:00:00Z")
        .run(
            context ->
                assertThat(streams(context))
                    .containsExactly("zendesk.organizations", "zendesk.users", "zendesk.tickets"));
  }

  @Test
  void jiraServiceManagement() {
    runner
        .withPropertyValues(
            "retain.sources.jsm.enabled=true",
            "retain.sources.jsm.base-url=https://acme.atlassian.net",
            "retain.sources.jsm.email=ops@acme.com",
            "retain.sources.jsm.api-token=secret",
            "retain.sources.jsm.jql=project = SUP",
            "retain.sources.jsm.user-time-zone=Europe/Berlin",
            "retain.sources.jsm.status-names[Waiting for support]=OPEN")
        .run(
            context -> {
              assertThat(streams(context)).containsExactly("jsm.tickets");
              var built = SourcesConfiguration.jsm(context.getBean(SourcesSettings.class).jsm());
              assertThat(built.userTimeZone()).hasToString("Europe/Berlin");
              assertThat(built.statusNames()).containsOnlyKeys("Waiting for support");
            });
  }

  @Test
  void freshdesk() {
    runner
        .withPropertyValues(
            "retain.sources.freshdesk.enabled=true",
            "retain.sources.freshdesk.base-url=https://acme.freshdesk.com",
            "retain.sources.freshdesk.api-key=secret")
        .run(
            context ->
                assertThat(streams(context))
                    .containsExactlyInAnyOrder(
                        "freshdesk.tickets", "freshdesk.contacts", "freshdesk.companies"));
  }

  @Test
  void servicenowOnACaseTableWithDeletes() {
    runner
        .withPropertyValues(
            "retain.sources.servicenow.enabled=true",
            "retain.sources.servicenow.base-url=https://acme.service-now.com",
            "retain.sources.servicenow.username=retain",
            "retain.sources.servicenow.password=secret",
            "retain.sources.servicenow.table=sn_customerservice_case",
            "retain.sources.servicenow.account-field=account",
            "retain.sources.servicenow.requester-field=contact",
            "retain.sources.servicenow.states.1=NEW",
            "retain.sources.servicenow.states.10=OPEN",
            "retain.sources.servicenow.states.3=CLOSED",
            "retain.sources.servicenow.read-deletes=true")
        .run(
            context -> {
              assertThat(streams(context))
                  .containsExactlyInAnyOrder("servicenow.tickets", "servicenow.deletes");
              var built =
                  SourcesConfiguration.servicenow(
                      context.getBean(SourcesSettings.class).servicenow());
              assertThat(built.states()).containsOnlyKeys("1", "10", "3");
            });
  }

  @Test
  void qualtrics() {
    runner
        .withPropertyValues(
            "retain.sources.qualtrics.enabled=true",
            "retain.sources.qualtrics.base-url=https://fra1.qualtrics.com",
            "retain.sources.qualtrics.api-token=secret",
            "retain.sources.qualtrics.survey-id=SV_abc123",
            "retain.sources.qualtrics.nps-question-id=QID1",
            "retain.sources.qualtrics.comment-question-id=QID2_TEXT",
            "retain.sources.qualtrics.account-id-field=account_id")
        .run(context -> assertThat(streams(context)).containsExactly("qualtrics.survey_responses"));
  }

  @Test
  void mixpanel() {
    runner
        .withPropertyValues(
            "retain.sources.mixpanel.enabled=true",
            "retain.sources.mixpanel.project-id=123456",
            "retain.sources.mixpanel.service-account-user=retain.sa",
            "retain.sources.mixpanel.service-account-secret=secret",
            "retain.sources.mixpanel.account-property=company_id",
            "retain.sources.mixpanel.login-events=Login",
            "retain.sources.mixpanel.core-events=Report Created,Export",
            "retain.sources.mixpanel.start-date=2025-01-01")
        .run(
            context -> {
              assertThat(streams(context)).containsExactly("mixpanel.usage");
              var built =
                  SourcesConfiguration.mixpanel(context.getBean(SourcesSettings.class).mixpanel());
              assertThat(built.coreEvents()).containsExactlyInAnyOrder("Report Created", "Export");
              assertThat(built.startDate()).hasToString("2025-01-01");
            });
  }

  @Test
  void theSegmentEndpointListensWhileTheContextRuns() throws Exception {
    List<Integer> port = new ArrayList<>();
    runner
        .withPropertyValues(
            "retain.sources.segment.enabled=true",
            "retain.sources.segment.bind-address=127.0.0.1",
            "retain.sources.segment.port=0",
            "retain.sources.segment.write-key=wk_secret",
            "retain.sources.segment.core-events=Report Created")
        .run(
            context -> {
              assertThat(streams(context)).containsExactly("segment.events");
              String message = context.getBean(SourceRegistry.class).checkAll().get(0).message();
              Matcher m = Pattern.compile(":(\\d+)/v1/batch").matcher(message);
              assertThat(m.find()).as(message).isTrue();
              port.add(Integer.parseInt(m.group(1)));
              assertThat(listening(port.get(0))).isTrue();
            });
    assertThat(listening(port.get(0))).as("closed with the context").isFalse();
  }

  @Test
  void fileDropWithChosenEntitiesAndColumns() {
    runner
        .withPropertyValues(
            "retain.sources.file-drop.enabled=true",
            "retain.sources.file-drop.directory=" + dir,
            "retain.sources.file-drop.system=billing",
            "retain.sources.file-drop.entities=account,survey-response",
            "retain.sources.file-drop.columns.account.id=AccountNumber",
            "retain.sources.file-drop.columns.account.updated-at=LastModified")
        .run(
            context -> {
              assertThat(streams(context))
                  .containsExactly("files.accounts", "files.survey_responses");
              SourcesSettings.FileDrop fd = context.getBean(SourcesSettings.class).fileDrop();
              assertThat(fd.columns().get(dev.retain.model.Entity.ACCOUNT))
                  .containsEntry("updated-at", "LastModified");
            });
  }

  @Test
  void jdbcQueries() {
    runner
        .withPropertyValues(
            "retain.sources.jdbc.enabled=true",
            "retain.sources.jdbc.url=jdbc:postgresql://billing-db:5432/billing",
            "retain.sources.jdbc.user=retain",
            "retain.sources.jdbc.password=secret",
            "retain.sources.jdbc.system=billing",
            "retain.sources.jdbc.queries.subscriptions.sql=select * from subscriptions",
            "retain.sources.jdbc.queries.subscriptions.incremental-column=updated_at",
            "retain.sources.jdbc.queries.subscriptions.id-column=id",
            "retain.sources.jdbc.queries.subscriptions.entity=subscription",
            "retain.sources.jdbc.queries.subscriptions.columns.account-id=customer_id",
            "retain.sources.jdbc.queries.accounts.sql=select * from customers",
            "retain.sources.jdbc.queries.accounts.incremental-column=modified",
            "retain.sources.jdbc.queries.accounts.id-column=id",
            "retain.sources.jdbc.queries.accounts.entity=account")
        .run(
            context ->
                assertThat(streams(context))
                    .containsExactlyInAnyOrder("jdbc.subscriptions", "jdbc.accounts"));
  }

  @Test
  void severalSourcesTogether() {
    runner
        .withPropertyValues(
            "retain.sources.freshdesk.enabled=true",
            "retain.sources.freshdesk.base-url=https://acme.freshdesk.com",
            "retain.sources.freshdesk.api-key=secret",
            "retain.sources.usage-files.enabled=true",
            "retain.sources.usage-files.directory=" + dir)
        .run(
            context -> assertThat(streams(context)).contains("freshdesk.tickets", "product.usage"));
  }

  // --- a missing key names the key

  @Test
  void missingRequiredKeysAreNamed() throws Exception {
    Path key = privateKey();
    fails(
        "retain.sources.salesforce.jwt.private-key-file",
        "retain.sources.salesforce.enabled=true",
        "retain.sources.salesforce.login-url=https://acme.my.salesforce.com",
        "retain.sources.salesforce.client-id=id",
        "retain.sources.salesforce.jwt.username=integration@acme.com");
    fails(
        "retain.sources.salesforce.jwt.private-key-file is not a readable file",
        "retain.sources.salesforce.enabled=true",
        "retain.sources.salesforce.login-url=https://acme.my.salesforce.com",
        "retain.sources.salesforce.client-id=id",
        "retain.sources.salesforce.jwt.username=integration@acme.com",
        "retain.sources.salesforce.jwt.private-key-file=" + dir.resolve("missing.pem"));
    fails(
        "not both",
        "retain.sources.salesforce.enabled=true",
        "retain.sources.salesforce.login-url=https://acme.my.salesforce.com",
        "retain.sources.salesforce.client-id=id",
        "retain.sources.salesforce.client-secret=secret",
        "retain.sources.salesforce.jwt.username=integration@acme.com",
        "retain.sources.salesforce.jwt.private-key-file=" + key);
    fails("retain.sources.hubspot.access-token", "retain.sources.hubspot.enabled=true");
    fails(
        "retain.sources.zendesk.api-token",
        "retain.sources.zendesk.enabled=true",
        "retain.sources.zendesk.base-url=https://acme.zendesk.com",
        "retain.sources.zendesk.email=ops@acme.com");
    fails(
        "retain.sources.jsm.jql",
        "retain.sources.jsm.enabled=true",
        "retain.sources.jsm.base-url=https://acme.atlassian.net",
        "retain.sources.jsm.email=ops@acme.com",
        "retain.sources.jsm.api-token=secret");
    fails(
        "retain.sources.freshdesk.api-key",
        "retain.sources.freshdesk.enabled=true",
        "retain.sources.freshdesk.base-url=https://acme.freshdesk.com");
    fails(
        "retain.sources.servicenow.password",
        "retain.sources.servicenow.enabled=true",
        "retain.sources.servicenow.base-url=https://acme.service-now.com",
        "retain.sources.servicenow.username=retain");
    fails(
        "retain.sources.servicenow.bearer-token",
        "retain.sources.servicenow.enabled=true",
        "retain.sources.servicenow.base-url=https://acme.service-now.com");
    fails(
        "retain.sources.qualtrics.survey-id",
        "retain.sources.qualtrics.enabled=true",
        "retain.sources.qualtrics.base-url=https://fra1.qualtrics.com",
        "retain.sources.qualtrics.api-token=secret");
    fails(
        "retain.sources.mixpanel.start-date",
        "retain.sources.mixpanel.enabled=true",
        "retain.sources.mixpanel.project-id=123456",
        "retain.sources.mixpanel.service-account-user=retain.sa",
        "retain.sources.mixpanel.service-account-secret=secret",
        "retain.sources.mixpanel.account-property=company_id");
    fails("retain.sources.segment.write-key", "retain.sources.segment.enabled=true");
    fails("retain.sources.file-drop.directory", "retain.sources.file-drop.enabled=true");
    fails(
        "retain.sources.jdbc.queries.invoices.incremental-column",
        "retain.sources.jdbc.enabled=true",
        "retain.sources.jdbc.url=jdbc:postgresql://db/billing",
        "retain.sources.jdbc.user=retain",
        "retain.sources.jdbc.password=",
        "retain.sources.jdbc.queries.invoices.sql=select * from invoices",
        "retain.sources.jdbc.queries.invoices.id-column=id",
        "retain.sources.jdbc.queries.invoices.entity=subscription");
    fails(
        "retain.sources.jdbc.queries",
        "retain.sources.jdbc.enabled=true",
        "retain.sources.jdbc.url=jdbc:postgresql://db/billing",
        "retain.sources.jdbc.user=retain",
        "retain.sources.jdbc.password=secret");
  }

  // --- an out-of-range or malformed value names the key and the value

  @Test
  void outOfRangeValuesAreNamed() throws Exception {
    Path key = privateKey();
    fails(
        "retain.sources.salesforce.jwt.lifetime must be at most 3 minutes",
        "retain.sources.salesforce.enabled=true",
        "retain.sources.salesforce.login-url=https://acme.my.salesforce.com",
        "retain.sources.salesforce.client-id=id",
        "retain.sources.salesforce.jwt.username=integration@acme.com",
        "retain.sources.salesforce.jwt.private-key-file=" + key,
        "retain.sources.salesforce.jwt.lifetime=5m");
    fails(
        "retain.sources.salesforce.fields.account-arr must be a Salesforce API name",
        "retain.sources.salesforce.enabled=true",
        "retain.sources.salesforce.login-url=https://acme.my.salesforce.com",
        "retain.sources.salesforce.client-id=id",
        "retain.sources.salesforce.client-secret=secret",
        "retain.sources.salesforce.fields.account-arr=ARR c");
    fails(
        "retain.sources.hubspot.page-size must be between 1 and 200, got 500",
        "retain.sources.hubspot.enabled=true",
        "retain.sources.hubspot.access-token=t",
        "retain.sources.hubspot.page-size=500");
    fails(
        "retain.sources.zendesk.page-size must be between 1 and 1000, got 2000",
        "retain.sources.zendesk.enabled=true",
        "retain.sources.zendesk.base-url=https://acme.zendesk.com",
        "retain.sources.zendesk.oauth-token=t",
        "retain.sources.zendesk.page-size=2000");
    fails(
        "retain.sources.jsm.jql must not have an ORDER BY clause",
        "retain.sources.jsm.enabled=true",
        "retain.sources.jsm.base-url=https://acme.atlassian.net",
        "retain.sources.jsm.email=ops@acme.com",
        "retain.sources.jsm.api-token=secret",
        "retain.sources.jsm.jql=project = SUP ORDER BY created");
    fails(
        "retain.sources.freshdesk.max-pages-per-query must be between 1 and 300, got 301",
        "retain.sources.freshdesk.enabled=true",
        "retain.sources.freshdesk.base-url=https://acme.freshdesk.com",
        "retain.sources.freshdesk.api-key=secret",
        "retain.sources.freshdesk.max-pages-per-query=301");
    fails(
        "retain.sources.servicenow.page-size must be between 1 and 10000, got 20000",
        "retain.sources.servicenow.enabled=true",
        "retain.sources.servicenow.base-url=https://acme.service-now.com",
        "retain.sources.servicenow.bearer-token=t",
        "retain.sources.servicenow.page-size=20000");
    fails(
        "retain.sources.qualtrics.survey-id must look like SV_",
        "retain.sources.qualtrics.enabled=true",
        "retain.sources.qualtrics.base-url=https://fra1.qualtrics.com",
        "retain.sources.qualtrics.api-token=secret",
        "retain.sources.qualtrics.survey-id=12345",
        "retain.sources.qualtrics.nps-question-id=QID1");
    fails(
        "retain.sources.mixpanel.lag-days must be between 0 and 30, got 31",
        "retain.sources.mixpanel.enabled=true",
        "retain.sources.mixpanel.project-id=123456",
        "retain.sources.mixpanel.service-account-user=retain.sa",
        "retain.sources.mixpanel.service-account-secret=secret",
        "retain.sources.mixpanel.account-property=company_id",
        "retain.sources.mixpanel.start-date=2025-01-01",
        "retain.sources.mixpanel.lag-days=31");
    fails(
        "retain.sources.segment.port must be between 0 and 65535, got 70000",
        "retain.sources.segment.enabled=true",
        "retain.sources.segment.write-key=wk",
        "retain.sources.segment.port=70000");
    fails(
        "retain.sources.file-drop.system must be a lower-case token",
        "retain.sources.file-drop.enabled=true",
        "retain.sources.file-drop.directory=" + dir,
        "retain.sources.file-drop.system=Billing System");
    fails(
        "retain.sources.jdbc.fetch-size must be between 1 and 100000, got 0",
        "retain.sources.jdbc.enabled=true",
        "retain.sources.jdbc.url=jdbc:postgresql://db/billing",
        "retain.sources.jdbc.user=retain",
        "retain.sources.jdbc.password=secret",
        "retain.sources.jdbc.fetch-size=0");
  }

  @Test
  void secretsAreMaskedWhenTheSettingsArePrinted() {
    new ApplicationContextRunner()
        .withUserConfiguration(Sources.class)
        .withPropertyValues(
            "retain.sources.salesforce.client-secret=sf-secret-1",
            "retain.sources.hubspot.access-token=hs-secret-2",
            "retain.sources.zendesk.api-token=zd-secret-3",
            "retain.sources.zendesk.oauth-token=zd-secret-4",
            "retain.sources.jsm.api-token=jsm-secret-5",
            "retain.sources.freshdesk.api-key=fd-secret-6",
            "retain.sources.servicenow.password=sn-secret-7",
            "retain.sources.servicenow.bearer-token=sn-secret-8",
            "retain.sources.delighted.api-key=dl-secret-9",
            "retain.sources.qualtrics.api-token=q-secret-10",
            "retain.sources.mixpanel.service-account-secret=mp-secret-11",
            "retain.sources.segment.write-key=sg-secret-12",
            "retain.sources.jdbc.password=jdbc-secret-13")
        .run(
            context ->
                assertThat(context.getBean(SourcesSettings.class).toString())
                    .doesNotContainPattern("secret-\\d"));
  }

  @Test
  void secretsComeFromAConfigTree() throws IOException {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("retain.sources.hubspot.access-token"), "pat-from-file\n");
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(Sources.class, SourcesConfiguration.class)
            .web(WebApplicationType.NONE)
            .properties(
                "spring.config.import=configtree:" + secrets + "/",
                "retain.sources.hubspot.enabled=true")
            .run()) {
      assertThat(context.getBean(SourcesSettings.class).hubspot().accessToken())
          .isEqualTo("pat-from-file");
    }
  }

  private void fails(String expected, String... properties) {
    runner
        .withPropertyValues(properties)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .as(String.join(", ", properties))
                    .hasMessageContaining(expected));
  }

  private static List<String> streams(AssertableApplicationContext context) {
    assertThat(context).hasNotFailed();
    return context.getBean(SourceRegistry.class).streamNames();
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** An RSA private key in PKCS#8 PEM, like the one uploaded to a connected app. */
  private Path privateKey() throws IOException, NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    return Files.writeString(dir.resolve("server.key"), pem);
  }
}
