package dev.retain.sandbox.server.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retain.connectors.http.HttpSettings;
import dev.retain.connectors.http.RetryPolicy;
import dev.retain.connectors.jira.JiraSettings;
import dev.retain.connectors.jira.JiraSink;
import dev.retain.connectors.spi.RemoteTicket;
import dev.retain.connectors.spi.RiskTicketDraft;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Jira sink against the sandbox Jira, which records what the sink did. */
class JiraSandboxRoundTripTest {
  static final String EMAIL = "retain@sandbox.test";
  static final String TOKEN = "jira-token";

  JiraSandboxServer server;
  JiraSink sink;

  @BeforeEach
  void start() {
    server = new JiraSandboxServer("RISK", EMAIL, TOKEN).start(0);
    sink =
        new JiraSink(
            JiraSettings.of(URI.create(server.baseUrl()), EMAIL, TOKEN, "RISK")
                .withHttp(
                    new HttpSettings(
                        Duration.ofSeconds(2),
                        Duration.ofMillis(400),
                        2,
                        new RetryPolicy(
                            3,
                            Duration.ofMillis(5),
                            Duration.ofMillis(20),
                            Duration.ofSeconds(5)))),
            d -> {});
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static RiskTicketDraft draft(String summary, String priority) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Health score", "31");
    facts.put("Dashboard", "https://bi.example/d/cust-7");
    return new RiskTicketDraft(
        "cust-7", summary, "Globex is at risk.", List.of("Logins fell 60%"), facts, priority);
  }

  @Test
  void createUpdateResolveReopen() {
    RemoteTicket created = sink.create(draft("Globex at risk (31)", "High"));

    assertThat(created.key()).isEqualTo("RISK-1");
    assertThat(created.open()).isTrue();
    JiraIssue issue = server.issue("RISK-1").orElseThrow();
    assertThat(issue.labels()).containsExactly("retain-risk-cust-7", "retain");
    assertThat(issue.priority()).isEqualTo("High");
    assertThat(issue.descriptionText())
        .contains(
            "Globex is at risk.", "Logins fell 60%", "Dashboard: https://bi.example/d/cust-7");
    assertThat(sink.find("cust-7")).contains(created);

    RemoteTicket again = sink.create(draft("Globex at risk (28)", "Highest"));
    assertThat(again).isEqualTo(created);
    assertThat(server.createCount()).isEqualTo(1);
    assertThat(server.issue("RISK-1").orElseThrow().summary()).isEqualTo("Globex at risk (28)");

    sink.update(created, draft("Globex at risk (25)", "Highest"));
    sink.resolve(created, "Recovered: score 74.");
    JiraIssue resolved = server.issue("RISK-1").orElseThrow();
    assertThat(resolved.status()).isEqualTo("Done");
    assertThat(resolved.statusCategory()).isEqualTo("done");
    assertThat(resolved.summary()).isEqualTo("Globex at risk (25)");
    assertThat(sink.find("cust-7").orElseThrow().open()).isFalse();

    sink.reopen(created, "At risk again: score 30.");
    JiraIssue reopened = server.issue("RISK-1").orElseThrow();
    assertThat(reopened.statusCategory()).isEqualTo("new");
    assertThat(reopened.commentTexts())
        .containsExactly("Recovered: score 74.", "At risk again: score 30.");
    assertThat(server.operations())
        .containsExactly(
            "CREATE RISK-1",
            "EDIT RISK-1",
            "EDIT RISK-1",
            "COMMENT RISK-1",
            "TRANSITION RISK-1 Done",
            "TRANSITION RISK-1 To Do",
            "COMMENT RISK-1");
    assertThat(server.issues()).hasSize(1);
  }

  @Test
  void aCreateThatTimesOutAfterTheServerActedDoesNotDuplicate() {
    server.failNextCreateAfterActing(Duration.ofSeconds(2));

    RemoteTicket ticket = sink.create(draft("Globex at risk (31)", "High"));

    assertThat(ticket.key()).isEqualTo("RISK-1");
    assertThat(server.createCount()).isEqualTo(1);
    assertThat(server.issues()).extracting(JiraIssue::key).containsExactly("RISK-1");
  }

  @Test
  void theServerRejectsBadRequestsLikeJira() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> noSummary =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/rest/api/3/issue"))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"fields\":{\"project\":{\"key\":\"RISK\"},\"issuetype\":{\"name\":\"Task\"},"
                            + "\"description\":\"plain text\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badJql =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/rest/api/3/search/jql"))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jql\":\"assignee = currentUser()\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> noAuth =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/rest/api/3/myself")).build(),
            HttpResponse.BodyHandlers.ofString());

    ObjectMapper json = new ObjectMapper();
    assertThat(noSummary.statusCode()).isEqualTo(400);
    assertThat(json.readTree(noSummary.body()).path("errors").path("summary").asText())
        .isEqualTo("You must specify a summary of the issue.");
    assertThat(json.readTree(noSummary.body()).path("errors").has("description")).isTrue();
    assertThat(badJql.statusCode()).isEqualTo(400);
    assertThat(json.readTree(badJql.body()).path("errorMessages").get(0).asText())
        .startsWith("Error in the JQL Query");
    assertThat(noAuth.statusCode()).isEqualTo(401);
    assertThat(server.createCount()).isZero();
    assertThat(sink.check().ok()).isTrue();
  }
}
