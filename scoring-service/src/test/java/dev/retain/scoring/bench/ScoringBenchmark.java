package dev.retain.scoring.bench;

import dev.retain.scoring.scorecard.HealthScorer;
import dev.retain.scoring.scorecard.ScorecardConfiguration;
import dev.retain.scoring.scorecard.ScorecardRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Benchmark main (not a test): health scores with drivers for batches of 1,000 customers on one
 * thread, with the default scorecard, in process (no HTTP, no JSON). Prints customers per second
 * and the p50/p99 time of one batch.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *   dev.retain.scoring.bench.ScoringBenchmark [seconds]
 * </pre>
 */
public final class ScoringBenchmark {

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ScorecardConfiguration.class)
            .web(WebApplicationType.NONE)
            .properties("retain.security.api-key=bench", "spring.main.banner-mode=off")
            .run()) {
      HealthScorer scorer = context.getBean(ScorecardRegistry.class).current().scorer();
      List<Map<String, Double>> batch = customers(1_000, new Random(7));
      long until = System.nanoTime() + 5_000_000_000L;
      while (System.nanoTime() < until) { // warm-up
        scoreBatch(scorer, batch);
      }
      List<Long> times = new ArrayList<>();
      long start = System.nanoTime();
      until = start + seconds * 1_000_000_000L;
      long sink = 0;
      while (System.nanoTime() < until) {
        long t0 = System.nanoTime();
        sink += scoreBatch(scorer, batch);
        times.add(System.nanoTime() - t0);
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      long[] sorted = times.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      System.out.printf(
          "batches of 1000, health score + drivers, 1 thread: %.0f customers/s; one batch p50 %.2f"
              + " ms, p99 %.2f ms (%d batches, checksum %d)%n",
          sorted.length * 1000 / elapsed,
          sorted[sorted.length / 2] / 1e6,
          sorted[(int) (sorted.length * 0.99)] / 1e6,
          sorted.length,
          sink);
      Runtime rt = Runtime.getRuntime();
      System.out.printf("heap used after run: %d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
  }

  private static long scoreBatch(HealthScorer scorer, List<Map<String, Double>> batch) {
    long sum = 0;
    for (Map<String, Double> customer : batch) {
      sum += (long) scorer.score(customer).orElseThrow().healthScore();
    }
    return sum;
  }

  /** Customers with random values of the default scorecard's features. */
  public static List<Map<String, Double>> customers(int n, Random random) {
    List<Map<String, Double>> customers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Double> f = new HashMap<>();
      f.put("logins_change_30d", random.nextDouble() * 1.4 - 0.8);
      f.put("seat_utilisation", random.nextDouble());
      f.put("days_since_last_login", (double) random.nextInt(40));
      f.put("core_events_per_seat_30d", random.nextDouble() * 30);
      f.put("tickets_30d", (double) random.nextInt(20));
      f.put("urgent_open_tickets", (double) random.nextInt(4));
      f.put("oldest_urgent_open_days", (double) random.nextInt(20));
      f.put("median_resolution_hours_90d", random.nextDouble() * 120);
      f.put("csat_bad_share_90d", random.nextDouble() * 0.4);
      if (random.nextInt(4) > 0) {
        f.put("nps_last", (double) random.nextInt(11));
        f.put("nps_change", (double) random.nextInt(11) - 5);
      }
      f.put("payment_failed", random.nextInt(10) == 0 ? 1.0 : 0.0);
      f.put("days_to_renewal", (double) random.nextInt(400) - 30);
      customers.add(f);
    }
    return customers;
  }
}
