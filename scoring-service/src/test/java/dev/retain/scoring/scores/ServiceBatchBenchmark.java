package dev.retain.scoring.scores;

import dev.retain.scoring.ScoringServiceApplication;
import dev.retain.scoring.api.model.CustomerFeatures;
import dev.retain.scoring.api.model.ScoreRequest;
import dev.retain.scoring.api.model.ScoreResponse;
import dev.retain.scoring.model.Table;
import dev.retain.scoring.models.ChurnModels;
import dev.retain.scoring.models.ModelInfo;
import dev.retain.scoring.models.TrainingData;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Benchmark main (not a test): the whole in-process path of POST /v1/scores without HTTP and JSON
 * ({@code ScoringService.score}) for batches of 1,000 customers on one thread, with the default
 * scorecard and an active churn model trained on the Telco file: health score and churn
 * probability, then the same with the top 3 churn drivers. (The web server starts on a free port,
 * as the security configuration needs it, but is not used.) Prints customers per second (wall and
 * per CPU-second of the whole process, so native threads count) and the p50/p99 time of one batch.
 *
 * <pre>
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/bench.classpath) \
 *   dev.retain.scoring.scores.ServiceBatchBenchmark ../../shared/data/telco-customer-churn.csv \
 *   [candidate, default blend] [seconds, default 20]
 * </pre>
 */
public final class ServiceBatchBenchmark {

  private static final Set<String> NOT_FEATURES = Set.of("customerID", "Churn");

  private ServiceBatchBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args[0]);
    String candidate = args.length > 1 ? args[1] : "blend";
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Path models = Files.createTempDirectory("retain-bench-models");
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ScoringServiceApplication.class)
            .properties(
                "server.port=0",
                "retain.security.api-key=bench-key-0123456789",
                "retain.models.dir=" + models,
                "spring.main.banner-mode=off",
                "logging.level.root=warn")
            .run()) {
      ChurnModels churn = context.getBean(ChurnModels.class);
      long t0 = System.nanoTime();
      ModelInfo trained =
          churn.train(
              new TrainingData(
                  Files.readAllBytes(csv),
                  "Churn",
                  "Yes",
                  "customerID",
                  List.of(),
                  2,
                  42,
                  null,
                  List.of(candidate)));
      churn.activate(trained.version());
      System.out.printf(
          "model %s (%s), trained with 2-fold selection in %.1f s%n",
          trained.version(), candidate, (System.nanoTime() - t0) / 1e9);
      ScoringService service = context.getBean(ScoringService.class);
      ScoreRequest batch = batch(Table.readCsv(csv), 1_000);
      run(service, batch.churnDrivers(0), "health score + churn probability", seconds);
      run(service, batch.churnDrivers(3), "health score + churn probability + 3 drivers", seconds);
      Runtime rt = Runtime.getRuntime();
      System.out.printf("heap used after run: %d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
  }

  private static void run(ScoringService service, ScoreRequest batch, String what, int seconds) {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long until = System.nanoTime() + 5_000_000_000L;
    double sink = 0;
    while (System.nanoTime() < until) { // warm-up
      sink += checksum(service.score(batch));
    }
    List<Long> times = new ArrayList<>();
    long cpu0 = os.getProcessCpuTime();
    long start = System.nanoTime();
    until = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < until) {
      long t = System.nanoTime();
      sink += checksum(service.score(batch));
      times.add(System.nanoTime() - t);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
    int customers = batch.getCustomers().size();
    System.out.printf(
        "%s, batches of %d, 1 thread: %.0f customers/s wall, %.0f per CPU-second; one batch p50"
            + " %.2f ms, p99 %.2f ms (%d batches, checksum %.1f)%n",
        what,
        customers,
        sorted.length * customers / elapsed,
        sorted.length * customers / cpu,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted.length,
        sink);
  }

  private static double checksum(ScoreResponse response) {
    double sum = 0;
    for (var s : response.getScores()) {
      sum += s.getHealthScore() + s.getChurnProbability() + s.getChurnDrivers().size();
    }
    return sum;
  }

  /** Telco rows (numeric columns as features, the rest as attributes) with health features. */
  private static ScoreRequest batch(Table telco, int n) {
    Random random = new Random(7);
    List<Map<String, Double>> health =
        dev.retain.scoring.bench.ScoringBenchmark.customers(n, random);
    List<CustomerFeatures> customers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, String> row = telco.row(i % telco.size());
      Map<String, Double> features = new HashMap<>(health.get(i));
      Map<String, String> attributes = new HashMap<>();
      row.forEach(
          (column, value) -> {
            if (NOT_FEATURES.contains(column)) {
              return;
            }
            try {
              features.put(column, Double.parseDouble(value));
            } catch (NumberFormatException e) {
              if (!value.isBlank()) {
                attributes.put(column, value);
              }
            }
          });
      customers.add(
          new CustomerFeatures().customerId("c" + i).features(features).attributes(attributes));
    }
    return new ScoreRequest().customers(customers);
  }
}
