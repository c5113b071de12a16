package dev.retain.sandbox.server.jira;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.retain.sandbox.server.VendorServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Jira Cloud project, in memory, behind the REST API v3 endpoints Retain calls; it records
 * every change so tests and the demo can see what Retain did:
 *
 * <ul>
 *   <li>{@code POST /rest/api/3/issue} (validates project, issue type, summary, labels, priority
 *       and the ADF description; 400 {@code {"errorMessages":[],"errors":{field: message}}})
 *   <li>{@code GET|PUT /rest/api/3/issue/{key}}, {@code POST /rest/api/3/issue/{key}/comment}
 *   <li>{@code GET|POST /rest/api/3/issue/{key}/transitions}: the simplified workflow To Do ({@code
 *       new}) / In Progress ({@code indeterminate}) / Done ({@code done}), each reachable from the
 *       others by a transition named after it
 *   <li>{@code GET|POST /rest/api/3/search/jql}: a JQL subset, {@code [project = KEY AND] labels =
 *       "x" [ORDER BY created [ASC|DESC]]}; other JQL answers 400 like Jira
 *   <li>{@code GET /rest/api/3/myself}, {@code GET /rest/api/3/project/{key}}
 * </ul>
 *
 * Authentication is Basic {@code email:apiToken}.
 */
public final class JiraSandboxServer extends VendorServer {
  private static final Set<String> ISSUE_TYPES = Set.of("Task", "Bug", "Story");
  private static final Set<String> PRIORITIES =
      Set.of("Highest", "High", "Medium", "Low", "Lowest");
  private static final Pattern JQL =
      Pattern.compile(
          "^\\s*(?:project\\s*=\\s*(\"[^\"]+\"|[A-Za-z][A-Za-z0-9_]*)\\s+AND\\s+)?"
              + "labels\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s\"]+)"
              + "(?:\\s+ORDER\\s+BY\\s+created(?:\\s+(ASC|DESC))?)?\\s*$",
          Pattern.CASE_INSENSITIVE);

  /** A workflow status. */
  private enum Status {
    TO_DO("To Do", "10000", "11", 2, "new", "blue-gray", "To Do"),
    IN_PROGRESS("In Progress", "3", "21", 4, "indeterminate", "yellow", "In Progress"),
    DONE("Done", "10001", "31", 3, "done", "green", "Done");

    final String label;
    final String id;
    final String transitionId;
    final int categoryId;
    final String categoryKey;
    final String color;
    final String categoryName;

    Status(
        String label,
        String id,
        String transitionId,
        int categoryId,
        String categoryKey,
        String color,
        String categoryName) {
      this.label = label;
      this.id = id;
      this.transitionId = transitionId;
      this.categoryId = categoryId;
      this.categoryKey = categoryKey;
      this.color = color;
      this.categoryName = categoryName;
    }
  }

  private static final class Issue {
    final String id;
    final String key;
    final Instant created;
    Instant updated;
    String summary;
    List<String> labels;
    String priority;
    Status status = Status.TO_DO;
    JsonNode description;
    final List<JsonNode> comments = new ArrayList<>();

    Issue(String id, String key, Instant created) {
      this.id = id;
      this.key = key;
      this.created = created;
      this.updated = created;
    }

    JiraIssue snapshot() {
      return new JiraIssue(
          id,
          key,
          summary,
          labels,
          priority,
          status.label,
          status.categoryKey,
          description == null ? null : description.deepCopy(),
          comments.stream().map(c -> (JsonNode) c.deepCopy()).toList(),
          created,
          updated);
    }
  }

  private final String projectKey;
  private final String email;
  private final String apiToken;
  private final Clock clock;
  private final Map<String, Issue> issues = new LinkedHashMap<>();
  private final List<String> operations = new ArrayList<>();
  private long nextId = 10001;
  private long nextNumber = 1;
  private long creates;
  private long commentIds = 20001;
  private Duration hangNextCreate;

  public JiraSandboxServer(String projectKey, String email, String apiToken) {
    this(projectKey, email, apiToken, Clock.systemUTC());
  }

