package dev.retain.demo;

import dev.retain.routes.ingest.SyncProgress.StreamCounts;
import dev.retain.routes.score.ModelTraining;
import dev.retain.routes.sync.RunReport;
import dev.retain.scoring.model.ModelRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The demo: a sandboxed company through the whole pipeline, then a summary. Each run moves the
 * sandbox clock one day on, so a second run pulls only what changed. After the first sync, when no
 * churn model is active yet, one is trained on the warehouse's history and activated, and the day
 * is scored and acted on again with it; later runs keep that model.
 *
 * <pre>
 * --accounts N      size of the sandbox company (100..100000, default 2000)
 * --seed N          generator seed (default 42)
 * --data-dir DIR    where the warehouse and state live between runs (default .retain/demo)
 * --reset           start over: a new warehouse and the first sandbox day
 * --keep-running    leave everything up for inspection until Ctrl-C
 * --candidates L    learners the churn model tries (default logistic-regression,xgboost)
 * --no-model        train no churn model (one already active stays active)
 * --scoring-jar F   the scoring-service runnable jar
 * </pre>
 */
public final class DemoMain {
  private static final PrintStream out = System.out;

  /** How long the demo waits for the churn model's training job. */
  private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(30);

  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    Args a = Args.parse(args);
    if (a.reset) {
      deleteTree(a.dataDir);
    }
    Files.createDirectories(a.dataDir);
    Properties state = loadState(a.dataDir);
    String size = a.accounts + "/" + a.seed;
    if (state.containsKey("company") && !size.equals(state.getProperty("company"))) {
      throw new IllegalArgumentException(
          "the data in "
              + a.dataDir
              + " is of a company of "
              + state.getProperty("company")
              + " (accounts/seed); add --reset to start over with "
              + size);
    }
    int day = Integer.parseInt(state.getProperty("nextDay", "0"));
    out.printf(
        "Retain demo: a sandbox company of %,d accounts, day %d (as of %s)%n",
        a.accounts, day, SandboxEnvironment.ANCHOR.plusDays(day));
    long started = System.nanoTime();
    try (SandboxEnvironment env =
        SandboxEnvironment.start(
            new SandboxEnvironment.Options(a.accounts, a.seed, a.dataDir, day, a.scoringJar))) {
      out.println("sandbox, warehouse, scoring-service and routes are up; syncing...");
      RunReport report = env.sync();
      ModelStep model = churnModel(env, a);
      printSummary(env, report, model);
      state.setProperty("company", size);
      state.setProperty("nextDay", Integer.toString(day + 1));
      saveState(a.dataDir, state);
      out.printf(
          Locale.ROOT,
          "%nDone in %.1f s. Run again to sync the next day incrementally.%n",
          (System.nanoTime() - started) / 1e9);
      if (a.keepRunning) {
        out.println("\nEverything keeps running for inspection (Ctrl-C stops it):");
        env.endpoints().forEach((name, url) -> out.printf("  %-18s %s%n", name, url));
        out.println(
            "  warehouse          "
                + ((com.zaxxer.hikari.HikariDataSource) env.dataSource()).getJdbcUrl()
                + " (user postgres, password postgres)");
        new CountDownLatch(1).await();
      }
    }
    System.exit(0);
  }

  /**
   * What the demo did about the churn model.
   *
   * @param model the active model in a line, null when none is active
   * @param status what became of it on this run
   * @param rescored the score and act run after activating a new model, null when none ran
   */
  record ModelStep(String model, String status, RunReport rescored) {}

  /**
   * Keeps the active churn model, or trains and activates one (unless --no-model) and scores and
   * acts on the day again with it.
   */
  static ModelStep churnModel(SandboxEnvironment env, Args a) throws Exception {
    Optional<ModelRegistry.ModelVersion> active = SandboxChurnModel.active(env);
    if (active.isPresent()) {
      return new ModelStep(
          SandboxChurnModel.describe(active.get()),
          "active since an earlier run; not retrained",
          null);
    }
    if (a.noModel()) {
      return new ModelStep(null, "none (--no-model): scores carry no churn probability", null);
    }
    out.println(
        "\ntraining a churn model on the warehouse's history (candidates "
            + a.candidates()
            + ")...");
    ModelRegistry.ModelVersion model;
    try {
      model =
          SandboxChurnModel.train(
              env,
              a.candidates(),
              TRAINING_TIMEOUT,
              // the export logs the training set already; the job lines say what it waits on
              line -> {
                if (!line.startsWith("training set:")) {
                  out.println("  " + line);
                }
              });
    } catch (ModelTraining.Failure e) {
      out.println("  " + e.getMessage());
      return new ModelStep(
          null, "none: training failed (see above); scores carry no churn probability", null);
    }
    out.println(
        "  model "
            + model.version()
            + " is active; scoring and acting on the day again with it...");
    return new ModelStep(
        SandboxChurnModel.describe(model),
        "trained on this run (candidates " + a.candidates() + "); active",
        env.rescore());
  }

  static void printSummary(SandboxEnvironment env, RunReport report, ModelStep model) {
    var jdbc = env.jdbc();
    out.println("\n== Records pulled, by source stream ==");
    long total = 0;
    for (Map.Entry<String, StreamCounts> e : report.streams().entrySet()) {
      StreamCounts c = e.getValue();
      total += c.records();
      out.printf(
          "  %-26s %,10d records  %,5d pages  %,4d rejected%s%n",
          e.getKey(),
          c.records(),
          c.pages(),
          c.rejected(),
          c.error() == null ? "" : "  FAILED: " + c.error());
    }
    out.printf("  %-26s %,10d records%n", "total", total);

    IdentityEvaluation identity = IdentityEvaluation.evaluate(jdbc, env.company().truth());
    Integer unmatched = jdbc.queryForObject("select count(*) from core.unmatched", Integer.class);
    out.println("\n== Customers unified ==");
    out.printf(
        Locale.ROOT,
        "  %,d customers from %,d identity records; %,d records unmatched (see core.unmatched)%n",
        report.unify().customers(),
        identity.records(),
        unmatched);
    out.printf(
        Locale.ROOT,
        "  identity precision %.4f, recall %.4f (pairwise, against the" + " sandbox's truth)%n",
        identity.precision(),
        identity.recall());

    RunReport scored = model.rescored() != null ? model.rescored() : report;
    out.println("\n== Customers per health band (as of " + report.asOf() + ") ==");
    for (String band : List.of("green", "yellow", "red")) {
      out.printf("  %-7s %,6d%n", band, scored.score().bands().getOrDefault(band, 0));
    }

    out.println("\n== Churn model (probability of churning within 90 days) ==");
    if (model.model() != null) {
      out.println("  " + model.model());
    }
    out.println("  " + model.status());

    out.println("\n== The ten most at-risk customers ==");
    out.printf("  %-9s %-32s %6s %10s %14s%n", "customer", "name", "health", "churn 90d", "ARR");
    jdbc.query(
        "select h.customer_id, c.name, h.health_score, c.arr, h.churn_probability,"
            + " (select string_agg(d.reason, '; ' order by d.contribution) from"
            + "  (select * from mart.score_drivers d where d.customer_id = h.customer_id"
            + "   and d.as_of = h.as_of and d.contribution < 0 order by d.contribution limit 3) d),"
            // the strongest driver that raises the churn risk, else the strongest one
            + " (select d.reason from mart.churn_drivers d where d.customer_id = h.customer_id"
            + "  and d.as_of = h.as_of order by d.contribution > 0 desc, d.rank limit 1)"
            + " from mart.customer_health_daily h join mart.customers c"
            + " on c.customer_id = h.customer_id where h.as_of = ? and c.status = 'active'"
            + " order by h.health_score, h.customer_id limit 10",
        rs -> {
          java.math.BigDecimal arr = rs.getBigDecimal(4);
          double churn = rs.getDouble(5);
          boolean hasChurn = !rs.wasNull();
          out.printf(
              Locale.ROOT,
              "  %-9s %-32s %6.1f %10s %14s%n",
              rs.getString(1),
              abbreviate(rs.getString(2), 32),
              rs.getDouble(3),
              hasChurn ? percent(churn) : "-",
              arr == null ? "unknown" : String.format(Locale.ROOT, "%,.0f", arr));
          String reasons = rs.getString(6);
          out.printf("  %-9s health: %s%n", "", reasons == null ? "no reason below par" : reasons);
          if (rs.getString(7) != null) {
            out.printf("  %-9s churn:  %s%n", "", rs.getString(7));
          }
        },
        report.asOf());

    var act = report.act();
    out.println("\n== Risk tickets in Jira ==");
    out.printf(
        "  opened %d, updated %d, unchanged %d, resolved %d, reopened %d;"
            + " %d open in project %s%n",
        act.opened(),
        act.updated(),
        act.unchanged(),
        act.resolved(),
        act.reopened(),
        env.jira().issues().stream().filter(i -> !"done".equals(i.statusCategory())).count(),
        SandboxEnvironment.JIRA_PROJECT);
    if (model.rescored() != null) {
      var again = model.rescored().act();
      out.printf(
          "  then, with the churn model's prediction: updated %d, unchanged %d, opened %d,"
              + " resolved %d%n",
          again.updated(), again.unchanged(), again.opened(), again.resolved());
    }
  }

  /** A probability as the risk tickets word it: "37%", and "<1%" or ">99%" rather than 0 or 100. */
  private static String percent(double p) {
    double percent = 100 * p;
    return percent > 0 && percent < 1
        ? "<1%"
        : percent > 99 && percent < 100 ? ">99%" : String.format(Locale.ROOT, "%.0f%%", percent);
  }

  private static String abbreviate(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static Properties loadState(Path dir) throws IOException {
    Properties p = new Properties();
    Path file = dir.resolve("demo-state.properties");
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      }
    }
    return p;
  }

  private static void saveState(Path dir, Properties p) throws IOException {
    try (OutputStream o = Files.newOutputStream(dir.resolve("demo-state.properties"))) {
      p.store(o, "Retain demo state: the next sandbox day to sync");
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The command line. */
  record Args(
      int accounts,
      long seed,
      Path dataDir,
      boolean reset,
      boolean keepRunning,
      Path scoringJar,
      String candidates,
      boolean noModel) {
    static Args parse(String[] args) {
      int accounts = 2000;
      long seed = 42;
      Path dataDir = Path.of(".retain", "demo");
      boolean reset = false;
      boolean keep = false;
      String candidates = SandboxChurnModel.DEFAULT_CANDIDATES;
      boolean noModel = false;
      Path jar =
          Path.of(
              System.getProperty(
                  "retain.scoring.jar",
                  "scoring-service/target/retain-scoring-service-0.1.0-SNAPSHOT-exec.jar"));
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--accounts" -> accounts = Integer.parseInt(value(args, ++i, "--accounts"));
          case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
          case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
          case "--scoring-jar" -> jar = Path.of(value(args, ++i, "--scoring-jar"));
          case "--reset" -> reset = true;
          case "--keep-running" -> keep = true;
          case "--candidates" -> candidates = value(args, ++i, "--candidates").strip();
          case "--no-model" -> noModel = true;
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + args[i]
                      + "; known: --accounts N, --seed N, --data-dir DIR, --reset, --keep-running,"
                      + " --scoring-jar FILE, --candidates LEARNERS, --no-model");
        }
      }
      if (accounts < 100 || accounts > 100_000) {
        throw new IllegalArgumentException("--accounts must be 100..100000, got " + accounts);
      }
      if (candidates.isEmpty()) {
        throw new IllegalArgumentException("--candidates needs at least one learner");
      }
      return new Args(accounts, seed, dataDir, reset, keep, jar, candidates, noModel);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }
}
