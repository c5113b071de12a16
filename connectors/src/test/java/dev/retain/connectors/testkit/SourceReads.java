package dev.retain.connectors.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.retain.connectors.http.HttpTransport;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared helpers for source acceptance suites: read a stream to its end, what an idempotent upsert
 * leaves, fixtures from the test class path, a port nothing listens on, and a sleeper that records
 * instead of sleeping.
 */
public final class SourceReads {
  private SourceReads() {}

  /** Every page of one pass, and the state after the last page. */
  public record Reads(
      List<CanonicalRecord> records, List<RejectedRecord> rejected, StreamState state, int pages) {}

  /** Reads pages from {@code from} until a page says there is no more (at most 200 pages). */
  public static Reads readAll(SourceStream stream, StreamState from) {
    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    StreamState state = from;
    for (int pages = 1; pages <= 200; pages++) {
      Page page = stream.read(state);
      records.addAll(page.records());
      rejected.addAll(page.rejected());
      state = page.next();
      if (!page.hasMore()) {
        return new Reads(records, rejected, state, pages);
      }
    }
    throw new AssertionError(stream.name() + " did not end after 200 pages");
  }

  /** What an idempotent upsert keyed by ref leaves: the last version of each record. */
  public static List<CanonicalRecord> upserted(List<CanonicalRecord> records) {
    Map<SourceRef, CanonicalRecord> rows = new LinkedHashMap<>();
    records.forEach(r -> rows.put(r.ref(), r));
    return List.copyOf(rows.values());
  }

  /** A fixture from {@code src/test/resources/<dir>/<name>}. */
  public static String fixture(String dir, String name) {
    String path = "/" + dir + "/" + name;
    try (InputStream in = SourceReads.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 200 answer with a JSON body. */
  public static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  /** A local port nobody listens on (for "host not reachable"). */
  public static int unusedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A transport sleeper that records the waits instead of sleeping. */
  public static final class RecordingSleeper implements HttpTransport.Sleeper {
    private final List<Duration> waits = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
      waits.add(duration);
    }

    public synchronized List<Duration> waits() {
      return List.copyOf(waits);
    }
  }
}
