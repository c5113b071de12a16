package dev.retain.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retain.connectors.spi.CheckResult;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.SourceRef;
import dev.retain.model.UsageDaily;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProductUsageConnectorTest {
  @TempDir Path dir;

  static final UsageDaily ACME_1 =
      usage("ws-acme", "2024-05-01", 42, 310, 55, 38, "2024-05-02T00:05:00Z");
  static final UsageDaily GLOBEX_1 =
      usage("ws-globex", "2024-05-01", 3, 12, 0, 2, "2024-05-02T00:05:00Z");
  static final UsageDaily ACME_2 =
      usage("ws-acme", "2024-05-02", 40, 298, 61, 37, "2024-05-03T00:05:00Z");
  static final UsageDaily INITECH_2 =
      usage("ws-initech", "2024-05-02", 5, 20, 2, 4, "2024-05-03T00:05:00Z");

  @BeforeEach
  void drop() {
    for (String name :
        List.of(
            "usage-2024-05-01.jsonl",
            "usage-2024-05-02.jsonl",
            "usage-2024-05-03.jsonl",
            "usage-2024-05-04.jsonl.partial",
            "README.txt")) {
      copy(name);
    }
  }

  @Test
  void checkReportsTheCompleteFiles() {
    CheckResult result = connector().check();

    assertThat(result.ok()).isTrue();
    assertThat(result.message())
        .contains("3 complete file(s)")
        .contains("usage-2024-05-01.jsonl to usage-2024-05-03.jsonl");
  }

  @Test
  void checkSaysTheDirectoryIsMissing() {
    CheckResult result =
        new ProductUsageConnector(new ProductUsageSettings(dir.resolve("nope"))).check();

    assertThat(result.ok()).isFalse();
    assertThat(result.message()).contains("does not exist");
  }

  @Test
  void fullReadReadsOneCompleteFilePerPageInNameOrder() {
    SourceStream usage = connector().usage();

    Page first = usage.read(StreamState.INITIAL);
    Page second = usage.read(first.next());
    Page third = usage.read(second.next());

    assertThat(first.records()).containsExactly(ACME_1, GLOBEX_1);
    assertThat(first.next().get("lastFile")).contains("usage-2024-05-01.jsonl");
    assertThat(first.hasMore()).isTrue();
    assertThat(second.records()).containsExactly(ACME_2, INITECH_2);
    assertThat(third.records()).isEmpty();
    assertThat(third.hasMore()).isFalse();
    assertThat(third.next().get("lastFile")).contains("usage-2024-05-03.jsonl");
  }

  @Test
  void badLinesAreRejectedWithFileAndLineAndTheFileContinues() {
    Page second =
        connector().usage().read(StreamState.INITIAL.with("lastFile", "usage-2024-05-01.jsonl"));

    assertThat(second.rejected())
        .extracting(RejectedRecord::reason)
        .satisfiesExactly(
            r ->
                assertThat(r)
                    .isEqualTo(
                        "usage-2024-05-02.jsonl line 2: field 'logins' must be >= 0, got -1"),
            r -> assertThat(r).startsWith("usage-2024-05-02.jsonl line 3: not valid JSON"));
    assertThat(second.rejected().get(0).payload()).contains("ws-globex");
    assertThat(second.records()).containsExactly(ACME_2, INITECH_2);
  }

  @Test
  void secondIncrementalReadReturnsOnlyNewFiles() {
    SourceStream usage = connector().usage();
    Reads first = readAll(usage, StreamState.INITIAL);
    assertThat(first.records()).containsExactly(ACME_1, GLOBEX_1, ACME_2, INITECH_2);

    rename("usage-2024-05-04.jsonl.partial", "usage-2024-05-04.jsonl");
    Reads second = readAll(usage, first.state());

    assertThat(second.records())
        .containsExactly(usage("ws-acme", "2024-05-04", 1, 1, 1, 1, "2024-05-05T00:05:00Z"));
    assertThat(second.state().get("lastFile")).contains("usage-2024-05-04.jsonl");
  }

  @Test
  void aStateInTheFutureReturnsNothing() {
    StreamState future = StreamState.INITIAL.with("lastFile", "usage-2999-01-01.jsonl");

    Page page = connector().usage().read(future);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(future);
  }

  @Test
  void reReadingIsIdempotent() {
    SourceStream usage = connector().usage();

    assertThat(readAll(usage, StreamState.INITIAL)).isEqualTo(readAll(usage, StreamState.INITIAL));
  }

  @Test
  void anEmptyDirectoryEndsAtOnce() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));

    Page page =
        new ProductUsageConnector(new ProductUsageSettings(empty))
            .usage()
            .read(StreamState.INITIAL);

    assertThat(page.records()).isEmpty();
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEqualTo(StreamState.INITIAL);
  }

  record Reads(List<CanonicalRecord> records, List<RejectedRecord> rejected, StreamState state) {}

  static Reads readAll(SourceStream stream, StreamState from) {
    List<CanonicalRecord> records = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    StreamState state = from;
    for (int pages = 0; pages < 100; pages++) {
      Page page = stream.read(state);
      records.addAll(page.records());
      rejected.addAll(page.rejected());
      state = page.next();
      if (!page.hasMore()) {
        return new Reads(records, rejected, state);
      }
    }
    throw new AssertionError(stream.name() + " did not end after 100 pages");
  }

  ProductUsageConnector connector() {
    return new ProductUsageConnector(new ProductUsageSettings(dir));
  }

  void copy(String name) {
    try (InputStream in = getClass().getResourceAsStream("/files/" + name)) {
      Files.copy(in, dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void rename(String from, String to) {
    try {
      Files.move(dir.resolve(from), dir.resolve(to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static UsageDaily usage(
      String workspace, String day, int logins, int core, int secondary, int seats, String at) {
    LocalDate d = LocalDate.parse(day);
    return new UsageDaily(
        SourceRef.of("product", workspace + ":" + d),
        SourceRef.of("product", workspace),
        d,
        logins,
        core,
        secondary,
        seats,
        Instant.parse(at));
  }
}
