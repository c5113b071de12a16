package dev.retain.demo;

import dev.retain.model.SourceRef;
import dev.retain.sandbox.company.GroundTruth;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pairwise precision and recall of the crosswalk against the sandbox's truth, over every
 * identity-bearing record (accounts, contacts, survey respondents, product workspaces). A record
 * that matched nothing counts as a customer of its own.
 */
record IdentityEvaluation(long records, long truePairs, long predictedPairs, long correctPairs) {

  double precision() {
    return predictedPairs == 0 ? 1.0 : (double) correctPairs / predictedPairs;
  }

  double recall() {
    return truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
  }

  static IdentityEvaluation evaluate(JdbcTemplate jdbc, GroundTruth truth) {
    Map<String, Long> predicted = new HashMap<>();
    Map<String, Long> actual = new HashMap<>();
    Map<String, Long> both = new HashMap<>();
    long[] records = {0};
    jdbc.query(
        "select source, source_id, customer_id from core.crosswalk"
            + " where entity in ('account', 'contact', 'respondent', 'workspace')"
            + " union all select source, source_id, 'unmatched:' || source || ':' || source_id"
            + " from core.unmatched where entity in ('account', 'contact', 'respondent')",
        rs -> {
          String trueKey =
              truth
                  .customerOf(SourceRef.of(rs.getString(1), rs.getString(2)))
                  .orElse("unknown:" + rs.getString(1) + ":" + rs.getString(2));
          String cluster = rs.getString(3);
          predicted.merge(cluster, 1L, Long::sum);
          actual.merge(trueKey, 1L, Long::sum);
          both.merge(cluster + "|" + trueKey, 1L, Long::sum);
          records[0]++;
        });
    return new IdentityEvaluation(records[0], pairs(actual), pairs(predicted), pairs(both));
  }

  private static long pairs(Map<String, Long> counts) {
    long total = 0;
    for (long n : counts.values()) {
      total += n * (n - 1) / 2;
    }
    return total;
  }
}
