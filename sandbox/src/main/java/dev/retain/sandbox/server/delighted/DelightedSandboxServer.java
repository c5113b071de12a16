package dev.retain.sandbox.server.delighted;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.retain.model.SurveyResponse;
import dev.retain.sandbox.SandboxView;
import dev.retain.sandbox.server.VendorServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox company's Delighted account: {@code GET /v1/survey_responses.json} with HTTP Basic
 * (the API key as user, empty password), {@code per_page} (default 20, at most 100), {@code page},
 * {@code since}/{@code until} (created time), {@code updated_since}/{@code updated_until}, {@code
 * order} ({@code asc}, {@code desc}, {@code asc:updated_at}, {@code desc:updated_at}) and {@code
 * expand[]=person}. The body is a JSON array; timestamps are unix seconds. A response's customer id
 * goes out as the person property named by {@code accountIdProperty}.
 */
public final class DelightedSandboxServer extends VendorServer {
  public static final String DEFAULT_API_KEY = "sandbox-delighted-api-key";
  public static final String DEFAULT_ACCOUNT_ID_PROPERTY = "Salesforce Account Id";

  private static final Logger log = LoggerFactory.getLogger(DelightedSandboxServer.class);

  private final Supplier<SandboxView> view;
  private final String apiKey;
  private final String accountIdProperty;

  public DelightedSandboxServer(Supplier<SandboxView> view) {
    this(view, DEFAULT_API_KEY, DEFAULT_ACCOUNT_ID_PROPERTY);
  }

  public DelightedSandboxServer(
      Supplier<SandboxView> view, String apiKey, String accountIdProperty) {
    super("delighted");
    this.view = requireNonNull(view, "view is null");
    this.apiKey = requireNonNull(apiKey, "apiKey is null");
    this.accountIdProperty = requireNonNull(accountIdProperty, "accountIdProperty is null");
  }

  @Override
  protected void routes(HttpServer server) {
    server.createContext(
        "/v1/survey_responses.json",
        exchange -> {
          try {
            surveyResponses(exchange);
          } catch (RuntimeException e) {
            log.error("delighted sandbox: {} failed", exchange.getRequestURI(), e);
            sendJson(exchange, 500, Map.of("status", 500, "message", "Internal Server Error"));
          } finally {
            exchange.close();
          }
        });
  }

  @Override
  protected boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.startsWith("Basic ")) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(header.substring("Basic ".length()).strip()),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if ((colon < 0 ? decoded : decoded.substring(0, colon)).equals(apiKey)) {
          return true;
        }
      } catch (IllegalArgumentException notBase64) {
        // falls through to 401
      }
    }
    try {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Delighted API\"");
      sendJson(exchange, 401, Map.of("status", 401, "message", "Unauthorized"));
    } catch (IOException e) {
      log.debug("delighted sandbox: could not answer 401", e);
    }
    return false;
  }

  private void surveyResponses(HttpExchange exchange) throws IOException {
    if (!admit(exchange)) {
      return;
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      sendJson(exchange, 405, Map.of("status", 405, "message", "Method Not Allowed"));
      return;
    }
    URI uri = exchange.getRequestURI();
    Map<String, String> params = query(uri);
    List<String> expand = values(uri, "expand[]");
    int perPage;
    int page;
    Long since;
    Long until;
    Long updatedSince;
    Long updatedUntil;
    try {
      perPage = Math.min(100, (int) number(params, "per_page", 20));
      page = (int) number(params, "page", 1);
      since = optional(params, "since");
      until = optional(params, "until");
      updatedSince = optional(params, "updated_since");
      updatedUntil = optional(params, "updated_until");
      if (perPage < 1 || page < 1) {
        throw new IllegalArgumentException("per_page and page must be positive");
      }
    } catch (IllegalArgumentException e) {
      sendJson(exchange, 400, Map.of("status", 400, "message", e.getMessage()));
      return;
    }
    String order = params.getOrDefault("order", "asc");
    Comparator<SurveyResponse> byCreated =
        Comparator.comparingLong((SurveyResponse r) -> r.createdAt().getEpochSecond())
            .thenComparing(DelightedSandboxServer::sortableId);
    Comparator<SurveyResponse> byUpdated =
        Comparator.comparingLong((SurveyResponse r) -> r.updatedAt().getEpochSecond())
            .thenComparing(DelightedSandboxServer::sortableId);
    Comparator<SurveyResponse> comparator =
        switch (order) {
          case "asc" -> byCreated;
          case "desc" -> byCreated.reversed();
          case "asc:updated_at" -> byUpdated;
          case "desc:updated_at" -> byUpdated.reversed();
          default -> null;
        };
    if (comparator == null) {
      sendJson(exchange, 400, Map.of("status", 400, "message", "Invalid order: " + order));
      return;
    }
    SandboxView current = view.get();
    Predicate<SurveyResponse> filter =
        r ->
            !r.updatedAt().isAfter(current.asOf())
                && (since == null || r.createdAt().getEpochSecond() >= since)
                && (until == null || r.createdAt().getEpochSecond() <= until)
                && (updatedSince == null || r.updatedAt().getEpochSecond() >= updatedSince)
                && (updatedUntil == null || r.updatedAt().getEpochSecond() <= updatedUntil);
    List<SurveyResponse> all =
        current.surveyResponses().stream().filter(filter).sorted(comparator).toList();
    long from = (long) (page - 1) * perPage;
    List<Object> body = new ArrayList<>();
    for (long i = from; i < Math.min(all.size(), from + perPage); i++) {
      body.add(json(all.get((int) i), expand.contains("person")));
    }
    sendJson(exchange, 200, body);
  }

  private Map<String, Object> json(SurveyResponse r, boolean expandPerson) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", r.ref().id());
    if (r.respondent() == null) {
      out.put("person", null);
    } else if (expandPerson) {
      Map<String, Object> person = new LinkedHashMap<>();
      person.put("id", r.respondent().id());
      person.put("email", r.respondentEmail());
      person.put("name", null);
      person.put("created_at", r.createdAt().getEpochSecond());
      person.put("phone_number", null);
      person.put("last_sent_at", null);
      person.put("last_responded_at", r.createdAt().getEpochSecond());
      person.put("next_survey_scheduled_at", null);
      out.put("person", person);
    } else {
      out.put("person", r.respondent().id());
    }
    out.put("survey_type", "nps");
    out.put("score", r.score());
    out.put("comment", r.comment());
    out.put("permalink", "https://app.delighted.com/r/sandbox-" + r.ref().id());
    out.put("created_at", r.createdAt().getEpochSecond());
    out.put("updated_at", r.updatedAt().getEpochSecond());
    out.put(
        "person_properties",
        r.accountExternalId() == null ? null : Map.of(accountIdProperty, r.accountExternalId()));
    out.put("notes", List.of());
    out.put("tags", List.of());
    out.put("additional_answers", List.of());
    return out;
  }

  /** Delighted ids are numbers: order them as numbers, others as text after them. */
  private static String sortableId(SurveyResponse r) {
    String id = r.ref().id();
    return id.matches("\\d{1,18}") ? String.format("%018d", Long.parseLong(id)) : "~" + id;
  }

  private static List<String> values(URI uri, String name) {
    List<String> values = new ArrayList<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static long number(Map<String, String> params, String name, long fallback) {
    Long value = optional(params, name);
    return value == null ? fallback : value;
  }

  private static Long optional(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got " + value);
    }
  }
}
