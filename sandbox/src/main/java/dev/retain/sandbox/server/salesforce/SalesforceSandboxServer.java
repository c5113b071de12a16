package dev.retain.sandbox.server.salesforce;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.retain.sandbox.SandboxView;
import dev.retain.sandbox.server.VendorServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox company's Salesforce org, shaped like the REST API the connector reads:
 *
 * <ul>
 *   <li>{@code POST /services/oauth2/token} — client-credentials flow; a wrong client answers 400
 *       {@code invalid_client} as Salesforce does
 *   <li>{@code GET /services/data/vXX.X/query?q=} and {@code queryAll?q=} — a SOQL subset ({@link
 *       SoqlQuery}); anything else answers 400 MALFORMED_QUERY, INVALID_TYPE or INVALID_FIELD
 *   <li>{@code GET /services/data/vXX.X/query/{locator}-{offset}} — the next batch ({@code
 *       nextRecordsUrl}); batches honour {@code Sforce-Query-Options: batchSize} (default 2000,
 *       least 200)
 * </ul>
 *
 * Every data request needs a bearer token the token endpoint issued (else 401 INVALID_SESSION_ID).
 * Records are the view's with {@code updatedAt <= asOf}, dateTimes as {@code
 * 2024-01-15T10:30:00.000+0000}, dates as {@code yyyy-MM-dd}. The sandbox keeps no deleted records,
 * so {@code IsDeleted} is always false.
 */
public final class SalesforceSandboxServer extends VendorServer {
  public static final String DEFAULT_CLIENT_ID = "3MVG9sandbox.retain.client";
  public static final String DEFAULT_CLIENT_SECRET = "sandbox-client-secret";

  private static final Logger log = LoggerFactory.getLogger(SalesforceSandboxServer.class);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
  private static final Pattern DATA =
      Pattern.compile("/services/data/v(\\d+\\.\\d)/(query|queryAll)(?:/([A-Za-z0-9]+)-(\\d+))?/?");
  private static final int MAX_OPEN_CURSORS = 100;

  private final Supplier<SandboxView> view;
  private final String clientId;
  private final String clientSecret;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, List<Map<String, Object>>> cursors = new ConcurrentHashMap<>();
  private final AtomicLong cursorSequence = new AtomicLong();
  private final SecureRandom random = new SecureRandom();

