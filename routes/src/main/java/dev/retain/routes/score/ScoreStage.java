package dev.retain.routes.score;

import dev.retain.routes.scoring.client.api.ScoringApi;
import dev.retain.routes.scoring.client.model.ChurnDriver;
import dev.retain.routes.scoring.client.model.CustomerFeatures;
import dev.retain.routes.scoring.client.model.CustomerScore;
import dev.retain.routes.scoring.client.model.Driver;
import dev.retain.routes.scoring.client.model.ScoreRequest;
import dev.retain.routes.scoring.client.model.ScoreResponse;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The score stage: sends the day's feature snapshot to scoring-service in batches through the
 * generated client and writes health scores and their drivers to the mart, with history by date;
 * when a churn model is active, also each customer's churn probability, whether it reached the
 * model's alert threshold, and the model's top drivers.
 */
@Component
public class ScoreStage {
  private static final Logger log = LoggerFactory.getLogger(ScoreStage.class);
  private static final Set<String> NOT_FEATURES = Set.of("customer_id", "as_of", "computed_at");

  /** Churn-model drivers asked for per customer (mart.churn_drivers keeps them). */
  static final int CHURN_DRIVERS = 3;

  public record Summary(int scored, int batches, Map<String, Integer> bands) {}

  private final JdbcTemplate jdbc;
  private final ScoringApi api;
  private final int batchSize;

  ScoreStage(JdbcTemplate jdbc, ScoringApi api, ScoringSettings settings) {
    this.jdbc = jdbc;
    this.api = api;
    this.batchSize = settings.batchSize();
  }

  public Summary run(LocalDate asOf) throws Exception {
    List<CustomerFeatures> customers = loadFeatures(asOf);
    // a re-run of the day replaces its drivers rather than adding to them
    jdbc.update("delete from mart.score_drivers where as_of = ?", asOf);
    jdbc.update("delete from mart.churn_drivers where as_of = ?", asOf);
    Map<String, Integer> bands = new LinkedHashMap<>();
    int batches = 0;
    for (int from = 0; from < customers.size(); from += batchSize) {
      List<CustomerFeatures> batch =
          customers.subList(from, Math.min(customers.size(), from + batchSize));
      ScoreResponse response =
          api.scoreCustomers(
              new ScoreRequest().asOf(asOf).customers(batch).churnDrivers(CHURN_DRIVERS));
      write(asOf, response);
      for (CustomerScore s : response.getScores()) {
        bands.merge(s.getBand().getValue(), 1, Integer::sum);
      }
      batches++;
    }
    log.info(
        "score: {} customers in {} batches as of {}: {}", customers.size(), batches, asOf, bands);
    return new Summary(customers.size(), batches, bands);
  }

  private List<CustomerFeatures> loadFeatures(LocalDate asOf) {
    Map<String, Double> previous = new HashMap<>();
    jdbc.query(
        "select distinct on (customer_id) customer_id, health_score from mart.customer_health_daily"
            + " where as_of < ? order by customer_id, as_of desc",
        rs -> {
          previous.put(rs.getString(1), rs.getDouble(2));
        },
        asOf);
    List<CustomerFeatures> customers = new ArrayList<>();
    jdbc.query(
        "select f.*, c.plan from mart.customer_features f"
            + " left join mart.customers c on c.customer_id = f.customer_id"
            + " where f.as_of = ? order by f.customer_id",
        rs -> {
          String id = rs.getString("customer_id");
          customers.add(
              new CustomerFeatures()
                  .customerId(id)
                  .segment(rs.getString("plan"))
                  .features(features(rs))
                  .previousScore(previous.get(id)));
        },
        asOf);
    return customers;
  }

  private static Map<String, Double> features(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    Map<String, Double> features = new LinkedHashMap<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      String name = meta.getColumnName(i);
      if (NOT_FEATURES.contains(name) || name.equals("plan")) {
        continue;
      }
      double value = rs.getDouble(i);
      if (!rs.wasNull()) {
        features.put(name, value);
      }
    }
    return features;
  }

  private void write(LocalDate asOf, ScoreResponse response) {
    List<Object[]> health = new ArrayList<>();
    List<Object[]> drivers = new ArrayList<>();
    List<Object[]> churnDrivers = new ArrayList<>();
    for (CustomerScore s : response.getScores()) {
      health.add(
          new Object[] {
            s.getCustomerId(),
            asOf,
            s.getHealthScore(),
            s.getBand().getValue(),
            s.getScoreChange(),
            s.getChurnProbability(),
            s.getChurnFlagged(),
            s.getHorizonDays(),
            response.getScorecardVersion(),
            response.getModelVersion()
          });
      int rank = 1;
      for (Driver d : s.getDrivers()) {
        drivers.add(
            new Object[] {
              s.getCustomerId(),
              asOf,
              rank++,
              d.getMeasure(),
              d.getFeature(),
              d.getValue(),
              d.getContribution(),
              d.getWeight(),
              d.getReason()
            });
      }
      if (s.getChurnDrivers() != null) {
        int churnRank = 1;
        for (ChurnDriver d : s.getChurnDrivers()) {
          churnDrivers.add(
              new Object[] {
                s.getCustomerId(),
                asOf,
                churnRank++,
                d.getFeature(),
                d.getValue(),
                d.getContribution(),
                d.getReason()
              });
        }
      }
    }
    jdbc.batchUpdate(
        "insert into mart.customer_health_daily (customer_id, as_of, health_score, band,"
            + " score_change, churn_probability, churn_flagged, horizon_days, scorecard_version,"
            + " model_version, arr) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " (select arr from mart.customers where customer_id = ?))"
            + " on conflict (customer_id, as_of) do update set health_score = excluded.health_score,"
            + " band = excluded.band, score_change = excluded.score_change,"
            + " churn_probability = excluded.churn_probability,"
            + " churn_flagged = excluded.churn_flagged,"
            + " horizon_days = excluded.horizon_days,"
            + " scorecard_version = excluded.scorecard_version,"
            + " model_version = excluded.model_version, arr = excluded.arr, scored_at = now()",
        health.stream().map(r -> append(r, r[0])).toList());
    jdbc.batchUpdate(
        "insert into mart.score_drivers (customer_id, as_of, rank, measure, feature, value,"
            + " contribution, weight, reason) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        drivers);
    jdbc.batchUpdate(
        "insert into mart.churn_drivers (customer_id, as_of, rank, feature, value, contribution,"
            + " reason) values (?, ?, ?, ?, ?, ?, ?)",
        churnDrivers);
  }

  private static Object[] append(Object[] row, Object value) {
    Object[] copy = java.util.Arrays.copyOf(row, row.length + 1);
    copy[row.length] = value;
    return copy;
  }
}
