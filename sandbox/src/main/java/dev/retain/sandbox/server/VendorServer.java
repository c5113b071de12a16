package dev.retain.sandbox.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The base of every sandbox server: a JDK {@link HttpServer} on loopback that serves one vendor's
 * API shape. Subclasses register handlers in {@link #routes(HttpServer)}; this class adds the
 * vendor's authentication check, a deterministic rate limit (every Nth request answers 429 with
 * Retry-After), and JSON helpers.
 */
public abstract class VendorServer implements AutoCloseable {
  protected static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final String name;
  private final AtomicLong requests = new AtomicLong();
  private volatile int rateLimitEvery;
  private volatile int retryAfterSeconds = 1;
  private HttpServer server;

  protected VendorServer(String name) {
    this.name = requireNonNull(name, "name is null");
  }

  /** Starts on the given port (0 picks a free one) and returns this server. */
  public VendorServer start(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(name + " sandbox server could not bind port " + port, e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    routes(server);
    server.start();
    return this;
  }

  /** Registers the vendor's endpoints. Handlers should call {@link #admit(HttpExchange)} first. */
  protected abstract void routes(HttpServer server);

  /** Checks the vendor's authentication header; answers 401 itself and returns false when wrong. */
  protected abstract boolean authorized(HttpExchange exchange);

  /**
   * Every {@code every}th request answers 429 with {@code Retry-After: seconds}, as the vendor does
   * when a client goes over its limit. Zero turns it off.
   */
  public void rateLimitEvery(int every, int seconds) {
    this.rateLimitEvery = every;
    this.retryAfterSeconds = seconds;
  }

  /**
   * The common gate: authentication, then the rate limit. Returns false when it has already
   * answered.
   */
  protected boolean admit(HttpExchange exchange) throws IOException {
    if (!authorized(exchange)) {
      return false;
    }
    long n = requests.incrementAndGet();
    int every = rateLimitEvery;
    if (every > 0 && n % every == 0) {
      exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
      sendJson(exchange, 429, rateLimitedBody());
      return false;
    }
    return true;
  }

  /** The body the vendor sends with a 429. */
  protected Object rateLimitedBody() {
    return Map.of("error", "rate limited");
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public long requestCount() {
    return requests.get();
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  protected static void sendJson(HttpExchange exchange, int status, Object body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  protected static void sendEmpty(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  protected static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  /** Query parameters, decoded; the last value wins for a repeated name. */
  protected static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }
}
