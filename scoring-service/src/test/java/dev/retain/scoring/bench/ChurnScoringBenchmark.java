package dev.retain.scoring.bench;

import dev.retain.scoring.model.Candidate;
import dev.retain.scoring.model.ChurnModel;
import dev.retain.scoring.model.ChurnTrainer;
import dev.retain.scoring.model.DatasetSpec;
import dev.retain.scoring.model.Table;
import dev.retain.scoring.model.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Churn-probability throughput of a trained model alone (no scorecard, no service), in batches of
 * 1,000 customers on one thread: probability alone, and probability with every driver. A benchmark
 * main, not a test; {@code dev.retain.scoring.scores.ServiceBatchBenchmark} measures the whole
 * scoring path.
 *
 * <pre>
 * java -Xmx1g -cp $CP dev.retain.scoring.bench.ChurnScoringBenchmark ../shared/data/telco-customer-churn.csv [candidate] [seconds]
 * </pre>
 */
public final class ChurnScoringBenchmark {
  private ChurnScoringBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args[0]);
    String candidate = args.length > 1 ? args[1] : Candidate.BLEND;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Table table = Table.readCsv(csv);
    ChurnModel model =
        new ChurnTrainer(
                TrainingOptions.defaults().withFolds(2, 1).withCandidates(List.of(candidate)),
                s -> {})
            .train(table, new DatasetSpec("Churn", "Yes", "customerID", Set.of(), null))
            .model();
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rows.add(table.row(i % table.size()));
    }
    System.out.printf("model %s (%s explanations)%n", candidate, model.explanationMethod());
    run("probability", seconds, rows, batch -> Arrays.stream(model.probabilities(batch)).sum());
    run(
        "probability + drivers",
        seconds,
        rows,
        batch -> model.scores(batch).stream().mapToDouble(s -> s.top(3).size()).sum());
  }

  private static void run(
      String name,
      int seconds,
      List<Map<String, String>> batch,
      java.util.function.ToDoubleFunction<List<Map<String, String>>> work) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Long> batchNanos = new ArrayList<>();
    double sink = 0;
    long warmEnd = System.nanoTime() + 3_000_000_000L;
    do {
      sink += work.applyAsDouble(batch);
    } while (System.nanoTime() < warmEnd);
    do {
      long t0 = System.nanoTime();
      sink += work.applyAsDouble(batch);
      batchNanos.add(System.nanoTime() - t0);
    } while (System.nanoTime() < end);
    long[] sorted = batchNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    double total = Arrays.stream(sorted).sum() / 1e9;
    System.out.printf(
        "%s, batches of 1000, 1 thread: %.0f customers/s; batch p50 %.1f ms, p99 %.1f"
            + " ms (%d batches, checksum %.1f)%n",
        name,
        sorted.length * 1000 / total,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted.length,
        sink);
  }
}
