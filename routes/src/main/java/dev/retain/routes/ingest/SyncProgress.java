package dev.retain.routes.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Counts per stream while a sync runs, logged as it goes and read by the run summary. */
@Component
public class SyncProgress {
  private static final Logger log = LoggerFactory.getLogger("retain.progress");

  /** What one stream did in one run. */
  public record StreamCounts(long pages, long records, long rejected, String error) {}

  private final Map<Long, Map<String, Counts>> runs = new ConcurrentHashMap<>();

  void pageLanded(long runId, String stream, int records, int rejected) {
    Counts c = counts(runId, stream);
    long pages = c.pages.incrementAndGet();
    long total = c.records.addAndGet(records);
    c.rejected.addAndGet(rejected);
    if (pages == 1 || pages % 10 == 0 || rejected > 0) {
      log.info(
          "{}: page {}, {} records landed so far{}",
          stream,
          pages,
          total,
          rejected > 0 ? " (" + c.rejected.get() + " rejected to ops.dead_letter)" : "");
    }
  }

  void streamFailed(long runId, String stream, String error) {
    counts(runId, stream).error = error;
  }

  /** The counts of a run, by stream; forgets the run. */
  public Map<String, StreamCounts> finish(long runId) {
    Map<String, Counts> run = runs.remove(runId);
    Map<String, StreamCounts> result = new java.util.TreeMap<>();
    if (run != null) {
      run.forEach(
          (stream, c) ->
              result.put(
                  stream,
                  new StreamCounts(c.pages.get(), c.records.get(), c.rejected.get(), c.error)));
    }
    return result;
  }

  private Counts counts(long runId, String stream) {
    return runs.computeIfAbsent(runId, r -> new ConcurrentHashMap<>())
        .computeIfAbsent(stream, s -> new Counts());
  }

  private static final class Counts {
    final AtomicLong pages = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    volatile String error;
  }
}
