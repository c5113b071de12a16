package dev.retain.demo;

import dev.retain.routes.RoutesApplication;
import dev.retain.routes.sync.RunReport;
import dev.retain.routes.sync.SyncRun;
import dev.retain.sandbox.SandboxView;
import dev.retain.sandbox.company.SandboxCompany;
import dev.retain.sandbox.company.SandboxSpec;
import dev.retain.sandbox.server.delighted.DelightedSandboxServer;
import dev.retain.sandbox.server.jira.JiraSandboxServer;
import dev.retain.sandbox.server.product.ProductUsageDrop;
import dev.retain.sandbox.server.salesforce.SalesforceSandboxServer;
import dev.retain.sandbox.server.zendesk.ZendeskSandboxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A sandboxed company with everything Retain talks to: the vendor servers (Salesforce, Zendesk,
 * Delighted, the product's usage drop, Jira), scoring-service as a child process, and the routes
 * app on an embedded PostgreSQL. The demo and the end-to-end tests both run on it.
 *
 * <p>The sandbox clock stands at midnight after {@code anchor + day}; a sync as of that day sees
 * everything that happened up to then. Moving to the next day makes new records appear, which the
 * next sync pulls incrementally.
 */
public final class SandboxEnvironment implements AutoCloseable {
  /** The last day of the sandbox company's generated history before the demo's first run. */
  public static final LocalDate ANCHOR = LocalDate.of(2026, 9, 30);

  static final String SF_CLIENT_ID = "retain-demo";
  static final String SF_CLIENT_SECRET = "sandbox-secret";
  static final String ZENDESK_EMAIL = "retain@sandbox.example";
  static final String ZENDESK_TOKEN = "sandbox-token";
  static final String DELIGHTED_KEY = "sandbox-delighted-key";
  static final String JIRA_EMAIL = "retain-bot@sandbox.example";
  static final String JIRA_TOKEN = "sandbox-jira-token";
  static final String JIRA_PROJECT = "RISK";

  /** Every this many requests a sandbox server answers 429 with Retry-After: 1, as vendors do. */
  static final int RATE_LIMIT_EVERY = 40;

  /**
   * How to build the environment.
   *
   * @param dataDir where the warehouse, the usage drop and logs live between runs
   * @param day days after {@link #ANCHOR} that the sandbox clock stands at
   */
  public record Options(int accounts, long seed, Path dataDir, int day, Path scoringJar) {}

  private final SandboxCompany company;
  private final LocalDate asOf;
  private final SalesforceSandboxServer salesforce;
  private final ZendeskSandboxServer zendesk;
  private final DelightedSandboxServer delighted;
  private final JiraSandboxServer jira;
  private final ScoringProcess scoring;
  private final ConfigurableApplicationContext routes;

  private SandboxEnvironment(Options options) throws IOException {
    company = SandboxCompany.generate(SandboxSpec.of(options.accounts(), options.seed(), ANCHOR));
    asOf = ANCHOR.plusDays(options.day());
    Instant clock = asOf.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    SandboxView view = company.viewAt(clock);
    Supplier<SandboxView> current = () -> view;

    Path usageDir = options.dataDir().resolve("usage");
    Files.createDirectories(usageDir);
    new ProductUsageDrop(current, usageDir).sync();

    salesforce = new SalesforceSandboxServer(current, SF_CLIENT_ID, SF_CLIENT_SECRET);
    salesforce.rateLimitEvery(RATE_LIMIT_EVERY, 1);
    salesforce.start(0);
    zendesk = new ZendeskSandboxServer(current, ZENDESK_EMAIL, ZENDESK_TOKEN);
    zendesk.rateLimitEvery(RATE_LIMIT_EVERY, 1);
    zendesk.start(0);
    delighted = new DelightedSandboxServer(current, DELIGHTED_KEY, "Salesforce Account Id");
    delighted.rateLimitEvery(RATE_LIMIT_EVERY, 1);
    delighted.start(0);
    jira = new JiraSandboxServer(JIRA_PROJECT, JIRA_EMAIL, JIRA_TOKEN);
    jira.loadFrom(options.dataDir().resolve("jira.json"));
    jira.start(0);
    // a fresh API key per environment: scoring-service refuses requests without it
    String scoringKey = java.util.UUID.randomUUID().toString();
    scoring =
        ScoringProcess.start(
            options.scoringJar(),
            options.dataDir().resolve("scoring.log"),
            scoringKey,
            // churn models trained in the sandbox (train-model) survive a restart, as in production
            modelsDir(options));

    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", "0");
    // progress and stage lines read as a console, not as a server log
    properties.put("logging.pattern.console", "%d{HH:mm:ss} %-5level %msg%n");
    properties.put("logging.level.root", "WARN");
    properties.put("logging.level.retain.progress", "INFO");
    properties.put("logging.level.dev.retain", "INFO");
    properties.put(
        "retain.warehouse.embedded-data-dir", options.dataDir().resolve("pg").toString());
    properties.put("retain.privacy.hmac-key", "sandbox-demo-hmac-key-not-a-secret");
    properties.put("retain.scoring.url", scoring.url().toString());
    properties.put("retain.scoring.api-key", scoringKey);
    properties.put("retain.sources.salesforce.enabled", "true");
    properties.put("retain.sources.salesforce.login-url", salesforce.baseUrl());
    properties.put("retain.sources.salesforce.client-id", SF_CLIENT_ID);
    properties.put("retain.sources.salesforce.client-secret", SF_CLIENT_SECRET);
    properties.put("retain.sources.zendesk.enabled", "true");
    properties.put("retain.sources.zendesk.base-url", zendesk.baseUrl());
    properties.put("retain.sources.zendesk.email", ZENDESK_EMAIL);
    properties.put("retain.sources.zendesk.api-token", ZENDESK_TOKEN);
    properties.put("retain.sources.delighted.enabled", "true");
    properties.put("retain.sources.delighted.base-url", delighted.baseUrl());
    properties.put("retain.sources.delighted.api-key", DELIGHTED_KEY);
    properties.put("retain.sources.usage-files.enabled", "true");
    properties.put("retain.sources.usage-files.directory", usageDir.toString());
    properties.put("retain.tickets.jira.base-url", jira.baseUrl());
    properties.put("retain.tickets.jira.email", JIRA_EMAIL);
    properties.put("retain.tickets.jira.api-token", JIRA_TOKEN);
    properties.put("retain.tickets.jira.project-key", JIRA_PROJECT);
    properties.put(
        "retain.tickets.dashboard-url-template",
        "http://localhost:8088/superset/dashboard/retain-customer/?customer_id={customerId}");
    routes = new SpringApplicationBuilder(RoutesApplication.class).properties(properties).run();
    this.options = options;
  }

  private final Options options;

  public static SandboxEnvironment start(Options options) throws IOException {
    return new SandboxEnvironment(options);
  }

  /** Runs one full sync as of the sandbox day and returns its report. */
  public RunReport sync() {
    ProducerTemplate producer = routes.getBean(ProducerTemplate.class);
    return producer.requestBodyAndHeader("direct:sync", null, SyncRun.AS_OF, asOf, RunReport.class);
  }

  /**
   * Scores and acts again as of the sandbox day, as a run of its own in {@code ops.run_log} with
   * just those two stages: after a churn model is activated, the mart and the risk tickets carry
   * its churn probabilities without pulling anything again.
   */
  public RunReport rescore() throws Exception {
    SyncRun run = routes.getBean(SyncRun.class);
    long runId = run.start(asOf);
    try {
      run.score(runId);
      run.act(runId);
      return run.finish(runId);
    } catch (Exception e) {
      run.fail(runId);
      throw e;
    }
  }

  /** The churn-model registry scoring-service keeps ({@code retain.models.dir}). */
  public Path modelsDir() {
    return modelsDir(options);
  }

  private static Path modelsDir(Options options) {
    return options.dataDir().resolve("models");
  }

  public LocalDate asOf() {
    return asOf;
  }

  public SandboxCompany company() {
    return company;
  }

  public JiraSandboxServer jira() {
    return jira;
  }

  public DelightedSandboxServer delighted() {
    return delighted;
  }

  public JdbcTemplate jdbc() {
    return new JdbcTemplate(routes.getBean(DataSource.class));
  }

  public DataSource dataSource() {
    return routes.getBean(DataSource.class);
  }

  public ConfigurableApplicationContext routes() {
    return routes;
  }

  /** Base URLs of the sandbox servers, for people who keep the demo running to look around. */
  public Map<String, String> endpoints() {
    Map<String, String> urls = new LinkedHashMap<>();
    urls.put("salesforce", salesforce.baseUrl());
    urls.put("zendesk", zendesk.baseUrl());
    urls.put("delighted", delighted.baseUrl());
    urls.put("jira", jira.baseUrl());
    urls.put("scoring-service", scoring.url().toString());
    urls.put(
        "routes (actuator)",
        "http://127.0.0.1:"
            + routes.getEnvironment().getProperty("local.server.port")
            + "/actuator/health");
    return urls;
  }

  @Override
  public void close() throws IOException {
    try {
      jira.saveTo(options.dataDir().resolve("jira.json"));
    } finally {
      routes.close();
      scoring.close();
      salesforce.close();
      zendesk.close();
      delighted.close();
      jira.close();
    }
  }
}