  public SalesforceSandboxServer(Supplier<SandboxView> view) {
    this(view, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
  }

  public SalesforceSandboxServer(Supplier<SandboxView> view, String clientId, String clientSecret) {
    super("salesforce");
    this.view = requireNonNull(view, "view is null");
    this.clientId = requireNonNull(clientId, "clientId is null");
    this.clientSecret = requireNonNull(clientSecret, "clientSecret is null");
  }

  /** Invalidates every issued token, as an expired session does; query locators survive. */
  public void expireSessions() {
    tokens.clear();
  }

  /** Forgets every query locator, as Salesforce does after 15 minutes of inactivity. */
  public void expireQueryLocators() {
    cursors.clear();
  }

  @Override
  protected void routes(HttpServer server) {
    server.createContext("/services/oauth2/token", guarded(this::token));
    server.createContext("/services/data/", guarded(this::data));
  }

  @Override
  protected boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null
        && header.startsWith("Bearer ")
        && tokens.contains(header.substring("Bearer ".length()).strip())) {
      return true;
    }
    try {
      error(exchange, 401, "INVALID_SESSION_ID", "Session expired or invalid");
    } catch (IOException e) {
      log.debug("salesforce sandbox: could not answer 401", e);
    }
    return false;
  }

  @Override
  protected Object rateLimitedBody() {
    return List.of(
        Map.of("message", "TotalRequests Limit exceeded.", "errorCode", "REQUEST_LIMIT_EXCEEDED"));
  }

  private void token(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      sendJson(
          exchange,
          400,
          Map.of("error", "invalid_request", "error_description", "must use HTTP POST"));
      return;
    }
    Map<String, String> form = form(new String(readBody(exchange), StandardCharsets.UTF_8));
    if (!"client_credentials".equals(form.get("grant_type"))) {
      sendJson(
          exchange,
          400,
          Map.of(
              "error", "unsupported_grant_type", "error_description", "grant type not supported"));
      return;
    }
    if (!clientId.equals(form.get("client_id"))
        || !clientSecret.equals(form.get("client_secret"))) {
      sendJson(
          exchange,
          400,
          Map.of("error", "invalid_client", "error_description", "invalid client credentials"));
      return;
    }
    byte[] secret = new byte[24];
    random.nextBytes(secret);
    String token = "00DSB0000000001!" + HexFormat.of().formatHex(secret);
    tokens.add(token);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", token);
    body.put("signature", HexFormat.of().formatHex(secret, 0, 8));
    body.put("scope", "api");
    body.put("instance_url", baseUrl());
    body.put("id", baseUrl() + "/id/00DSB0000000001EAA/005SB0000000001AAA");
    body.put("token_type", "Bearer");
    body.put("issued_at", Long.toString(System.currentTimeMillis()));
    sendJson(exchange, 200, body);
  }

  private void data(HttpExchange exchange) throws IOException {
    if (!admit(exchange)) {
      return;
    }
    Matcher path = DATA.matcher(exchange.getRequestURI().getPath());
    if (!exchange.getRequestMethod().equals("GET") || !path.matches()) {
      error(exchange, 404, "NOT_FOUND", "The requested resource does not exist");
      return;
    }
    String version = path.group(1);
    String resource = path.group(2);
    int batch = batchSize(exchange);
    if (path.group(3) != null) {
      List<Map<String, Object>> rows = cursors.get(path.group(3));
      int offset = Integer.parseInt(path.group(4));
      if (rows == null || offset > rows.size()) {
        error(exchange, 400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        return;
      }
      sendJson(exchange, 200, page(version, resource, path.group(3), rows, offset, batch));
      return;
    }
    String soql = query(exchange.getRequestURI()).get("q");
    SoqlQuery query;
    List<Map<String, Object>> rows;
    try {
      query = SoqlQuery.parse(soql);
      rows = run(query, version);
    } catch (SoqlQuery.SoqlException e) {
      error(exchange, 400, e.errorCode(), e.getMessage());
      return;
    }
    String locator = null;
    if (rows.size() > batch) {
      locator = "01gSB" + String.format("%010d", cursorSequence.incrementAndGet());
      if (cursors.size() >= MAX_OPEN_CURSORS) {
        cursors.keySet().stream().sorted().findFirst().ifPresent(cursors::remove);
      }
      cursors.put(locator, rows);
    }
    sendJson(exchange, 200, page(version, resource, locator, rows, 0, batch));
  }

  private List<Map<String, Object>> run(SoqlQuery query, String version) {
    String object =
        SalesforceRows.object(query.object())
            .orElseThrow(
                () ->
                    new SoqlQuery.SoqlException(
                        "INVALID_TYPE",
                        "sObject type '"
                            + query.object()
                            + "' is not supported. If you are attempting to use a custom object,"
                            + " be sure to append the '__c' after the entity name."));
    List<String> fields = new ArrayList<>();
    for (String f : query.fields()) {
      fields.add(
          SalesforceRows.field(object, f)
              .orElseThrow(
                  () ->
                      new SoqlQuery.SoqlException(
                          "INVALID_FIELD",
                          "No such column '"
                              + f
                              + "' on entity '"
                              + object
                              + "'. If you are attempting to use a custom field, be sure to"
                              + " append the '__c' after the custom field name.")));
    }
    List<Map<String, Object>> rows =
        SalesforceRows.rows(object, view.get()).stream()
            .filter(r -> matches(query, r))
            .sorted(
                Comparator.comparing((Map<String, Object> r) -> (Instant) r.get("SystemModstamp"))
                    .thenComparing(r -> (String) r.get("Id")))
            .map(r -> project(object, version, fields, r))
            .toList();
    if (query.limit() != null && rows.size() > query.limit()) {
      rows = rows.subList(0, query.limit());
    }
    return List.copyOf(rows);
  }

  private static boolean matches(SoqlQuery query, Map<String, Object> row) {
    Instant stamp = (Instant) row.get("SystemModstamp");
    if (query.since() != null) {
      int c = stamp.compareTo(query.since());
      if (c < 0 || (c == 0 && !query.sinceInclusive())) {
        return false;
      }
    }
    return query.isDeleted() == null || query.isDeleted().equals(row.get("IsDeleted"));
  }

  /** The record as Salesforce sends it: attributes, then the selected fields in their order. */
  private static Map<String, Object> project(
      String object, String version, List<String> fields, Map<String, Object> row) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("attributes", attributes(object, version, (String) row.get("Id")));
    for (String field : fields) {
      Object value = row.get(field);
      if (field.equals("Owner.Name")) {
        out.put(
            "Owner",
            value == null
                ? null
                : Map.of(
                    "attributes",
                    attributes("User", version, userId((String) value)),
                    "Name",
                    value));
      } else if (value instanceof Instant instant) {
        out.put(field, DATE_TIME.format(instant));
      } else {
        out.put(field, value);
      }
    }
    return out;
  }

  private static Map<String, Object> attributes(String type, String version, String id) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("type", type);
    attributes.put("url", "/services/data/v" + version + "/sobjects/" + type + "/" + id);
    return attributes;
  }

  private static String userId(String name) {
    return "005SB" + String.format("%010X", name.hashCode() & 0xffffffffL);
  }

  private static Map<String, Object> page(
      String version,
      String resource,
      String locator,
      List<Map<String, Object>> rows,
      int offset,
      int batch) {
    int end = Math.min(rows.size(), offset + batch);
    boolean done = end >= rows.size();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("totalSize", rows.size());
    body.put("done", done);
    if (!done) {
      body.put(
          "nextRecordsUrl",
          "/services/data/v" + version + "/" + resource + "/" + locator + "-" + end);
    }
    body.put("records", rows.subList(offset, end));
    return body;
  }

  /** {@code Sforce-Query-Options: batchSize=N}: 200 to 2000, 2000 when absent. */
  private static int batchSize(HttpExchange exchange) {
    String options = exchange.getRequestHeaders().getFirst("Sforce-Query-Options");
    if (options == null) {
      return 2000;
    }
    Matcher m = Pattern.compile("batchSize\\s*=\\s*(\\d+)").matcher(options);
    if (!m.find()) {
      return 2000;
    }
    return Math.max(200, Math.min(2000, Integer.parseInt(m.group(1))));
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("errorCode", code);
    sendJson(exchange, status, List.of(error));
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      form.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }

  /** Answers 500 UNKNOWN_EXCEPTION instead of dropping the connection on a bug. */
  private static HttpHandler guarded(HttpHandler handler) {
    return exchange -> {
      try {
        handler.handle(exchange);
      } catch (RuntimeException e) {
        log.error("salesforce sandbox: {} failed", exchange.getRequestURI(), e);
        error(exchange, 500, "UNKNOWN_EXCEPTION", "An unexpected error occurred: " + e);
      } finally {
        exchange.close();
      }
    };
  }
}
