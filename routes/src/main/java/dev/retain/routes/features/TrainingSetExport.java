package dev.retain.routes.features;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Exports a labelled training set from the warehouse's own history: the point-in-time feature
 * snapshot of every active customer at each snapshot date, with the label whether the customer's
 * subscription ended within the horizon after that date. The {@code snapshot_date} column lets the
 * trainer validate in time order, so no future leaks into the past.
 */
@Component
public class TrainingSetExport {
  private static final Logger log = LoggerFactory.getLogger(TrainingSetExport.class);

  /** What an export wrote. */
  public record Summary(int snapshots, int rows, int positives) {}

  private final JdbcTemplate jdbc;
  private final FeatureStage features;

  TrainingSetExport(JdbcTemplate jdbc, FeatureStage features) {
    this.jdbc = jdbc;
    this.features = features;
  }

  /** The name of the label column for a horizon: {@code churned_within_90d}. */
  public static String labelColumn(int horizonDays) {
    return "churned_within_" + horizonDays + "d";
  }

  /**
   * Writes one row per active customer and snapshot date from {@code first} to {@code last} (both
   * included) every {@code step}; the label column is {@code churned_within_<horizon>d}.
   */
  public Summary export(LocalDate first, LocalDate last, Period step, int horizonDays, Path csv)
      throws IOException {
    if (first.isAfter(last)) {
      throw new IllegalArgumentException("first snapshot " + first + " is after last " + last);
    }
    if (horizonDays < 1) {
      throw new IllegalArgumentException("horizon must be at least 1 day, got " + horizonDays);
    }
    String label = labelColumn(horizonDays);
    int snapshots = 0;
    int[] rows = {0};
    int[] positives = {0};
    if (csv.toAbsolutePath().getParent() != null) {
      Files.createDirectories(csv.toAbsolutePath().getParent());
    }
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      boolean[] header = {true};
      for (LocalDate d = first; !d.isAfter(last); d = d.plus(step)) {
        features.run(d);
        LocalDate day = d;
        jdbc.query(
            """
            with churn as (
              select c.customer_id, min(s.churned) as churned
              from core.crosswalk c
              join raw.subscription s on s.source = c.source and s.account_id = c.source_id
              where c.entity = 'account' and not s.deleted and s.churned > ?
              group by c.customer_id
            )
            select f.*, case when ch.churned <= ? then 1 else 0 end as label
            from mart.customer_features f left join churn ch on ch.customer_id = f.customer_id
            where f.as_of = ? order by f.customer_id
            """,
            rs -> {
              ResultSetMetaData meta = rs.getMetaData();
              List<String> names = new ArrayList<>();
              for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i));
              }
              try {
                if (header[0]) {
                  List<String> cols = new ArrayList<>();
                  for (String n : names) {
                    if (n.equals("as_of")) {
                      cols.add("snapshot_date");
                    } else if (n.equals("label")) {
                      cols.add(label);
                    } else if (!n.equals("computed_at")) {
                      cols.add(n);
                    }
                  }
                  out.write(String.join(",", cols));
                  out.newLine();
                  header[0] = false;
                }
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= names.size(); i++) {
                  if (names.get(i - 1).equals("computed_at")) {
                    continue;
                  }
                  Object v = rs.getObject(i);
                  values.add(v == null ? "" : v.toString());
                }
                out.write(String.join(",", values));
                out.newLine();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              rows[0]++;
              positives[0] += rs.getInt("label");
            },
            day,
            day.plusDays(horizonDays),
            day);
        snapshots++;
      }
    }
    log.info(
        "training set: {} rows ({} churned within {} days) over {} snapshots into {}",
        rows[0],
        positives[0],
        horizonDays,
        snapshots,
        csv);
    return new Summary(snapshots, rows[0], positives[0]);
  }
}