  /**
   * @param clock stamps created/updated; issues are ordered by creation
   */
  public JiraSandboxServer(String projectKey, String email, String apiToken, Clock clock) {
    super("jira");
    this.projectKey = requireNonNull(projectKey, "projectKey is null");
    this.email = requireNonNull(email, "email is null");
    this.apiToken = requireNonNull(apiToken, "apiToken is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public JiraSandboxServer start(int port) {
    super.start(port);
    return this;
  }

  // --- the Java API for tests and the demo

  /** Every issue, in creation order. */
  public synchronized List<JiraIssue> issues() {
    return issues.values().stream().map(Issue::snapshot).toList();
  }

  public synchronized Optional<JiraIssue> issue(String key) {
    return Optional.ofNullable(issues.get(key)).map(Issue::snapshot);
  }

  /** How many issues were created. */
  public synchronized long createCount() {
    return creates;
  }

  /**
   * What Retain changed, in order: {@code CREATE RISK-1}, {@code EDIT RISK-1}, {@code COMMENT
   * RISK-1}, {@code TRANSITION RISK-1 Done}.
   */
  public synchronized List<String> operations() {
    return List.copyOf(operations);
  }

  /**
   * The next create request creates the issue, then answers nothing: it holds the connection for
   * five seconds (longer than the client's read timeout should be) and drops it.
   */
  public void failNextCreateAfterActing() {
    failNextCreateAfterActing(Duration.ofSeconds(5));
  }

  /** As {@link #failNextCreateAfterActing()}, holding the connection for {@code hold}. */
  public synchronized void failNextCreateAfterActing(Duration hold) {
    this.hangNextCreate = requireNonNull(hold, "hold is null");
  }

  // --- HTTP

  @Override
  protected void routes(HttpServer server) {
    server.createContext("/rest/api/3/", this::handle);
  }

  @Override
  protected boolean authorized(HttpExchange exchange) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
    if (expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return true;
    }
    try {
      sendJson(
          exchange,
          401,
          errors(
              List.of(
                  "You are not authenticated. Authentication required to perform this operation."),
              Map.of()));
    } catch (IOException e) {
      exchange.close();
    }
    return false;
  }

