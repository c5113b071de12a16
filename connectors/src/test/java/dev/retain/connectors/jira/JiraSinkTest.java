package dev.retain.connectors.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.retain.connectors.http.HttpSettings;
import dev.retain.connectors.http.RetryPolicy;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.RemoteTicket;
import dev.retain.connectors.spi.RiskTicketDraft;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Jira sink against WireMock serving the documented Jira Cloud REST v3 shapes. */
class JiraSinkTest {
  @RegisterExtension
  static WireMockExtension jira =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String EMAIL = "retain@acme.test";
  static final String TOKEN = "atlassian-token";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String LABEL = "retain-risk-cust-42";
  static final RemoteTicket RISK_7 =
      new RemoteTicket("10042", "RISK-7", "http://x/browse/RISK-7", true);

  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  JiraSink sink;

  @BeforeEach
  void setUp() {
    sink = new JiraSink(settings(), sleeps::add);
  }

  JiraSettings settings() {
    return JiraSettings.of(URI.create(jira.baseUrl()), EMAIL, TOKEN, "RISK")
        .withHttp(
            new HttpSettings(
                Duration.ofSeconds(2),
                Duration.ofMillis(500),
                2,
                new RetryPolicy(
                    3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30))));
  }

  static RiskTicketDraft draft() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Health score", "31 (was 58)");
    facts.put("ARR", "USD 120,000");
    facts.put("Renewal", "2026-03-31");
    facts.put("Dashboard", "https://bi.acme.test/superset/dashboard/customer/?id=cust-42");
    return new RiskTicketDraft(
        "cust-42",
        "Globex Corporation is at risk (score 31)",
        "Globex Corporation dropped from healthy to at risk this week.",
        List.of("Logins fell 60% in 30 days", "Two urgent tickets unsolved for 5 days"),
        facts,
        "High");
  }

  static String fixture(String name) {
    try (InputStream in = JiraSinkTest.class.getResourceAsStream("/jira/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture jira/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MappingBuilder authed(MappingBuilder mapping) {
    return mapping.withBasicAuth(EMAIL, TOKEN);
  }

  static MappingBuilder search() {
    return authed(post(urlPathEqualTo("/rest/api/3/search/jql")));
  }

  static MappingBuilder createIssue() {
    return authed(post(urlPathEqualTo("/rest/api/3/issue")));
  }

  JsonNode onlyBody(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern)
      throws IOException {
    var requests = jira.findAll(pattern);
    assertThat(requests).hasSize(1);
    return JSON.readTree(requests.get(0).getBodyAsString());
  }

  // --- find

  @Test
  void findSearchesTheDedupeLabelInTheProject() {
    jira.stubFor(
        search()
            .withRequestBody(
                equalToJson(
                    "{\"jql\":\"project = RISK AND labels = \\\""
                        + LABEL
                        + "\\\" ORDER BY created DESC\","
                        + "\"fields\":[\"status\",\"summary\",\"labels\"],\"maxResults\":20}"))
            .willReturn(okJson(fixture("search-done.json"))));

    Optional<RemoteTicket> found = sink.find("cust-42");

    assertThat(found)
        .contains(new RemoteTicket("10042", "RISK-7", jira.baseUrl() + "/browse/RISK-7", false));
  }

  @Test
  void findReturnsNothingWhenNoIssueHasTheLabel() {
    jira.stubFor(search().willReturn(okJson(fixture("search-empty.json"))));

    assertThat(sink.find("cust-42")).isEmpty();
  }

  // --- create

  @Test
  void createSendsTheDocumentedFieldsWithAnAdfDescription() throws IOException {
    jira.stubFor(search().willReturn(okJson(fixture("search-empty.json"))));
    jira.stubFor(
        createIssue().willReturn(aResponse().withStatus(201).withBody(fixture("create-201.json"))));

    RemoteTicket ticket = sink.create(draft());

    assertThat(ticket)
        .isEqualTo(new RemoteTicket("10042", "RISK-7", jira.baseUrl() + "/browse/RISK-7", true));
    JsonNode fields = onlyBody(postRequestedFor(urlPathEqualTo("/rest/api/3/issue"))).get("fields");
    assertThat(fields.path("project").path("key").asText()).isEqualTo("RISK");
    assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Task");
    assertThat(fields.path("summary").asText())
        .isEqualTo("Globex Corporation is at risk (score 31)");
    assertThat(fields.path("priority").path("name").asText()).isEqualTo("High");
    assertThat(fields.path("labels").toString()).isEqualTo("[\"" + LABEL + "\",\"retain\"]");
    JsonNode doc = fields.path("description");
    assertThat(doc.path("type").asText()).isEqualTo("doc");
    assertThat(doc.path("version").asInt()).isEqualTo(1);
    JsonNode content = doc.path("content");
    assertThat(content.get(0).path("content").get(0).path("text").asText())
        .startsWith("Globex Corporation dropped");
    JsonNode list = content.get(2);
    assertThat(list.path("type").asText()).isEqualTo("bulletList");
    assertThat(list.path("content")).hasSize(2);
    assertThat(
            list.path("content")
                .get(0)
                .path("content")
                .get(0)
                .path("content")
                .get(0)
                .path("text")
                .asText())
        .isEqualTo("Logins fell 60% in 30 days");
    JsonNode dashboard = content.get(6).path("content");
    assertThat(dashboard.get(0).path("text").asText()).isEqualTo("Dashboard: ");
    assertThat(dashboard.get(0).path("marks").get(0).path("type").asText()).isEqualTo("strong");
    assertThat(dashboard.get(1).path("marks").get(0).path("attrs").path("href").asText())
        .isEqualTo("https://bi.acme.test/superset/dashboard/customer/?id=cust-42");
  }

  @Test
  void createUpdatesTheExistingIssueInsteadOfOpeningASecond() {
    jira.stubFor(search().willReturn(okJson(fixture("search-open.json"))));
    jira.stubFor(
        authed(put(urlPathEqualTo("/rest/api/3/issue/RISK-7")))
            .willReturn(aResponse().withStatus(204)));

    RemoteTicket ticket = sink.create(draft());

    assertThat(ticket.key()).isEqualTo("RISK-7");
    jira.verify(0, postRequestedFor(urlPathEqualTo("/rest/api/3/issue")));
    jira.verify(1, putRequestedFor(urlPathEqualTo("/rest/api/3/issue/RISK-7")));
  }

  @Test
  void aCreateThatTimedOutAfterJiraActedIsNotSentAgain() {
    jira.stubFor(
        search()
            .inScenario("create")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(fixture("search-empty.json"))));
    jira.stubFor(
        createIssue()
            .inScenario("create")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withBody(fixture("create-201.json"))
                    .withFixedDelay(2_000))
            .willSetStateTo("created"));
    jira.stubFor(
        search()
            .inScenario("create")
            .whenScenarioStateIs("created")
            .willReturn(okJson(fixture("search-open.json"))));
    jira.stubFor(
        createIssue()
            .inScenario("create")
            .whenScenarioStateIs("created")
            .willReturn(aResponse().withStatus(201).withBody(fixture("create-201.json"))));

    RemoteTicket ticket = sink.create(draft());

    assertThat(ticket.key()).isEqualTo("RISK-7");
    jira.verify(1, postRequestedFor(urlPathEqualTo("/rest/api/3/issue")));
    jira.verify(2, postRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")));
  }

  @Test
  void aCreateThatFailedBeforeJiraActedIsSentAgainAfterSearching() {
    jira.stubFor(search().willReturn(okJson(fixture("search-empty.json"))));
    jira.stubFor(
        createIssue()
            .inScenario("reset")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("up"));
    jira.stubFor(
        createIssue()
            .inScenario("reset")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(201).withBody(fixture("create-201.json"))));

    RemoteTicket ticket = sink.create(draft());

    assertThat(ticket.key()).isEqualTo("RISK-7");
    jira.verify(2, postRequestedFor(urlPathEqualTo("/rest/api/3/issue")));
    // before the first create, and twice (with a pause for the search index) before the second
    jira.verify(3, postRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")));
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void aRejectedCreateIsNotRetried() {
    jira.stubFor(search().willReturn(okJson(fixture("search-empty.json"))));
    jira.stubFor(
        createIssue()
            .willReturn(aResponse().withStatus(400).withBody(fixture("error-400-create.json"))));

    assertThatThrownBy(() -> sink.create(draft()))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.REQUEST_REJECTED))
        .hasMessageContaining("Field 'priority' cannot be set");
    jira.verify(1, postRequestedFor(urlPathEqualTo("/rest/api/3/issue")));
  }

  @Test
  void priorityCanBeLeftOut() throws IOException {
    jira.stubFor(search().willReturn(okJson(fixture("search-empty.json"))));
    jira.stubFor(
        createIssue().willReturn(aResponse().withStatus(201).withBody(fixture("create-201.json"))));

    new JiraSink(settings().withPriority(false), sleeps::add).create(draft());

    JsonNode fields = onlyBody(postRequestedFor(urlPathEqualTo("/rest/api/3/issue"))).get("fields");
    assertThat(fields.has("priority")).isFalse();
  }

  // --- update, comment, resolve, reopen

  @Test
  void updateRewritesSummaryDescriptionAndPriorityInPlace() throws IOException {
    jira.stubFor(
        authed(put(urlPathEqualTo("/rest/api/3/issue/RISK-7")))
            .willReturn(aResponse().withStatus(204)));

    sink.update(RISK_7, draft());

    JsonNode fields =
        onlyBody(putRequestedFor(urlPathEqualTo("/rest/api/3/issue/RISK-7"))).get("fields");
    assertThat(fields.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("summary", "description", "priority");
    assertThat(fields.path("description").path("type").asText()).isEqualTo("doc");
  }

  @Test
  void resolveCommentsThenTakesTheTransitionToADoneStatus() throws IOException {
    stubStatus("issue-todo.json");
    stubTransitions();

    sink.resolve(RISK_7, "Globex recovered: score 74 (healthy) for 14 days.");

    assertThat(onlyBody(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/RISK-7/transitions"))))
        .isEqualTo(JSON.readTree("{\"transition\":{\"id\":\"31\"}}"));
    JsonNode comment =
        onlyBody(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/RISK-7/comment")));
    assertThat(comment.path("body").path("type").asText()).isEqualTo("doc");
    assertThat(
            comment
                .path("body")
                .path("content")
                .get(0)
                .path("content")
                .get(0)
                .path("text")
                .asText())
        .isEqualTo("Globex recovered: score 74 (healthy) for 14 days.");
  }

  @Test
  void resolveUsesTheConfiguredTransitionName() throws IOException {
    stubStatus("issue-todo.json");
    stubTransitions();
    JiraSink named = new JiraSink(settings().withTransitions("Start work", null), sleeps::add);

    named.resolve(RISK_7, "moving on");

    assertThat(onlyBody(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/RISK-7/transitions"))))
        .isEqualTo(JSON.readTree("{\"transition\":{\"id\":\"21\"}}"));
  }

  @Test
  void resolvingADoneIssueOnlyComments() {
    stubStatus("issue-done.json");
    stubTransitions();

    sink.resolve(RISK_7, "still fine");

    jira.verify(0, postRequestedFor(urlPathEqualTo("/rest/api/3/issue/RISK-7/transitions")));
    jira.verify(1, postRequestedFor(urlPathEqualTo("/rest/api/3/issue/RISK-7/comment")));
  }

  @Test
  void reopenTakesTheTransitionToANewStatus() throws IOException {
    stubStatus("issue-done.json");
    stubTransitions();

    sink.reopen(RISK_7, "At risk again: score 35.");

    assertThat(onlyBody(postRequestedFor(urlPathEqualTo("/rest/api/3/issue/RISK-7/transitions"))))
        .isEqualTo(JSON.readTree("{\"transition\":{\"id\":\"11\"}}"));
    jira.verify(
        1,
        postRequestedFor(urlPathEqualTo("/rest/api/3/issue/RISK-7/comment"))
            .withRequestBody(
                matchingJsonPath(
                    "$.body.content[0].content[0].text", equalTo("At risk again: score 35."))));
  }

  @Test
  void aMissingTransitionIsReportedWithTheAvailableOnes() {
    stubStatus("issue-todo.json");
    stubTransitions();
    JiraSink named = new JiraSink(settings().withTransitions("Resolve", null), sleeps::add);

    assertThatThrownBy(() -> named.resolve(RISK_7, "x"))
        .isInstanceOfSatisfying(
            ConnectorException.class,
            e -> assertThat(e.code()).isEqualTo(ConnectorErrorCode.REQUEST_REJECTED))
        .hasMessageContaining("no transition named 'Resolve'")
        .hasMessageContaining("Close -> Done (done)");
  }

  void stubStatus(String fixture) {
    jira.stubFor(
        authed(get(urlPathEqualTo("/rest/api/3/issue/RISK-7")))
            .withQueryParam("fields", equalTo("status"))
            .willReturn(okJson(fixture(fixture))));
    jira.stubFor(
        authed(post(urlPathEqualTo("/rest/api/3/issue/RISK-7/comment")))
            .willReturn(aResponse().withStatus(201).withBody(fixture("comment-201.json"))));
  }

  void stubTransitions() {
    jira.stubFor(
        authed(get(urlPathEqualTo("/rest/api/3/issue/RISK-7/transitions")))
            .willReturn(okJson(fixture("transitions.json"))));
    jira.stubFor(
        authed(post(urlPathEqualTo("/rest/api/3/issue/RISK-7/transitions")))
            .willReturn(aResponse().withStatus(204)));
  }

  // --- check

  @Test
  void checkPassesWithGoodCredentialsAndAVisibleProject() {
    jira.stubFor(
        authed(get(urlPathEqualTo("/rest/api/3/myself")))
            .willReturn(okJson(fixture("myself.json"))));
    jira.stubFor(
        authed(get(urlPathEqualTo("/rest/api/3/project/RISK")))
            .willReturn(okJson(fixture("project.json"))));
    jira.stubFor(search().willReturn(okJson(fixture("search-empty.json"))));

    CheckResult result = sink.check();

    assertThat(result.ok()).as(result.message()).isTrue();
    assertThat(result.message()).contains("retain@acme.test").contains("Customer Risk");
  }

  @Test
  void checkSaysCredentialsRejected() {
    jira.stubFor(
        get(urlPathEqualTo("/rest/api/3/myself"))
            .withHeader("Authorization", absent().or(equalTo("nope")))
            .willReturn(aResponse().withStatus(401)));
    jira.stubFor(get(urlPathEqualTo("/rest/api/3/myself")).willReturn(aResponse().withStatus(401)));

    CheckResult result = sink.check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).startsWith("credentials rejected").contains("jira.apiToken");
  }

  @Test
  void checkSaysTheProjectIsMissing() {
    jira.stubFor(
        authed(get(urlPathEqualTo("/rest/api/3/myself")))
            .willReturn(okJson(fixture("myself.json"))));
    jira.stubFor(
        authed(get(urlPathEqualTo("/rest/api/3/project/RISK")))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"errorMessages\":[\"No project could be found with key 'RISK'.\"],\"errors\":{}}")));

    CheckResult result = sink.check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).contains("project RISK does not exist");
  }

  @Test
  void settingsMaskTheToken() {
    assertThat(settings().toString()).doesNotContain(TOKEN);
    assertThatThrownBy(
            () -> JiraSettings.of(URI.create("https://a.atlassian.net"), EMAIL, TOKEN, "risk"))
        .hasMessageContaining("jira.projectKey");
  }
}
