package dev.retain.routes.ingest;

import dev.retain.connectors.spi.RejectedRecord;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records that could not be landed, kept with their payload and reason in {@code ops.dead_letter}.
 */
@Component
public class DeadLetters {
  private final JdbcTemplate jdbc;

  DeadLetters(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void add(long runId, List<RejectedRecord> rejected) {
    if (rejected.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(
        "insert into ops.dead_letter (run_id, stream, source_id, payload, reason)"
            + " values (?, ?, ?, ?, ?)",
        rejected,
        500,
        (ps, r) -> {
          ps.setLong(1, runId);
          ps.setString(2, r.stream());
          ps.setString(3, r.sourceId());
          ps.setString(4, r.payload());
          ps.setString(5, r.reason());
        });
  }
}
