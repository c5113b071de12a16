package dev.retain.connectors.segment;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.SourceConnector;
import dev.retain.connectors.spi.SourceStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small JDK {@link HttpServer} serving {@code POST /v1/batch} for Segment-spec senders, feeding a
 * bounded {@link SegmentQueue} that a route pulls like any other source. A full queue answers 503
 * with {@code Retry-After}, so senders back off instead of the server growing without bound.
 */
public final class SegmentIngestServer implements SourceConnector, AutoCloseable {
  private final SegmentSettings settings;
  private final SegmentQueue queue;
  private final SegmentBatchHandler handler;
  private final HttpServer server;
  private final ExecutorService executor;

  public SegmentIngestServer(SegmentSettings settings, InetSocketAddress address, Clock clock)
      throws IOException {
    this.settings = requireNonNull(settings, "settings is null");
    this.queue = new SegmentQueue(settings);
    this.handler = new SegmentBatchHandler(settings, queue, clock);
    this.server = HttpServer.create(address, 64);
    this.executor = Executors.newFixedThreadPool(2);
    server.setExecutor(executor);
    server.createContext("/v1/batch", this::batch);
    server.start();
  }

  public URI baseUri() {
    return URI.create(
        "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  public SegmentQueue queue() {
    return queue;
  }

  @Override
  public String system() {
    return settings.system();
  }

  @Override
  public List<SourceStream> streams() {
    return List.of(queue);
  }

  @Override
  public CheckResult check() {
    return CheckResult.ok(
        system(),
        "listening on " + baseUri() + "/v1/batch; " + queue.size() + " record(s) waiting");
  }

  private void batch(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().add("Allow", "POST");
        respond(exchange, 405, "{\"success\":false,\"message\":\"use POST\"}");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(SegmentSettings.MAX_BATCH_BYTES + 1);
      }
      SegmentBatchHandler.Response response =
          handler.handle(exchange.getRequestHeaders().getFirst("Authorization"), body);
      if (response.status() == 503) {
        exchange.getResponseHeaders().add("Retry-After", "5");
      }
      if (response.status() == 401) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"segment\"");
      }
      respond(exchange, response.status(), response.body());
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
