package dev.retain.sandbox.server.zendesk;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.SourceRef;
import dev.retain.model.Ticket;
import dev.retain.sandbox.SandboxView;
import dev.retain.sandbox.server.VendorServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Zendesk Support as the sandbox company's view shows it, through the API Retain reads:
 *
 * <ul>
 *   <li>{@code GET /api/v2/incremental/organizations.json?start_time=} (time-based export: {@code
 *       organizations, next_page, end_time, count, end_of_stream})
 *   <li>{@code GET /api/v2/incremental/users/cursor.json?start_time=|cursor=} and {@code
 *       /api/v2/incremental/tickets/cursor.json?start_time=|cursor=} (cursor-based exports: {@code
 *       users|tickets, after_cursor, after_url, before_cursor, before_url, end_of_stream}; tickets
 *       side-load {@code metric_sets} with {@code include=metric_sets})
 *   <li>{@code GET /api/v2/users/me.json}
 * </ul>
 *
 * <p>Only records with {@code updatedAt <= view.asOf()} are served; items come in {@code
 * (updated_at, id)} order, {@code per_page} (default and maximum 1000) at a time. Cursors are
 * opaque base64 strings. Authentication is Basic {@code {email}/token:{apiToken}}; anything else
 * answers 401 {@code {"error":"Couldn't authenticate you"}}. Timestamps are ISO-8601 in UTC with
 * whole seconds, as Zendesk writes them, so a record's sub-second part does not survive the trip.
 */
public final class ZendeskSandboxServer extends VendorServer {
  static final int MAX_PER_PAGE = 1000;

  private final Supplier<SandboxView> view;
  private final String email;
  private final String apiToken;
  private volatile String accountIdField = "external_id";

  /**
   * @param view the company as Zendesk shows it; asked afresh on every request
   * @param email the agent email that authenticates, with {@code apiToken}
   */
  public ZendeskSandboxServer(Supplier<SandboxView> view, String email, String apiToken) {
    super("zendesk");
    this.view = requireNonNull(view, "view is null");
    this.email = requireNonNull(email, "email is null");
    this.apiToken = requireNonNull(apiToken, "apiToken is null");
  }

  /**
   * Where organizations carry the Salesforce account id: {@code external_id} (the default) or the
   * key of an {@code organization_fields} entry.
   */
  public ZendeskSandboxServer accountIdField(String field) {
    this.accountIdField = requireNonNull(field, "field is null");
    return this;
  }

  @Override
  public ZendeskSandboxServer start(int port) {
    super.start(port);
    return this;
  }

  @Override
  protected void routes(HttpServer server) {
    server.createContext("/api/v2/", this::handle);
  }

