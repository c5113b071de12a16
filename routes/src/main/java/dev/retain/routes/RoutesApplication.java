package dev.retain.routes;

import dev.retain.connectors.spi.CheckResult;
import dev.retain.routes.score.ModelTraining;
import dev.retain.routes.sources.ConnectionCheck;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The routes app: Camel routes that pull from the configured sources, unify customers, compute
 * features, score them through scoring-service, publish the mart and act on risk.
 *
 * <p>{@code java -jar retain-routes.jar} runs the app (syncs on the configured schedule); {@code
 * java -jar retain-routes.jar check} tests every connection and exits non-zero if one fails; {@code
 * export-training-set} writes a labelled point-in-time training set (see {@link
 * #exportTrainingSet}); {@code train-model} trains a churn model on it in scoring-service (see
 * {@link #trainModel}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RoutesApplication {

  public static void main(String[] args) throws java.io.IOException {
    if (args.length > 0 && args[0].equals("check")) {
      System.exit(check(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    if (args.length > 0 && args[0].equals("export-training-set")) {
      System.exit(exportTrainingSet(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    if (args.length > 0 && args[0].equals("train-model")) {
      System.exit(trainModel(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    SpringApplication.run(RoutesApplication.class, args);
  }

  /**
   * {@code export-training-set --from 2025-01-01 --to 2025-12-01 [--step P1M] [--horizon-days 90]
   * --out training.csv [spring options]}: point-in-time snapshots with churn labels, for training
   * the churn model.
   */
  static int exportTrainingSet(String[] args) throws java.io.IOException {
    java.util.Map<String, String> options = new java.util.HashMap<>();
    java.util.List<String> rest = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--from", "--to", "--step", "--horizon-days", "--out" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
          }
          options.put(args[i], args[++i]);
        }
        default -> rest.add(args[i]);
      }
    }
    for (String required : List.of("--from", "--to", "--out")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("export-training-set needs " + required);
      }
    }
    SpringApplication app = new SpringApplication(RoutesApplication.class);
    app.setDefaultProperties(java.util.Map.of("retain.sync.scheduled", "false"));
    try (ConfigurableApplicationContext context = app.run(rest.toArray(String[]::new))) {
      var summary =
          context
              .getBean(dev.retain.routes.features.TrainingSetExport.class)
              .export(
                  java.time.LocalDate.parse(options.get("--from")),
                  java.time.LocalDate.parse(options.get("--to")),
                  java.time.Period.parse(options.getOrDefault("--step", "P1M")),
                  Integer.parseInt(options.getOrDefault("--horizon-days", "90")),
                  java.nio.file.Path.of(options.get("--out")));
      System.out.printf(
          "%d rows (%d positive) over %d snapshots written to %s%n",
          summary.rows(), summary.positives(), summary.snapshots(), options.get("--out"));
      return 0;
    }
  }

  /**
   * {@code train-model --from 2025-01-01 --to 2025-12-01 [--step P1M] [--horizon-days 90] [--out
   * training.csv] [--candidates logistic-regression,xgboost] [--timeout PT30M] [--activate] [spring
   * options]}: exports the training set, trains a churn model on it in scoring-service, prints the
   * model's version and metrics and, with {@code --activate}, makes it the active model. Exits 1
   * when training fails, times out or scoring-service cannot be reached.
   */
  static int trainModel(String[] args) {
    java.util.Map<String, String> options = new java.util.HashMap<>();
    java.util.List<String> rest = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--activate")) {
        options.put(args[i], "true");
      } else if (ModelTraining.VALUE_OPTIONS.contains(args[i])) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        options.put(args[i], args[++i]);
      } else {
        rest.add(args[i]);
      }
    }
    ModelTraining.request(options); // refuses missing or invalid options before starting up
    SpringApplication app = new SpringApplication(RoutesApplication.class);
    app.setDefaultProperties(java.util.Map.of("retain.sync.scheduled", "false"));
    try (ConfigurableApplicationContext context = app.run(rest.toArray(String[]::new))) {
      return context.getBean(ModelTraining.class).command(options, System.out, System.err);
    }
  }

  static int check(String[] args) {
    SpringApplication app = new SpringApplication(RoutesApplication.class);
    app.setDefaultProperties(java.util.Map.of("retain.sync.scheduled", "false"));
    try (ConfigurableApplicationContext context = app.run(args)) {
      List<CheckResult> results = context.getBean(ConnectionCheck.class).checkAll();
      boolean ok = true;
      for (CheckResult r : results) {
        System.out.printf("%-12s %s  %s%n", r.system(), r.ok() ? "OK    " : "FAILED", r.message());
        ok &= r.ok();
      }
      return ok ? 0 : 1;
    }
  }
}
