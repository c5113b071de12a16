package dev.retain.routes.ingest;

import dev.retain.connectors.spi.ConnectorException;
import dev.retain.connectors.spi.Page;
import dev.retain.connectors.spi.SourceStream;
import dev.retain.connectors.spi.StreamState;
import dev.retain.routes.sources.SourceRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ingest stage for one page: read the page that follows the saved state, land its records,
 * dead-letter what could not be mapped, and commit the new state — all in one transaction, so the
 * cursor never runs ahead of what has landed.
 */
@Component
public class IngestService {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final SourceRegistry sources;
  private final RawRecordWriter writer;
  private final CursorStore cursors;
  private final DeadLetters deadLetters;
  private final TransactionTemplate tx;
  private final JdbcTemplate jdbc;
  private final MeterRegistry meters;
  private final SyncProgress progress;
  private final Clock clock;

  IngestService(
      SourceRegistry sources,
      RawRecordWriter writer,
      CursorStore cursors,
      DeadLetters deadLetters,
      TransactionTemplate tx,
      JdbcTemplate jdbc,
      MeterRegistry meters,
      SyncProgress progress,
      Clock clock) {
    this.sources = sources;
    this.writer = writer;
    this.cursors = cursors;
    this.deadLetters = deadLetters;
    this.tx = tx;
    this.jdbc = jdbc;
    this.meters = meters;
    this.progress = progress;
    this.clock = clock;
  }

  /** Lands the next page of {@code streamName}; returns whether more pages are waiting. */
  public boolean ingestPage(String streamName, long runId) {
    SourceStream stream = sources.stream(streamName);
    StreamState state = cursors.load(streamName);
    Page page = stream.read(state);
    tx.executeWithoutResult(
        status -> {
          writer.land(page.records());
          deadLetters.add(runId, page.rejected());
          cursors.commit(streamName, page.next());
          jdbc.update(
              "insert into mart.source_freshness (stream, last_record_at, last_success_at,"
                  + " records_total, rejected_total) values (?, ?, ?, ?, ?)"
                  + " on conflict (stream) do update set last_record_at = greatest("
                  + " mart.source_freshness.last_record_at, excluded.last_record_at),"
                  + " last_success_at = excluded.last_success_at, last_error = null,"
                  + " records_total = mart.source_freshness.records_total + excluded.records_total,"
                  + " rejected_total = mart.source_freshness.rejected_total + excluded.rejected_total",
              streamName,
              page.records().stream()
                  .map(r -> r.updatedAt())
                  .max(java.util.Comparator.naturalOrder())
                  .map(Timestamp::from)
                  .orElse(null),
              Timestamp.from(clock.instant()),
              page.records().size(),
              page.rejected().size());
        });
    meters.counter("retain.records.landed", "stream", streamName).increment(page.records().size());
    meters
        .counter("retain.records.rejected", "stream", streamName)
        .increment(page.rejected().size());
    progress.pageLanded(runId, streamName, page.records().size(), page.rejected().size());
    return page.hasMore();
  }

  /** Records a stream that failed this run; the saved state is untouched, so it retries. */
  public void streamFailed(String streamName, long runId, Exception error) {
    String message =
        error instanceof ConnectorException ce
            ? ce.getMessage()
            : error.getClass().getSimpleName() + ": " + error.getMessage();
    log.error(
        "ingest {} failed; its cursor stays where it was and the next run retries: {}",
        streamName,
        message);
    jdbc.update(
        "insert into mart.source_freshness (stream, last_error) values (?, ?)"
            + " on conflict (stream) do update set last_error = excluded.last_error",
        streamName,
        message);
    progress.streamFailed(runId, streamName, message);
  }
}
