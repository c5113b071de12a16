package dev.retain.sandbox.server.product;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.connectors.files.ProductUsageConnector;
import dev.retain.connectors.files.ProductUsageSettings;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.model.UsageDaily;
import dev.retain.sandbox.SandboxView;
import dev.retain.sandbox.server.salesforce.TinyView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trip: a hand-built view, dropped as usage files, read back by the real connector. */
class ProductUsageDropTest {
  static final LocalDate D1 = LocalDate.parse("2024-05-01");

  @TempDir Path dir;

  static final List<UsageDaily> USAGE =
      Stream.of("ws-a", "ws-b")
          .flatMap(
              ws ->
                  Stream.iterate(D1, d -> d.plusDays(1))
                      .limit(4)
                      .map(
                          d ->
                              new UsageDaily(
                                  SourceRef.of("product", ProductUsageConnector.usageId(ws, d)),
                                  SourceRef.of("product", ws),
                                  d,
                                  d.getDayOfMonth(),
                                  10 * d.getDayOfMonth(),
                                  ws.length(),
                                  3,
                                  d.plusDays(1)
                                      .atStartOfDay()
                                      .toInstant(java.time.ZoneOffset.UTC)
                                      .plusSeconds(300))))
          .toList();

  @Test
  void completeDaysRoundTripAndLaterDaysFollow() throws IOException {
    AtomicReference<SandboxView> view =
        new AtomicReference<>(at(Instant.parse("2024-05-03T12:00:00Z")));
    ProductUsageDrop drop = new ProductUsageDrop(view::get, dir);
    SourceStream usage = new ProductUsageConnector(new ProductUsageSettings(dir)).usage();

    assertThat(drop.sync())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("usage-2024-05-01.jsonl", "usage-2024-05-02.jsonl");
    assertThat(drop.sync()).as("existing files are left alone").isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
    }
    Reads first = readAll(usage, StreamState.INITIAL);
    assertThat(first.records())
        .containsExactlyInAnyOrderElementsOf(
            USAGE.stream().filter(u -> u.day().isBefore(D1.plusDays(2))).toList());

    view.set(at(Instant.parse("2024-05-05T00:00:00Z")));
    drop.sync();
    Reads second = readAll(usage, first.state());

    assertThat(second.records())
        .containsExactlyInAnyOrderElementsOf(
            USAGE.stream().filter(u -> !u.day().isBefore(D1.plusDays(2))).toList());
    assertThat(second.state().get("lastFile")).contains("usage-2024-05-04.jsonl");
  }

  static TinyView at(Instant asOf) {
    return new TinyView(asOf, List.of(), List.of(), List.of(), List.of(), USAGE);
  }

  record Reads(List<CanonicalRecord> records, StreamState state) {}

  static Reads readAll(SourceStream stream, StreamState from) {
    List<CanonicalRecord> records = new ArrayList<>();
    StreamState state = from;
    for (int pages = 0; pages < 100; pages++) {
      Page page = stream.read(state);
      assertThat(page.rejected()).isEmpty();
      records.addAll(page.records());
      state = page.next();
      if (!page.hasMore()) {
        return new Reads(records, state);
      }
    }
    throw new AssertionError(stream.name() + " did not end after 100 pages");
  }
}
