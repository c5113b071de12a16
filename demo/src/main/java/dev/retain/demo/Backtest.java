package dev.retain.demo;

import dev.retain.routes.features.TrainingSetExport;
import dev.retain.routes.score.ScoreStage;
import dev.retain.scoring.model.ChurnModel;
import dev.retain.scoring.model.ChurnTrainer;
import dev.retain.scoring.model.DatasetSpec;
import dev.retain.scoring.model.Metrics;
import dev.retain.scoring.model.Table;
import dev.retain.scoring.model.TrainingOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The churn backtest on the sandbox company: sync its history, export monthly point-in-time
 * snapshots, train the churn model on snapshots whose 90-day label window ends before a cutoff,
 * then score the monthly snapshots after it and measure ROC AUC and how many churners were flagged
 * at least 30 days before they left, with the precision of those flags. The health scorecard is
 * measured the same way (red band as the flag).
 *
 * <pre>
 * java -cp demo/target/retain-demo-*-exec.jar -Dloader.main=dev.retain.demo.Backtest \
 *     org.springframework.boot.loader.launch.PropertiesLauncher [--accounts N] [--seed N]
 * </pre>
 */
public final class Backtest {
  private static final PrintStream out = System.out;
  private static final int HORIZON = 90;
  private static final int LEAD = 30;
  private static final String LABEL = "churned_within_" + HORIZON + "d";

  private Backtest() {}

  /** One scored customer-snapshot of the test period. */
  record Scored(
      String customer, LocalDate snapshot, double probability, double health, boolean label) {}

