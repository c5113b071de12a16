package dev.retain.scoring.models;

import java.util.List;
import java.util.Optional;

/**
 * What the model endpoints need from the churn-model core (package {@code
 * dev.retain.scoring.model}): its registry of trained versions, its trainer and the active model.
 * The core provides the implementation as a bean; without one, the model endpoints answer 501 and
 * scores carry no churn probability.
 */
public interface ChurnModels {

  /** Every stored version, newest first. */
  List<ModelInfo> list();

  /** One stored version. */
  Optional<ModelInfo> find(String version);

  /**
   * Trains candidates on a labelled dataset, evaluates them and stores the chosen model as a new
   * version, not active. Blocks until done; the service runs it as a job.
   *
   * @throws InvalidTrainingDataException when the data cannot be trained on, naming the field
   */
  ModelInfo train(TrainingData data);

  /**
   * Makes a version the active one.
   *
   * @throws ModelNotFoundException when there is no such version
   */
  ModelInfo activate(String version);

  /**
   * Re-activates the version that was active before the current one.
   *
   * @throws ModelStateException when there is none
   */
  ModelInfo rollback();

  /** The active model, if any. */
  Optional<ChurnPredictor> active();
}
