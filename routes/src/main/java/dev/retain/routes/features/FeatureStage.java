package dev.retain.routes.features;

import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StreamUtils;

/**
 * The features stage: one row per active customer in {@code mart.customer_features} as of a date.
 * The snapshot is point-in-time correct: only activity at or before the end of that day counts (a
 * ticket solved later is open, a response given later does not exist, a payment failure recorded
 * later is unknown), so history can be replayed for training and backtests. Slowly changing account
 * attributes (seats) are taken as last known.
 */
@Component
public class FeatureStage {
  private static final Logger log = LoggerFactory.getLogger(FeatureStage.class);
  private final JdbcTemplate jdbc;
  private final String sql;

  FeatureStage(JdbcTemplate jdbc) throws java.io.IOException {
    this.jdbc = jdbc;
    this.sql =
        StreamUtils.copyToString(
            new ClassPathResource("sql/customer_features.sql").getInputStream(),
            java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Computes (or recomputes) the snapshot as of {@code asOf}; returns the number of customers. */
  @Transactional
  public int run(LocalDate asOf) {
    jdbc.update("delete from mart.customer_features where as_of = ?", asOf);
    int rows = jdbc.update(sql, asOf);
    log.info("features: {} customers as of {}", rows, asOf);
    return rows;
  }
}