  public static void main(String[] args) throws Exception {
    int accounts = 3000;
    long seed = 42;
    Path dir = Path.of("target", "backtest");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--accounts" -> accounts = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--data-dir" -> dir = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; known: --accounts N, --seed N, --data-dir DIR");
      }
    }
    Path scoringJar =
        Path.of(
            System.getProperty(
                "retain.scoring.jar",
                "scoring-service/target/retain-scoring-service-0.1.0-SNAPSHOT-exec.jar"));
    deleteTree(dir);
    try (SandboxEnvironment env =
        SandboxEnvironment.start(
            new SandboxEnvironment.Options(accounts, seed, dir, 0, scoringJar))) {
      env.sync();
      run(env, dir);
    }
    System.exit(0);
  }

  static void run(SandboxEnvironment env, Path dir) throws Exception {
    LocalDate anchor = env.asOf();
    // features need 60 days of usage; labels need the 90 days after a snapshot to have passed
    LocalDate first = anchor.minusMonths(11);
    LocalDate last = anchor.minusDays(HORIZON);
    LocalDate cutoff = anchor.minusMonths(4);
    Period step = Period.ofDays(15);
    LocalDate trainLast = cutoff.minusDays(HORIZON);
    LocalDate testFirst = cutoff;
    TrainingSetExport export = env.routes().getBean(TrainingSetExport.class);
    Path train = dir.resolve("train.csv");
    Path test = dir.resolve("test.csv");
    var trainSummary = export.export(first, trainLast, step, HORIZON, train);
    var testSummary = export.export(testFirst, last, step, HORIZON, test);
    out.printf(
        Locale.ROOT,
        "train: %d rows (%d churned within %d days), snapshots %s..%s%n",
        trainSummary.rows(),
        trainSummary.positives(),
        HORIZON,
        first,
        trainLast);
    out.printf(
        Locale.ROOT,
        "test:  %d rows (%d churned), snapshots %s..%s%n",
        testSummary.rows(),
        testSummary.positives(),
        testFirst,
        last);

    // every training label window ends before the cutoff, so the test period stays unseen; within
    // the training period the candidates are compared by ordinary cross-validation
    DatasetSpec spec = new DatasetSpec(LABEL, "1", "customer_id", Set.of("snapshot_date"), null);
    ChurnTrainer.Result result =
        new ChurnTrainer(TrainingOptions.defaults().withFolds(5, 1))
            .train(Table.readCsv(train), spec);
    ChurnModel model = result.model();
    out.printf(
        Locale.ROOT,
        "chosen model: %s (cross-validated ROC AUC %.3f)%n",
        result.chosen(),
        result.chosenResult().cvRocAuc());

    // the scorecard's view of the same snapshots, through the real scoring service
    ScoreStage scoreStage = env.routes().getBean(ScoreStage.class);
    JdbcTemplate jdbc = env.jdbc();
    Table testTable = Table.readCsv(test);
    Set<LocalDate> snapshots = new HashSet<>();
    for (int r = 0; r < testTable.size(); r++) {
      snapshots.add(LocalDate.parse(testTable.cell(r, "snapshot_date")));
    }
    Map<String, Double> health = new HashMap<>();
    for (LocalDate d : snapshots) {
      jdbc.update("delete from mart.customer_features where as_of = ?", d);
    }
    for (LocalDate d : snapshots.stream().sorted().toList()) {
      env.routes().getBean(dev.retain.routes.features.FeatureStage.class).run(d);
      scoreStage.run(d);
      jdbc.query(
          "select customer_id, health_score from mart.customer_health_daily where as_of = ?",
          rs -> {
            health.put(rs.getString(1) + "|" + d, rs.getDouble(2));
          },
          d);
    }

    List<Map<String, String>> rows = new ArrayList<>();
    for (int r = 0; r < testTable.size(); r++) {
      rows.add(testTable.row(r));
    }
    double[] probabilities = model.probabilities(rows);
    List<Scored> scored = new ArrayList<>();
    for (int r = 0; r < testTable.size(); r++) {
      Map<String, String> row = testTable.row(r);
      LocalDate d = LocalDate.parse(row.get("snapshot_date"));
      scored.add(
          new Scored(
              row.get("customer_id"),
              d,
              probabilities[r],
              health.getOrDefault(row.get("customer_id") + "|" + d, 100.0),
              "1".equals(row.get(LABEL))));
    }
    double[] y = scored.stream().mapToDouble(s -> s.label() ? 1 : 0).toArray();
    double[] p = scored.stream().mapToDouble(Scored::probability).toArray();
    double[] h = scored.stream().mapToDouble(s -> (100 - s.health()) / 100).toArray();
    out.printf(
        Locale.ROOT,
        "%nTest ROC AUC: churn model %.3f, health scorecard %.3f%n",
        Metrics.rocAuc(y, p),
        Metrics.rocAuc(y, h));

    Map<String, LocalDate> churnedOn = new HashMap<>();
    jdbc.query(
        "select c.customer_id, min(s.churned) from core.crosswalk c join raw.subscription s"
            + " on s.source = c.source and s.account_id = c.source_id"
            + " where c.entity = 'account' and s.churned is not null group by c.customer_id",
        rs -> {
          churnedOn.put(rs.getString(1), rs.getObject(2, LocalDate.class));
        });

    out.printf("%nChurners flagged at least %d days ahead (test period):%n", LEAD);
    out.println("  flag                                   caught   precision  flagged share");
    for (double share : new double[] {0.05, 0.10, 0.15, 0.20, 0.30}) {
      report(
          String.format(Locale.ROOT, "model, top %2.0f%% per snapshot", share * 100),
          scored,
          churnedOn,
          flagTop(scored, share, Scored::probability));
    }
    double threshold = model.threshold();
    Set<Scored> atThreshold = new HashSet<>();
    scored.stream().filter(s -> s.probability() >= threshold).forEach(atThreshold::add);
    report(
        String.format(Locale.ROOT, "model, churnFlagged (p >= %.3f)", threshold),
        scored,
        churnedOn,
        atThreshold);
    Set<Scored> red = flagRed(scored, env);
    report("health scorecard band red", scored, churnedOn, red);
    Set<Scored> either = new HashSet<>(red);
    either.addAll(atThreshold);
    report("band red or churnFlagged", scored, churnedOn, either);
  }

  private static Set<Scored> flagTop(
      List<Scored> scored, double share, java.util.function.ToDoubleFunction<Scored> risk) {
    Set<Scored> flagged = new HashSet<>();
    Map<LocalDate, List<Scored>> bySnapshot = new HashMap<>();
    scored.forEach(s -> bySnapshot.computeIfAbsent(s.snapshot(), d -> new ArrayList<>()).add(s));
    for (List<Scored> group : bySnapshot.values()) {
      group.sort(Comparator.comparingDouble(risk).reversed());
      flagged.addAll(group.subList(0, (int) Math.ceil(group.size() * share)));
    }
    return flagged;
  }

  private static Set<Scored> flagRed(List<Scored> scored, SandboxEnvironment env) {
    double redBelow =
        env.jdbc()
            .queryForObject(
                "select min(health_score) from mart.customer_health_daily where band <> 'red'",
                Double.class);
    Set<Scored> flagged = new HashSet<>();
    for (Scored s : scored) {
      if (s.health() < redBelow) {
        flagged.add(s);
      }
    }
    return flagged;
  }

  /**
   * A churner counts as caught when some snapshot between 90 and 30 days before the churn flagged
   * them; precision is the share of flags whose customer churned within 90 days.
   */
  private static void report(
      String name, List<Scored> scored, Map<String, LocalDate> churnedOn, Set<Scored> flagged) {
    Set<String> churners = new HashSet<>();
    Set<String> caught = new HashSet<>();
    for (Scored s : scored) {
      LocalDate c = churnedOn.get(s.customer());
      if (c == null || !s.label()) {
        continue;
      }
      churners.add(s.customer());
      long lead = c.toEpochDay() - s.snapshot().toEpochDay();
      if (flagged.contains(s) && lead >= LEAD) {
        caught.add(s.customer());
      }
    }
    long truePositive = flagged.stream().filter(Scored::label).count();
    out.printf(
        Locale.ROOT,
        "  %-38s %5.1f%%   %6.1f%%     %5.1f%%%n",
        name,
        100.0 * caught.size() / Math.max(1, churners.size()),
        100.0 * truePositive / Math.max(1, flagged.size()),
        100.0 * flagged.size() / scored.size());
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