  @Override
  protected Object rateLimitedBody() {
    return errors(List.of("Rate limit exceeded."), Map.of());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      if (!admit(exchange)) {
        return;
      }
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath().substring("/rest/api/3/".length());
      String[] parts = path.split("/");
      if (path.equals("myself") && method.equals("GET")) {
        sendJson(exchange, 200, myself());
      } else if (parts[0].equals("project") && parts.length == 2 && method.equals("GET")) {
        project(exchange, parts[1]);
      } else if (path.equals("search/jql") && (method.equals("GET") || method.equals("POST"))) {
        search(exchange, method);
      } else if (path.equals("issue") && method.equals("POST")) {
        create(exchange);
        return; // create closes the exchange itself
      } else if (parts[0].equals("issue") && parts.length == 2 && method.equals("GET")) {
        get(exchange, parts[1]);
      } else if (parts[0].equals("issue") && parts.length == 2 && method.equals("PUT")) {
        edit(exchange, parts[1]);
      } else if (parts[0].equals("issue")
          && parts.length == 3
          && parts[2].equals("comment")
          && method.equals("POST")) {
        comment(exchange, parts[1]);
      } else if (parts[0].equals("issue") && parts.length == 3 && parts[2].equals("transitions")) {
        if (method.equals("GET")) {
          transitions(exchange, parts[1]);
        } else if (method.equals("POST")) {
          transition(exchange, parts[1]);
        } else {
          sendJson(exchange, 405, errors(List.of("Method not allowed"), Map.of()));
        }
      } else {
        sendJson(exchange, 404, errors(List.of("No resource found at " + path), Map.of()));
      }
    } catch (RuntimeException e) {
      sendJson(exchange, 500, errors(List.of(String.valueOf(e)), Map.of()));
    } finally {
      exchange.close();
    }
  }

  private void create(HttpExchange exchange) throws IOException {
    Duration hang;
    Map<String, Object> answer;
    try {
      JsonNode body = readJson(exchange);
      if (body == null) {
        return;
      }
      JsonNode fields = body.path("fields");
      Map<String, String> errors = new LinkedHashMap<>();
      if (!fields.isObject()) {
        sendJson(exchange, 400, errors(List.of("Field 'fields' is required."), Map.of()));
        return;
      }
      String project = fields.path("project").path("key").asText("");
      if (!project.equals(projectKey)) {
        errors.put("project", "Specify a valid project ID or key");
      }
      if (!ISSUE_TYPES.contains(fields.path("issuetype").path("name").asText(""))) {
        errors.put("issuetype", "Specify an issue type");
      }
      validateEditable(fields, errors, true);
      if (!errors.isEmpty()) {
        sendJson(exchange, 400, errors(List.of(), errors));
        return;
      }
      synchronized (this) {
        Issue issue =
            new Issue(Long.toString(nextId++), projectKey + "-" + nextNumber++, clock.instant());
        apply(issue, fields);
        if (issue.labels == null) {
          issue.labels = List.of();
        }
        issues.put(issue.key, issue);
        creates++;
        operations.add("CREATE " + issue.key);
        hang = hangNextCreate;
        hangNextCreate = null;
        answer = new LinkedHashMap<>();
        answer.put("id", issue.id);
        answer.put("key", issue.key);
        answer.put("self", baseUrl() + "/rest/api/3/issue/" + issue.id);
      }
      if (hang != null) {
        try {
          Thread.sleep(hang.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return; // drop the connection without an answer
      }
      sendJson(exchange, 201, answer);
    } finally {
      exchange.close();
    }
  }

  private void edit(HttpExchange exchange, String key) throws IOException {
    JsonNode body = readJson(exchange);
    if (body == null) {
      return;
    }
    JsonNode fields = body.path("fields");
    Map<String, String> errors = new LinkedHashMap<>();
    if (fields.has("project") || fields.has("issuetype")) {
      errors.put(
          "project",
          "Field 'project' cannot be set. It is not on the appropriate screen, or unknown.");
    }
    validateEditable(fields, errors, false);
    synchronized (this) {
      Issue issue = issues.get(key);
      if (issue == null) {
        notFound(exchange);
        return;
      }
      if (!errors.isEmpty()) {
        sendJson(exchange, 400, errors(List.of(), errors));
        return;
      }
      apply(issue, fields);
      issue.updated = clock.instant();
      operations.add("EDIT " + issue.key);
    }
    sendEmpty(exchange, 204);
  }

  private void comment(HttpExchange exchange, String key) throws IOException {
    JsonNode body = readJson(exchange);
    if (body == null) {
      return;
    }
    String problem = adfProblem(body.path("body"));
    if (problem != null) {
      sendJson(exchange, 400, errors(List.of(), Map.of("comment", problem)));
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    synchronized (this) {
      Issue issue = issues.get(key);
      if (issue == null) {
        notFound(exchange);
        return;
      }
      issue.comments.add(body.path("body").deepCopy());
      issue.updated = clock.instant();
      operations.add("COMMENT " + issue.key);
      String id = Long.toString(commentIds++);
      answer.put("self", baseUrl() + "/rest/api/3/issue/" + issue.id + "/comment/" + id);
      answer.put("id", id);
      answer.put("author", author());
      answer.put("body", body.path("body"));
      answer.put("updateAuthor", author());
      answer.put("created", jiraTime(issue.updated));
      answer.put("updated", jiraTime(issue.updated));
      answer.put("jsdPublic", true);
    }
    sendJson(exchange, 201, answer);
  }

  private void transitions(HttpExchange exchange, String key) throws IOException {
    List<Map<String, Object>> list = new ArrayList<>();
    synchronized (this) {
      Issue issue = issues.get(key);
      if (issue == null) {
        notFound(exchange);
        return;
      }
      for (Status target : Status.values()) {
        if (target != issue.status) {
          Map<String, Object> t = new LinkedHashMap<>();
          t.put("id", target.transitionId);
          t.put("name", target.label);
          t.put("to", status(target));
          t.put("hasScreen", false);
          t.put("isGlobal", true);
          t.put("isInitial", false);
          t.put("isAvailable", true);
          t.put("isConditional", false);
          t.put("isLooped", false);
          list.add(t);
        }
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("expand", "transitions");
    answer.put("transitions", list);
    sendJson(exchange, 200, answer);
  }

  private void transition(HttpExchange exchange, String key) throws IOException {
    JsonNode body = readJson(exchange);
    if (body == null) {
      return;
    }
    String id = body.path("transition").path("id").asText("");
    synchronized (this) {
      Issue issue = issues.get(key);
      if (issue == null) {
        notFound(exchange);
        return;
      }
      Status target = null;
      for (Status s : Status.values()) {
        if (s.transitionId.equals(id) && s != issue.status) {
          target = s;
        }
      }
      if (target == null) {
        sendJson(
            exchange,
            400,
            errors(List.of("Transition id '" + id + "' is not valid for this issue."), Map.of()));
        return;
      }
      issue.status = target;
      issue.updated = clock.instant();
      operations.add("TRANSITION " + issue.key + " " + target.label);
    }
    sendEmpty(exchange, 204);
  }

  private void get(HttpExchange exchange, String keyOrId) throws IOException {
    Map<String, Object> answer;
    synchronized (this) {
      Issue issue = lookup(keyOrId);
      if (issue == null) {
        notFound(exchange);
        return;
      }
      answer = issueJson(issue, null);
    }
    sendJson(exchange, 200, answer);
  }

  private void search(HttpExchange exchange, String method) throws IOException {
    String jql;
    int maxResults = 50;
    int offset = 0;
    List<String> fields = List.of("id");
    if (method.equals("GET")) {
      Map<String, String> query = query(exchange.getRequestURI());
      jql = query.get("jql");
      if (query.containsKey("maxResults")) {
        maxResults = Integer.parseInt(query.get("maxResults"));
      }
      if (query.containsKey("nextPageToken")) {
        offset = decodeToken(query.get("nextPageToken"));
      }
      if (query.containsKey("fields")) {
        fields = List.of(query.get("fields").split(","));
      }
    } else {
      JsonNode body = readJson(exchange);
      if (body == null) {
        return;
      }
      jql = body.path("jql").asText(null);
      maxResults = body.path("maxResults").asInt(50);
      if (body.hasNonNull("nextPageToken")) {
        offset = decodeToken(body.path("nextPageToken").asText());
      }
      if (body.path("fields").isArray()) {
        List<String> list = new ArrayList<>();
        body.path("fields").forEach(f -> list.add(f.asText()));
        fields = list;
      }
    }
    if (jql == null || jql.isBlank()) {
      sendJson(
          exchange,
          400,
          errors(
              List.of(
                  "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."),
              Map.of()));
      return;
    }
    Matcher m = JQL.matcher(jql);
    if (!m.matches()) {
      sendJson(
          exchange,
          400,
          errors(
              List.of(
                  "Error in the JQL Query: the sandbox understands only [project = KEY AND]"
                      + " labels = \"x\" [ORDER BY created [ASC|DESC]], got: "
                      + jql),
              Map.of()));
      return;
    }
    String project = m.group(1) == null ? null : unquote(m.group(1));
    if (project != null && !project.equalsIgnoreCase(projectKey)) {
      sendJson(
          exchange,
          400,
          errors(
              List.of("The value '" + project + "' does not exist for the field 'project'."),
              Map.of()));
      return;
    }
    String label = unquote(m.group(2));
    boolean ascending = "ASC".equalsIgnoreCase(m.group(3));
    List<Map<String, Object>> page = new ArrayList<>();
    boolean last;
    int next;
    synchronized (this) {
      Comparator<Issue> order =
          Comparator.comparing((Issue i) -> i.created).thenComparing(i -> Long.parseLong(i.id));
      List<Issue> matching =
          issues.values().stream()
              .filter(i -> i.labels.contains(label))
              .sorted(ascending ? order : order.reversed())
              .toList();
      int end = Math.min(matching.size(), offset + Math.max(1, maxResults));
      for (Issue issue : matching.subList(Math.min(offset, matching.size()), end)) {
        page.add(issueJson(issue, fields));
      }
      last = end >= matching.size();
      next = end;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("issues", page);
    if (!last) {
      answer.put("nextPageToken", encodeToken(next));
    }
    answer.put("isLast", last);
    sendJson(exchange, 200, answer);
  }

  private void project(HttpExchange exchange, String key) throws IOException {
    if (!key.equals(projectKey)) {
      sendJson(
          exchange,
          404,
          errors(List.of("No project could be found with key '" + key + "'."), Map.of()));
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("self", baseUrl() + "/rest/api/3/project/10000");
    answer.put("id", "10000");
    answer.put("key", projectKey);
    answer.put("name", "Retain sandbox " + projectKey);
    answer.put("projectTypeKey", "software");
    answer.put("simplified", true);
    sendJson(exchange, 200, answer);
  }

  // --- validation and mapping

  private void validateEditable(JsonNode fields, Map<String, String> errors, boolean creating) {
    JsonNode summary = fields.path("summary");
    if (creating || fields.has("summary")) {
      if (!summary.isTextual() || summary.asText().isBlank()) {
        errors.put("summary", "You must specify a summary of the issue.");
      } else if (summary.asText().length() > 255) {
        errors.put("summary", "Summary must be less than 255 characters.");
      } else if (summary.asText().contains("\n")) {
        errors.put("summary", "The summary is invalid because it contains newline characters.");
      }
    }
    if (fields.has("description") && !fields.path("description").isNull()) {
      String problem = adfProblem(fields.path("description"));
      if (problem != null) {
        errors.put("description", problem);
      }
    }
    if (fields.has("labels")) {
      JsonNode labels = fields.path("labels");
      boolean ok = labels.isArray();
      for (JsonNode label : labels) {
        ok &=
            label.isTextual()
                && !label.asText().isBlank()
                && label.asText().chars().noneMatch(Character::isWhitespace)
                && label.asText().length() <= 255;
      }
      if (!ok) {
        errors.put("labels", "The label can't contain spaces.");
      }
    }
    if (fields.has("priority")) {
      if (!PRIORITIES.contains(fields.path("priority").path("name").asText(""))) {
        errors.put("priority", "Specify the Priority (id or name) in the string format");
      }
    }
  }

  /** What is wrong with an ADF document, or null when its top level is well formed. */
  static String adfProblem(JsonNode doc) {
    String wrong =
        "Operation value must be an Atlassian Document (see the Atlassian Document Format)";
    if (!doc.isObject()
        || !"doc".equals(doc.path("type").asText())
        || doc.path("version").asInt(-1) != 1
        || !doc.path("content").isArray()) {
      return wrong;
    }
    for (JsonNode block : doc.path("content")) {
      if (!block.path("type").isTextual()) {
        return wrong;
      }
      String problem = inlineProblem(block);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String inlineProblem(JsonNode node) {
    if (node.path("type").asText().equals("text")) {
      if (!node.path("text").isTextual() || node.path("text").asText().isEmpty()) {
        return "INVALID_INPUT: a text node must have non-empty text";
      }
      return null;
    }
    for (JsonNode child : node.path("content")) {
      String problem = inlineProblem(child);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static void apply(Issue issue, JsonNode fields) {
    if (fields.has("summary")) {
      issue.summary = fields.path("summary").asText();
    }
    if (fields.has("description")) {
      issue.description =
          fields.path("description").isNull() ? null : fields.path("description").deepCopy();
    }
    if (fields.has("labels")) {
      List<String> labels = new ArrayList<>();
      fields.path("labels").forEach(l -> labels.add(l.asText()));
      issue.labels = List.copyOf(labels);
    }
    if (fields.has("priority")) {
      issue.priority = fields.path("priority").path("name").asText();
    }
  }

  private Issue lookup(String keyOrId) {
    Issue issue = issues.get(keyOrId);
    if (issue == null) {
      issue = issues.values().stream().filter(i -> i.id.equals(keyOrId)).findFirst().orElse(null);
    }
    return issue;
  }

  private Map<String, Object> issueJson(Issue issue, List<String> only) {
    Map<String, Object> fields = new LinkedHashMap<>();
    putField(fields, only, "summary", issue.summary);
    putField(fields, only, "status", status(issue.status));
    putField(fields, only, "labels", issue.labels);
    putField(
        fields, only, "priority", issue.priority == null ? null : Map.of("name", issue.priority));
    putField(fields, only, "description", issue.description);
    putField(fields, only, "created", jiraTime(issue.created));
    putField(fields, only, "updated", jiraTime(issue.updated));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "expand",
        "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations");
    json.put("id", issue.id);
    json.put("self", baseUrl() + "/rest/api/3/issue/" + issue.id);
    json.put("key", issue.key);
    json.put("fields", fields);
    return json;
  }

  private static void putField(
      Map<String, Object> fields, List<String> only, String name, Object value) {
    if (only == null || only.contains(name) || only.contains("*all")) {
      fields.put(name, value);
    }
  }

  private Map<String, Object> status(Status status) {
    Map<String, Object> category = new LinkedHashMap<>();
    category.put("self", baseUrl() + "/rest/api/3/statuscategory/" + status.categoryId);
    category.put("id", status.categoryId);
    category.put("key", status.categoryKey);
    category.put("colorName", status.color);
    category.put("name", status.categoryName);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("self", baseUrl() + "/rest/api/3/status/" + status.id);
    json.put("description", "");
    json.put("iconUrl", baseUrl() + "/images/icons/statuses/generic.png");
    json.put("name", status.label);
    json.put("id", status.id);
    json.put("statusCategory", category);
    return json;
  }

  private Map<String, Object> myself() {
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("self", baseUrl() + "/rest/api/3/user?accountId=5b10a2844c20165700ede21g");
    me.put("accountId", "5b10a2844c20165700ede21g");
    me.put("accountType", "atlassian");
    me.put("emailAddress", email);
    me.put("displayName", "Retain");
    me.put("active", true);
    me.put("timeZone", "UTC");
    return me;
  }

  private Map<String, Object> author() {
    Map<String, Object> author = new LinkedHashMap<>();
    author.put("accountId", "5b10a2844c20165700ede21g");
    author.put("displayName", "Retain");
    author.put("active", true);
    return author;
  }

  private static String jiraTime(Instant instant) {
    // Jira writes 2025-01-31T10:15:30.000+0000
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT)
        .withZone(java.time.ZoneOffset.UTC)
        .format(instant);
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return value;
  }

  private static String encodeToken(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int decodeToken(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      return Integer.parseInt(raw.substring("offset:".length()));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static JsonNode readJson(HttpExchange exchange) throws IOException {
    byte[] bytes = readBody(exchange);
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new JsonProcessingException("not an object") {};
      }
      return node;
    } catch (JsonProcessingException e) {
      sendJson(
          exchange,
          400,
          errors(List.of("Unexpected character in the request body; it is not JSON."), Map.of()));
      return null;
    }
  }

  private static void notFound(HttpExchange exchange) throws IOException {
    sendJson(
        exchange,
        404,
        errors(List.of("Issue does not exist or you do not have permission to see it."), Map.of()));
  }

  private static Map<String, Object> errors(List<String> messages, Map<String, String> errors) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errorMessages", messages);
    body.put("errors", errors);
    return body;
  }

  /**
   * Saves the project (issues, comments, counters) to a JSON file, so a demo's next run finds the
   * tickets the previous one opened, as a real Jira would keep them.
   */
  public synchronized void saveTo(java.nio.file.Path file) throws java.io.IOException {
    var root = JSON.createObjectNode();
    root.put("nextId", nextId);
    root.put("nextNumber", nextNumber);
    root.put("creates", creates);
    root.put("commentIds", commentIds);
    var list = root.putArray("issues");
    for (Issue issue : issues.values()) {
      var node = list.addObject();
      node.put("id", issue.id);
      node.put("key", issue.key);
      node.put("created", issue.created.toString());
      node.put("updated", issue.updated.toString());
      node.put("summary", issue.summary);
      node.put("priority", issue.priority);
      node.put("status", issue.status.name());
      node.set("labels", JSON.valueToTree(issue.labels));
      node.set("description", issue.description);
      node.set("comments", JSON.valueToTree(issue.comments));
    }
    java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), root);
  }

  /** Restores what {@link #saveTo} saved; a missing file leaves the project empty. */
  public synchronized void loadFrom(java.nio.file.Path file) throws java.io.IOException {
    if (!java.nio.file.Files.exists(file)) {
      return;
    }
    JsonNode root = JSON.readTree(file.toFile());
    issues.clear();
    nextId = root.path("nextId").asLong(nextId);
    nextNumber = root.path("nextNumber").asLong(nextNumber);
    creates = root.path("creates").asLong(creates);
    commentIds = root.path("commentIds").asLong(commentIds);
    for (JsonNode node : root.path("issues")) {
      Issue issue =
          new Issue(
              node.path("id").asText(),
              node.path("key").asText(),
              Instant.parse(node.path("created").asText()));
      issue.updated = Instant.parse(node.path("updated").asText());
      issue.summary = node.path("summary").asText(null);
      issue.priority = node.path("priority").asText(null);
      issue.status = Status.valueOf(node.path("status").asText());
      List<String> labels = new ArrayList<>();
      node.path("labels").forEach(l -> labels.add(l.asText()));
      issue.labels = labels;
      issue.description = node.get("description");
      node.path("comments").forEach(issue.comments::add);
      issues.put(issue.key, issue);
    }
  }
}