  @Override
  protected boolean authorized(HttpExchange exchange) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((email + "/token:" + apiToken).getBytes(StandardCharsets.UTF_8));
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (expected.equals(header)) {
      return true;
    }
    try {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Web Password\"");
      sendJson(exchange, 401, Map.of("error", "Couldn't authenticate you"));
    } catch (IOException e) {
      exchange.close();
    }
    return false;
  }

  @Override
  protected Object rateLimitedBody() {
    return Map.of(
        "error", "APIRateLimitExceeded",
        "description", "Number of allowed API requests per minute exceeded");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!admit(exchange)) {
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")) {
        sendJson(exchange, 405, error("InvalidEndpoint", "Method not allowed"));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (path.endsWith(".json")) {
        path = path.substring(0, path.length() - ".json".length());
      }
      Map<String, String> query = query(exchange.getRequestURI());
      switch (path) {
        case "/api/v2/users/me" -> sendJson(exchange, 200, Map.of("user", me()));
        case "/api/v2/incremental/organizations" -> organizations(exchange, query);
        case "/api/v2/incremental/users/cursor" ->
            cursorExport(
                exchange, query, "users", v -> v.contacts(SandboxView.ZENDESK), this::user);
        case "/api/v2/incremental/tickets/cursor" ->
            cursorExport(exchange, query, "tickets", SandboxView::tickets, this::ticket);
        default -> sendJson(exchange, 404, error("InvalidEndpoint", "Not found"));
      }
    } catch (RuntimeException e) {
      sendJson(exchange, 500, error("InternalError", String.valueOf(e.getMessage())));
    }
  }

  // --- the time-based organization export

  private void organizations(HttpExchange exchange, Map<String, String> query) throws IOException {
    Long startTime = startTime(exchange, query, false);
    Integer perPage = perPage(exchange, query);
    if (startTime == null || perPage == null) {
      return;
    }
    SandboxView now = view.get();
    List<Account> all = visible(now, now.accounts(SandboxView.ZENDESK));
    List<Account> from = all.stream().filter(a -> seconds(a.updatedAt()) >= startTime).toList();
    List<Account> page = new ArrayList<>(from.subList(0, Math.min(perPage, from.size())));
    // Zendesk returns every item that shares the last timestamp, even past per_page.
    if (!page.isEmpty()) {
      long last = seconds(page.get(page.size() - 1).updatedAt());
      for (int i = page.size(); i < from.size() && seconds(from.get(i).updatedAt()) == last; i++) {
        page.add(from.get(i));
      }
    }
    boolean endOfStream = page.size() == from.size();
    Long endTime = page.isEmpty() ? null : seconds(page.get(page.size() - 1).updatedAt());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("organizations", page.stream().map(this::organization).toList());
    body.put(
        "next_page",
        endTime == null
            ? null
            : baseUrl() + "/api/v2/incremental/organizations.json?start_time=" + endTime);
    body.put("count", page.size());
    body.put("end_of_stream", endOfStream);
    body.put("end_time", endTime);
    sendJson(exchange, 200, body);
  }

  // --- the cursor-based exports

  private <T extends CanonicalRecord> void cursorExport(
      HttpExchange exchange,
      Map<String, String> query,
      String itemsKey,
      Function<SandboxView, List<T>> records,
      Function<T, Map<String, Object>> toJson)
      throws IOException {
    Position after;
    String cursor = query.get("cursor");
    if (cursor != null && !cursor.isBlank()) {
      after = Position.decode(cursor);
      if (after == null) {
        sendJson(exchange, 400, error("InvalidValue", "Invalid cursor: " + cursor));
        return;
      }
    } else {
      Long startTime = startTime(exchange, query, true);
      if (startTime == null) {
        return;
      }
      after = Position.before(startTime);
    }
    Integer perPage = perPage(exchange, query);
    if (perPage == null) {
      return;
    }
    SandboxView now = view.get();
    List<T> rest =
        visible(now, records.apply(now)).stream().filter(r -> after.isBefore(r)).toList();
    List<T> page = rest.subList(0, Math.min(perPage, rest.size()));
    Position last = page.isEmpty() ? after : Position.of(page.get(page.size() - 1));
    String afterCursor = last.encode();
    String path = "/api/v2/incremental/" + itemsKey + "/cursor.json";
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(itemsKey, page.stream().map(toJson).toList());
    if (itemsKey.equals("tickets") && query.getOrDefault("include", "").contains("metric_sets")) {
      body.put("metric_sets", page.stream().map(t -> metricSet((Ticket) t)).toList());
    }
    body.put("after_url", baseUrl() + path + "?cursor=" + afterCursor);
    body.put("after_cursor", afterCursor);
    body.put("before_url", cursor == null ? null : baseUrl() + path + "?cursor=" + cursor);
    body.put("before_cursor", cursor);
    body.put("end_of_stream", page.size() == rest.size());
    sendJson(exchange, 200, body);
  }

  /** Where a cursor points: after the record with this (updated_at, id). */
  private record Position(long epochMillis, String id) {
    static Position before(long startTimeSeconds) {
      return new Position(startTimeSeconds * 1000 - 1, null);
    }

    static Position of(CanonicalRecord record) {
      return new Position(record.updatedAt().toEpochMilli(), record.ref().id());
    }

    boolean isBefore(CanonicalRecord record) {
      long millis = record.updatedAt().toEpochMilli();
      if (millis != epochMillis) {
        return millis > epochMillis;
      }
      return id == null || ID_ORDER.compare(record.ref().id(), id) > 0;
    }

    String encode() {
      String raw = epochMillis + "|" + (id == null ? "" : id);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int bar = raw.indexOf('|');
        if (bar < 0) {
          return null;
        }
        String id = raw.substring(bar + 1);
        return new Position(Long.parseLong(raw.substring(0, bar)), id.isEmpty() ? null : id);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  /** Numeric ids in numeric order, anything else after them in text order. */
  static final Comparator<String> ID_ORDER =
      (a, b) -> {
        boolean an = a.chars().allMatch(Character::isDigit) && !a.isEmpty() && a.length() < 19;
        boolean bn = b.chars().allMatch(Character::isDigit) && !b.isEmpty() && b.length() < 19;
        if (an && bn) {
          return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (an != bn) {
          return an ? -1 : 1;
        }
        return a.compareTo(b);
      };

  private static <T extends CanonicalRecord> List<T> visible(SandboxView view, List<T> records) {
    Instant asOf = view.asOf();
    return records.stream()
        .filter(r -> !r.updatedAt().isAfter(asOf))
        .sorted(
            Comparator.comparing((T r) -> r.updatedAt()).thenComparing(r -> r.ref().id(), ID_ORDER))
        .toList();
  }

  // --- parameters

  private static Long startTime(HttpExchange exchange, Map<String, String> query, boolean cursor)
      throws IOException {
    String raw = query.get("start_time");
    if (raw == null || raw.isBlank()) {
      sendJson(
          exchange,
          400,
          error(
              "InvalidValue",
              cursor ? "Either start_time or cursor is required" : "start_time is required"));
      return null;
    }
    try {
      long value = Long.parseLong(raw.strip());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      sendJson(exchange, 400, error("InvalidValue", "start_time is not a Unix time: " + raw));
      return null;
    }
  }

  private static Integer perPage(HttpExchange exchange, Map<String, String> query)
      throws IOException {
    String raw = query.get("per_page");
    if (raw == null || raw.isBlank()) {
      return MAX_PER_PAGE;
    }
    try {
      int value = Integer.parseInt(raw.strip());
      if (value < 1) {
        throw new NumberFormatException();
      }
      return Math.min(value, MAX_PER_PAGE);
    } catch (NumberFormatException e) {
      sendJson(exchange, 400, error("InvalidValue", "per_page must be a positive integer"));
      return null;
    }
  }

  private static Map<String, Object> error(String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("description", description);
    return body;
  }

  // --- canonical -> Zendesk JSON

  private Map<String, Object> me() {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", 1);
    user.put("url", baseUrl() + "/api/v2/users/1.json");
    user.put("name", "Retain Sandbox Admin");
    user.put("email", email);
    user.put("role", "admin");
    user.put("active", true);
    user.put("verified", true);
    return user;
  }

  private Map<String, Object> organization(Account account) {
    Map<String, Object> org = new LinkedHashMap<>();
    Object id = id(account.ref());
    org.put("id", id);
    org.put("url", baseUrl() + "/api/v2/organizations/" + id + ".json");
    org.put("name", account.name());
    org.put("shared_tickets", false);
    org.put("shared_comments", false);
    Map<String, Object> fields = new LinkedHashMap<>();
    if (accountIdField.equals("external_id")) {
      org.put("external_id", account.externalId());
    } else {
      org.put("external_id", null);
      fields.put(accountIdField, account.externalId());
    }
    org.put("created_at", time(account.updatedAt()));
    org.put("updated_at", time(account.updatedAt()));
    org.put("deleted_at", null);
    org.put("domain_names", account.domain() == null ? List.of() : List.of(account.domain()));
    org.put("details", null);
    org.put("notes", null);
    org.put("group_id", null);
    org.put("tags", List.of());
    org.put("organization_fields", fields);
    return org;
  }

  private Map<String, Object> user(Contact contact) {
    Map<String, Object> user = new LinkedHashMap<>();
    Object id = id(contact.ref());
    user.put("id", id);
    user.put("url", baseUrl() + "/api/v2/users/" + id + ".json");
    user.put("name", contact.name() == null ? contact.email() : contact.name());
    user.put("email", contact.email());
    user.put("phone", contact.phone());
    user.put("external_id", contact.externalId());
    user.put("organization_id", contact.account() == null ? null : id(contact.account()));
    user.put("role", "end-user");
    user.put("active", true);
    user.put("suspended", false);
    user.put("verified", true);
    user.put("created_at", time(contact.updatedAt()));
    user.put("updated_at", time(contact.updatedAt()));
    user.put("tags", List.of());
    user.put("user_fields", Map.of());
    return user;
  }

  private Map<String, Object> ticket(Ticket ticket) {
    Map<String, Object> json = new LinkedHashMap<>();
    Object id = id(ticket.ref());
    json.put("id", id);
    json.put("url", baseUrl() + "/api/v2/tickets/" + id + ".json");
    json.put("external_id", null);
    json.put("type", null);
    json.put("subject", ticket.subject());
    json.put("raw_subject", ticket.subject());
    json.put("priority", ticket.priority().name().toLowerCase(Locale.ROOT));
    json.put("status", ticket.status().name().toLowerCase(Locale.ROOT));
    json.put("requester_id", ticket.requester() == null ? null : id(ticket.requester()));
    json.put("submitter_id", ticket.requester() == null ? null : id(ticket.requester()));
    json.put("assignee_id", null);
    json.put("organization_id", ticket.account() == null ? null : id(ticket.account()));
    json.put("group_id", null);
    json.put("tags", List.of());
    json.put(
        "satisfaction_rating",
        Map.of("score", ticket.satisfaction().name().toLowerCase(Locale.ROOT)));
    json.put("created_at", time(ticket.createdAt()));
    json.put("updated_at", time(ticket.updatedAt()));
    json.put("generated_timestamp", seconds(ticket.updatedAt()));
    return json;
  }

  private Map<String, Object> metricSet(Ticket ticket) {
    Map<String, Object> json = new LinkedHashMap<>();
    Object id = id(ticket.ref());
    json.put("id", id);
    json.put("url", baseUrl() + "/api/v2/ticket_metrics/" + id + ".json");
    json.put("ticket_id", id);
    json.put("created_at", time(ticket.createdAt()));
    json.put("updated_at", time(ticket.updatedAt()));
    json.put("solved_at", ticket.solvedAt() == null ? null : time(ticket.solvedAt()));
    return json;
  }

  /** Zendesk ids are numbers; a non-numeric sandbox id is sent as a string. */
  private static Object id(SourceRef ref) {
    String id = ref.id();
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return id;
    }
  }

  private static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static long seconds(Instant instant) {
    return instant.getEpochSecond();
  }
}
