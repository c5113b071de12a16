package dev.retain.scoring.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.tree.ExtraTreesTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * A candidate learner: a Tribuo trainer (made from a seed) and the features it is given.
 *
 * @param linear true when the model's log-odds are linear in its features (exact explanations)
 */
public record Candidate(
    String name, String description, FeatureOptions features, boolean linear, Learner learner) {

  /** Fits a Tribuo model to a dataset with a seed. */
  @FunctionalInterface
  public interface Learner {
    Model<Label> fit(Dataset<Label> data, long seed);

    static Learner of(LongFunction<Trainer<Label>> trainer) {
      return (data, seed) -> trainer.apply(seed).train(data);
    }
  }

  public static final String LOGISTIC = "logistic-regression";
  public static final String RANDOM_FOREST = "random-forest";
  public static final String EXTRA_TREES = "extra-trees";
  public static final String XGBOOST = "xgboost";
  public static final String BLEND = "blend";

  public Candidate {
    requireNonNull(name, "name");
    requireNonNull(features, "features");
    requireNonNull(learner, "learner");
  }

  /** A candidate that cannot run here, with the reason. */
  public record Unavailable(String name, String reason) {}

  /** The candidates this machine can run, and the ones it cannot with why. */
  public record Roster(List<Candidate> available, List<Unavailable> unavailable) {}

  private static final LongFunction<Trainer<Label>> LOGISTIC_TRAINER =
      seed ->
          new LinearSGDTrainer(
              new LogMulticlass(), new AdaGrad(0.05, 0.1), 40, Integer.MAX_VALUE, 1, seed);

  private static final LongFunction<Trainer<Label>> XGBOOST_TRAINER =
      seed -> new XGBoostClassificationTrainer(500, 0.03, 0, 2, 5, 0.8, 0.8, 1, 0, 1, true, seed);

  /** The default roster; {@code only} (null = all) restricts it by name. */
  public static Roster defaults(List<String> only) {
    List<Candidate> available = new ArrayList<>();
    List<Unavailable> unavailable = new ArrayList<>();
    available.add(
        new Candidate(
            LOGISTIC,
            "logistic regression (Tribuo LinearSGDTrainer, log loss, AdaGrad 0.05, 40 epochs,"
                + " minibatch 1) on one-hot, standardised and expanded features",
            FeatureOptions.expanded(),
            true,
            Learner.of(LOGISTIC_TRAINER)));
    available.add(
        new Candidate(
            RANDOM_FOREST,
            "random forest (Tribuo RandomForestTrainer: 100 CART trees, depth 8, 30% of features"
                + " per split, min child weight 5, probabilities averaged)",
            FeatureOptions.basic(),
            false,
            Learner.of(
                seed ->
                    new RandomForestTrainer<>(
                        new CARTClassificationTrainer(
                            8, 5f, 0f, 0.3f, false, new GiniIndex(), seed),
                        new FullyWeightedVotingCombiner(),
                        100,
                        seed))));
    available.add(
        new Candidate(
            EXTRA_TREES,
            "extra trees (Tribuo ExtraTreesTrainer: 100 CART trees with random split points,"
                + " depth 10, 50% of features per split, min child weight 5)",
            FeatureOptions.basic(),
            false,
            Learner.of(
                seed ->
                    new ExtraTreesTrainer<>(
                        new CARTClassificationTrainer(
                            10, 5f, 0f, 0.5f, true, new GiniIndex(), seed),
                        new FullyWeightedVotingCombiner(),
                        100,
                        seed))));
    Optional<String> xgboostProblem = XGBoostSupport.problem();
    if (xgboostProblem.isEmpty()) {
      available.add(
          new Candidate(
              XGBOOST,
              "gradient boosting (Tribuo XGBoostClassificationTrainer: 500 trees, eta 0.03, depth"
                  + " 2, min child weight 5, subsample 0.8, column subsample 0.8, lambda 1)",
              FeatureOptions.basic(),
              false,
              Learner.of(XGBOOST_TRAINER)));
      available.add(
          new Candidate(
              BLEND,
              "blend: the logistic regression and the gradient boosting above, both on the"
                  + " expanded features, probabilities averaged (Tribuo WeightedEnsembleModel)",
              FeatureOptions.expanded(),
              false,
              (data, seed) ->
                  WeightedEnsembleModel.createEnsembleFromExistingModels(
                      "blend",
                      List.of(
                          LOGISTIC_TRAINER.apply(seed).train(data),
                          XGBOOST_TRAINER.apply(seed).train(data)),
                      new FullyWeightedVotingCombiner())));
    } else {
      unavailable.add(new Unavailable(XGBOOST, xgboostProblem.get()));
      unavailable.add(new Unavailable(BLEND, xgboostProblem.get()));
    }
    if (only != null && !only.isEmpty()) {
      for (String name : only) {
        if (available.stream().noneMatch(c -> c.name().equals(name))
            && unavailable.stream().noneMatch(u -> u.name().equals(name))) {
          throw new IllegalArgumentException(
              "unknown candidate '"
                  + name
                  + "'; candidates are "
                  + List.of(LOGISTIC, RANDOM_FOREST, EXTRA_TREES, XGBOOST, BLEND));
        }
      }
      available.removeIf(c -> !only.contains(c.name()));
      unavailable.removeIf(u -> !only.contains(u.name()));
    }
    return new Roster(available, unavailable);
  }

  /** The candidate of that name (for retraining a stored model's learner). */
  public static Candidate named(String name) {
    return defaults(List.of(name)).available().stream()
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(name + " is not available here"));
  }
}
