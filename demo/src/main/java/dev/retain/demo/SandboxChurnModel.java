package dev.retain.demo;

import dev.retain.routes.score.ModelTraining;
import dev.retain.scoring.model.ModelRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The sandbox's churn model: trained by the routes app's {@code train-model} on the warehouse's own
 * history, stored in the scoring-service registry under the data dir, so it survives between runs.
 * The demo and the end-to-end test train it the same way.
 */
public final class SandboxChurnModel {
  /** The learners the demo tries unless told otherwise. */
  public static final String DEFAULT_CANDIDATES = "logistic-regression,xgboost";

  /** Days of history a snapshot needs behind it (features look back 60 days, with margin). */
  static final int OLDEST_SNAPSHOT_DAYS = 270;

  /** The label horizon; a snapshot is usable once these days after it have passed. */
  static final int HORIZON_DAYS = 90;

  private SandboxChurnModel() {}

  /**
   * {@code train-model}'s options for the sandbox as of a day: snapshots every two weeks from 270
   * to 91 days back, so that every 90-day label window has passed, and the model activated.
   */
  public static Map<String, String> trainModelOptions(
      LocalDate asOf, String candidates, Duration timeout) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("--from", asOf.minusDays(OLDEST_SNAPSHOT_DAYS).toString());
    options.put("--to", asOf.minusDays(HORIZON_DAYS + 1).toString());
    options.put("--step", "P2W");
    options.put("--horizon-days", Integer.toString(HORIZON_DAYS));
    options.put("--candidates", candidates);
    options.put("--timeout", timeout.toString());
    options.put("--activate", "true");
    return options;
  }

  /** The active model's manifest in the environment's registry, if a model is active. */
  public static Optional<ModelRegistry.ModelVersion> active(SandboxEnvironment env) {
    ModelRegistry registry = new ModelRegistry(env.modelsDir());
    return registry.active().map(registry::show);
  }

  /**
   * Trains a model as {@code train-model} does (same options, same code path), activates it and
   * returns its manifest.
   *
   * @param progress the command's progress lines (the training set, the job)
   * @throws ModelTraining.Failure when no model came out of it, saying why
   */
  public static ModelRegistry.ModelVersion train(
      SandboxEnvironment env, String candidates, Duration timeout, Consumer<String> progress) {
    ModelTraining training = env.routes().getBean(ModelTraining.class);
    ModelTraining.Outcome outcome =
        training.train(
            ModelTraining.request(trainModelOptions(env.asOf(), candidates, timeout)), progress);
    return new ModelRegistry(env.modelsDir()).show(outcome.modelVersion());
  }

  /** "v0001 (xgboost): cross-validated ROC AUC 0.871, trained in 9.8 s on 4,120 rows (…)". */
  public static String describe(ModelRegistry.ModelVersion model) {
    return String.format(
        Locale.ROOT,
        "%s (%s): cross-validated ROC AUC %.3f, trained in %.1f s on %,d rows (%,d churned)",
        model.version(),
        model.candidate(),
        model.cvRocAuc(),
        model.trainingSeconds(),
        model.rows(),
        model.positives());
  }
}
