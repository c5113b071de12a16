package dev.retain.connectors.jira;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.http.RetryPolicy;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.ConnectorErrorCode;
import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.RemoteTicket;
import dev.retain.connectors.spi.RiskTicketDraft;
import dev.retain.connectors.spi.TicketingSink;
import dev.retain.connectors.support.IdempotentCreate;
import dev.retain.connectors.support.JsonApi;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens, updates, resolves and reopens risk tickets in one Jira Cloud project through the REST API
 * v3. Each ticket carries the label {@code <labelPrefix><dedupeKey>} and {@code retain}, and is
 * found again by a JQL search on that label.
 *
 * <p>Creating an issue is not idempotent in Jira, so the create request is never retried blindly:
 * it goes through a transport with a single attempt, and after a failure that leaves it unknown
 * whether Jira acted (a timeout, a dropped connection, a 5xx, a 429) the sink searches for the
 * label again, and only creates when it still finds nothing. Every other request (searches, edits,
 * comments, transitions) retries through the shared transport. Jira's search index can lag a create
 * by a moment, so the sink searches twice, with a pause, before re-sending a create.
 */
public final class JiraSink implements TicketingSink {
  public static final String SYSTEM = "jira";
  static final String RETAIN_LABEL = "retain";
  private static final Logger log = LoggerFactory.getLogger(JiraSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JiraSettings settings;
  private final HttpTransport transport;
  private final HttpTransport createTransport;
  private final HttpTransport.Sleeper sleeper;
  private final JsonApi api;

  public JiraSink(JiraSettings settings) {
    this(settings, d -> Thread.sleep(d.toMillis()));
  }

  /**
   * @param sleeper waits between create attempts and inside the transports (tests record it)
   */
  public JiraSink(JiraSettings settings, HttpTransport.Sleeper sleeper) {
    this.settings = requireNonNull(settings, "settings is null");
    this.sleeper = requireNonNull(sleeper, "sleeper is null");
    this.api = new JsonApi(SYSTEM, settings.baseUrl().toString(), settings::authorization);
    this.transport = new HttpTransport(SYSTEM, settings.http(), sleeper);
    RetryPolicy retry = settings.http().retry();
    this.createTransport =
        new HttpTransport(
            SYSTEM,
            settings
                .http()
                .withRetry(
                    new RetryPolicy(
                        1, retry.initialBackoff(), retry.maxBackoff(), retry.maxRetryAfter())),
            sleeper);
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  /** The label that marks the ticket of one dedupe key. */
  public String label(String dedupeKey) {
    requireNonNull(dedupeKey, "dedupeKey is null");
    String key = dedupeKey.strip().replaceAll("\\s+", "-");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("dedupeKey is blank");
    }
    return settings.labelPrefix() + key;
  }

  @Override
  public Optional<RemoteTicket> find(String dedupeKey) {
    String label = label(dedupeKey);
    ObjectNode body = JSON.createObjectNode();
    body.put(
        "jql",
        "project = "
            + settings.projectKey()
            + " AND labels = \""
            + label.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\" ORDER BY created DESC");
    body.putArray("fields").add("status").add("summary").add("labels");
    body.put("maxResults", 20);
    JsonNode result =
        api.call(
            transport,
            api.send("POST", "/rest/api/3/search/jql", body),
            "POST /rest/api/3/search/jql for label " + label);
    JsonNode issues = result.path("issues");
    if (!issues.isArray()) {
      throw api.malformed("search for label " + label, "no \"issues\" array");
    }
    RemoteTicket newest = null;
    for (JsonNode issue : issues) {
      RemoteTicket ticket = ticket(issue, "search for label " + label);
      if (ticket.open()) {
        return Optional.of(ticket); // newest open one first
      }
      if (newest == null) {
        newest = ticket;
      }
    }
    return Optional.ofNullable(newest);
  }

  /**
   * Creates the ticket, unless one with the draft's dedupe label exists already, in which case that
   * one is updated in place and returned. See the class comment for how a failed create is retried
   * without opening a duplicate.
   */
  @Override
  public RemoteTicket create(RiskTicketDraft draft) {
    Optional<RemoteTicket> existing = find(draft.dedupeKey());
    if (existing.isPresent()) {
      update(existing.get(), draft);
      return existing.get();
    }
    String label = label(draft.dedupeKey());
    ObjectNode body = JSON.createObjectNode();
    ObjectNode fields = editableFields(draft);
    fields.putObject("project").put("key", settings.projectKey());
    fields.putObject("issuetype").put("name", settings.issueType());
    fields.putArray("labels").add(label).add(RETAIN_LABEL);
    body.set("fields", fields);
    HttpRequest request = api.send("POST", "/rest/api/3/issue", body);
    String what = "POST /rest/api/3/issue for label " + label;
    return IdempotentCreate.create(
        "jira",
        what,
        settings.http().retry(),
        sleeper,
        () -> {
          JsonNode created = api.call(createTransport, request, what);
          String key = created.path("key").asText(null);
          String id = created.path("id").asText(null);
          if (key == null || id == null) {
            throw api.malformed(what, "the answer has no id and key");
          }
          return new RemoteTicket(id, key, browseUrl(key), true);
        },
        () -> find(draft.dedupeKey()));
  }

  @Override
  public void update(RemoteTicket ticket, RiskTicketDraft draft) {
    ObjectNode body = JSON.createObjectNode();
    body.set("fields", editableFields(draft));
    transport.sendForString(
        api.send("PUT", "/rest/api/3/issue/" + JsonApi.encode(ticket.key()), body),
        "PUT /rest/api/3/issue/" + ticket.key());
  }

  @Override
  public void comment(RemoteTicket ticket, String text) {
    requireNonNull(text, "text is null");
    ObjectNode body = JSON.createObjectNode();
    body.set("body", Adf.document(text));
    api.call(
        transport,
        api.send("POST", "/rest/api/3/issue/" + JsonApi.encode(ticket.key()) + "/comment", body),
        "POST /rest/api/3/issue/" + ticket.key() + "/comment");
  }

  /** Comments, then moves the issue to a done status; does nothing more if it is done already. */
  @Override
  public void resolve(RemoteTicket ticket, String comment) {
    comment(ticket, comment);
    if (!"done".equals(statusCategory(ticket))) {
      transition(ticket, settings.resolveTransition(), "done");
    }
  }

  /** Moves a done issue back to a to-do status, then comments why. */
  @Override
  public void reopen(RemoteTicket ticket, String comment) {
    if ("done".equals(statusCategory(ticket))) {
      transition(ticket, settings.reopenTransition(), "new");
    }
    comment(ticket, comment);
  }

  @Override
  public CheckResult check() {
    String who;
    try {
      JsonNode me = api.call(transport, api.get("/rest/api/3/myself"), "GET /rest/api/3/myself");
      who = me.path("emailAddress").asText(me.path("displayName").asText(settings.email()));
    } catch (ConnectorException e) {
      return CheckResult.failed(SYSTEM, explain(e, "sign in"));
    }
    try {
      JsonNode project =
          api.call(
              transport,
              api.get("/rest/api/3/project/" + JsonApi.encode(settings.projectKey())),
              "GET /rest/api/3/project/" + settings.projectKey());
      find("check-connection");
      return CheckResult.ok(
          SYSTEM,
          "connected to "
              + settings.baseUrl()
              + " as "
              + who
              + "; project "
              + settings.projectKey()
              + " ("
              + project.path("name").asText("?")
              + ") is visible and searchable");
    } catch (ConnectorException e) {
      if (e.code() == ConnectorErrorCode.REQUEST_REJECTED && e.getMessage().contains(" 404 ")) {
        return CheckResult.failed(
            SYSTEM,
            "signed in as "
                + who
                + ", but project "
                + settings.projectKey()
                + " does not exist or this account may not browse it");
      }
      return CheckResult.failed(SYSTEM, "signed in as " + who + ", but " + explain(e, "read"));
    }
  }

  // --- transitions

  private String statusCategory(RemoteTicket ticket) {
    JsonNode issue =
        api.call(
            transport,
            api.get("/rest/api/3/issue/" + JsonApi.encode(ticket.key()) + "?fields=status"),
            "GET /rest/api/3/issue/" + ticket.key());
    return issue.path("fields").path("status").path("statusCategory").path("key").asText("");
  }

  private void transition(RemoteTicket ticket, String configuredName, String targetCategory) {
    String what = "GET /rest/api/3/issue/" + ticket.key() + "/transitions";
    JsonNode answer =
        api.call(
            transport,
            api.get("/rest/api/3/issue/" + JsonApi.encode(ticket.key()) + "/transitions"),
            what);
    JsonNode transitions = answer.path("transitions");
    if (!transitions.isArray()) {
      throw api.malformed(what, "no \"transitions\" array");
    }
    JsonNode chosen = null;
    List<String> available = new ArrayList<>();
    for (JsonNode t : transitions) {
      String name = t.path("name").asText("");
      String target = t.path("to").path("name").asText("");
      String category = t.path("to").path("statusCategory").path("key").asText("");
      available.add(name + " -> " + target + " (" + category + ")");
      boolean matches =
          configuredName == null
              ? category.equals(targetCategory)
              : name.equalsIgnoreCase(configuredName) || target.equalsIgnoreCase(configuredName);
      if (matches && chosen == null) {
        chosen = t;
      }
    }
    if (chosen == null) {
      throw new ConnectorException(
          ConnectorErrorCode.REQUEST_REJECTED,
          "jira: "
              + ticket.key()
              + " has no transition "
              + (configuredName == null
                  ? "to a status in category " + targetCategory
                  : "named '" + configuredName + "'")
              + "; available: "
              + available);
    }
    ObjectNode body = JSON.createObjectNode();
    body.putObject("transition").put("id", chosen.path("id").asText());
    transport.sendForString(
        api.send(
            "POST", "/rest/api/3/issue/" + JsonApi.encode(ticket.key()) + "/transitions", body),
        "POST /rest/api/3/issue/"
            + ticket.key()
            + "/transitions ("
            + chosen.path("name").asText()
            + ")");
  }

  // --- helpers

  private ObjectNode editableFields(RiskTicketDraft draft) {
    ObjectNode fields = JSON.createObjectNode();
    fields.put("summary", summary(draft.summary()));
    fields.set("description", Adf.description(draft));
    if (settings.setPriority()) {
      fields.putObject("priority").put("name", draft.priority());
    }
    return fields;
  }

  /** Jira summaries are one line of at most 255 characters. */
  private static String summary(String summary) {
    String line = summary.replaceAll("\\s+", " ").strip();
    return line.length() > 255 ? line.substring(0, 254) + "…" : line;
  }

  private RemoteTicket ticket(JsonNode issue, String what) {
    String id = issue.path("id").asText(null);
    String key = issue.path("key").asText(null);
    if (id == null || key == null) {
      throw api.malformed(what, "an issue without id or key");
    }
    String category =
        issue.path("fields").path("status").path("statusCategory").path("key").asText("");
    return new RemoteTicket(id, key, browseUrl(key), !category.equals("done"));
  }

  private String browseUrl(String key) {
    return settings.baseUrl() + "/browse/" + key;
  }

  private String explain(ConnectorException e, String doing) {
    String detail = e.getMessage();
    return switch (e.code()) {
      case AUTHENTICATION_FAILED ->
          "credentials rejected by " + settings.baseUrl() + ": check jira.email and jira.apiToken";
      case PERMISSION_DENIED ->
          "missing permission to " + doing + " in project " + settings.projectKey() + ": " + detail;
      case UNREACHABLE ->
          detail.contains("TLS")
              ? "TLS handshake with " + settings.baseUrl() + " failed: " + detail
              : "host unreachable: " + settings.baseUrl() + " (" + detail + ")";
      case RATE_LIMITED -> "Jira is rate limiting this account; try again later: " + detail;
      case UNAVAILABLE -> "Jira is not answering properly: " + detail;
      case MALFORMED_RESPONSE -> settings.baseUrl() + " does not answer like Jira Cloud: " + detail;
      case REQUEST_REJECTED ->
          "the request was rejected (" + doing + "): " + detail.toLowerCase(Locale.ROOT);
    };
  }
}
