package dev.retain.scoring.models;

import dev.retain.scoring.api.ModelsApi;
import dev.retain.scoring.api.model.ModelDetails;
import dev.retain.scoring.api.model.ModelFeature;
import dev.retain.scoring.api.model.ModelList;
import dev.retain.scoring.api.model.ModelSummary;
import dev.retain.scoring.api.model.TrainingJob;
import dev.retain.scoring.model.Candidate;
import dev.retain.scoring.web.RequestProblem;
import dev.retain.scoring.web.RequestProblem.FieldProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The model lifecycle over HTTP: list, show, train (as a job), activate, roll back. Each call goes
 * to the churn-model core's {@link ChurnModels}; when the build has none, the endpoints answer 501
 * rather than pretend.
 */
@RestController
class ModelsController implements ModelsApi {

  static final int DEFAULT_FOLDS = 5;
  static final long DEFAULT_SEED = 42;

  private final ObjectProvider<ChurnModels> models;
  private final TrainingJobs jobs;

  ModelsController(ObjectProvider<ChurnModels> models, TrainingJobs jobs) {
    this.models = models;
    this.jobs = jobs;
  }

  private ChurnModels core() {
    ChurnModels core = models.getIfAvailable();
    if (core == null) {
      throw RequestProblem.notImplemented(
          "This build of the service has no churn-model core: models cannot be listed, trained"
              + " or activated, and scores carry no churn probability");
    }
    return core;
  }

  @Override
  public ResponseEntity<ModelList> listModels() {
    List<ModelInfo> all = core().list();
    List<ModelSummary> summaries = new ArrayList<>(all.size());
    String active = null;
    for (ModelInfo model : all) {
      summaries.add(summary(model));
      if (model.active()) {
        active = model.version();
      }
    }
    return ResponseEntity.ok(new ModelList(summaries).activeVersion(active));
  }

  @Override
  public ResponseEntity<ModelDetails> getModel(String version) {
    ModelInfo model = core().find(version).orElseThrow(() -> notFound(version));
    List<ModelFeature> features = new ArrayList<>();
    for (ModelInfo.Feature f : model.features()) {
      features.add(new ModelFeature(f.name()).type(f.type()));
    }
    return ResponseEntity.ok(
        new ModelDetails(model.version(), model.active(), time(model.createdAt()))
            .algorithm(model.algorithm())
            .labelColumn(model.labelColumn())
            .metrics(new java.util.LinkedHashMap<>(model.metrics()))
            .trainingDataHash(model.trainingDataHash())
            .features(features)
            .provenance(new java.util.LinkedHashMap<>(model.provenance())));
  }

  @Override
  public ResponseEntity<TrainingJob> trainModel(
      MultipartFile file,
      String labelColumn,
      String positiveValue,
      String idColumn,
      String dropColumns,
      Integer folds,
      Long seed,
      String dateColumn,
      String candidates) {
    ChurnModels core = core();
    List<FieldProblem> errors = new ArrayList<>();
    if (file == null || file.isEmpty()) {
      errors.add(new FieldProblem("file", "must be a non-empty CSV file"));
    }
    if (labelColumn == null || labelColumn.isBlank()) {
      errors.add(new FieldProblem("labelColumn", "must not be blank"));
    }
    if (folds != null && (folds < 2 || folds > 20)) {
      errors.add(new FieldProblem("folds", "must be between 2 and 20 (was " + folds + ")"));
    }
    List<String> learners = commaSeparated(candidates);
    for (String learner : learners) {
      if (!Candidate.NAMES.contains(learner)) {
        errors.add(
            new FieldProblem(
                "candidates",
                "unknown learner '" + learner + "'; learners are " + Candidate.NAMES));
      }
    }
    if (!errors.isEmpty()) {
      throw RequestProblem.invalid("The training request is invalid; no job was started", errors);
    }
    byte[] csv;
    try {
      csv = file.getBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TrainingData data =
        new TrainingData(
            csv,
            labelColumn.strip(),
            positiveValue == null || positiveValue.isBlank() ? "Yes" : positiveValue.strip(),
            idColumn == null || idColumn.isBlank() ? null : idColumn.strip(),
            commaSeparated(dropColumns),
            folds == null ? DEFAULT_FOLDS : folds,
            seed == null ? DEFAULT_SEED : seed,
            dateColumn == null || dateColumn.isBlank() ? null : dateColumn.strip(),
            learners);
    TrainingJobs.Job job;
    try {
      job = jobs.submit(core, data);
    } catch (RejectedExecutionException e) {
      throw RequestProblem.unavailable(
          "Too many training jobs are waiting (at most "
              + TrainingJobs.MAX_QUEUED
              + "); try again when one has finished");
    }
    return ResponseEntity.accepted()
        .location(URI.create("/v1/training-jobs/" + job.id()))
        .body(dto(job));
  }

  @Override
  public ResponseEntity<TrainingJob> getTrainingJob(String id) {
    return jobs.find(id)
        .map(ModelsController::dto)
        .map(ResponseEntity::ok)
        .orElseThrow(
            () ->
                RequestProblem.notFound(
                    "There is no training job '" + id + "'",
                    List.of(new FieldProblem("id", "unknown training job"))));
  }

  @Override
  public ResponseEntity<ModelSummary> activateModel(String version) {
    ChurnModels core = core();
    try {
      return ResponseEntity.ok(summary(core.activate(version)));
    } catch (ModelNotFoundException e) {
      throw notFound(version);
    }
  }

  @Override
  public ResponseEntity<ModelSummary> rollbackModel() {
    ChurnModels core = core();
    try {
      return ResponseEntity.ok(summary(core.rollback()));
    } catch (ModelStateException e) {
      throw RequestProblem.conflict(
          "Nothing to roll back to: " + e.getMessage(),
          List.of(new FieldProblem("activeVersion", e.getMessage())));
    }
  }

  private static RequestProblem notFound(String version) {
    return RequestProblem.notFound(
        "There is no model version '" + version + "'",
        List.of(new FieldProblem("version", "unknown model version")));
  }

  private static ModelSummary summary(ModelInfo model) {
    return new ModelSummary(model.version(), model.active(), time(model.createdAt()))
        .algorithm(model.algorithm())
        .labelColumn(model.labelColumn())
        .metrics(new java.util.LinkedHashMap<>(model.metrics()));
  }

  private static TrainingJob dto(TrainingJobs.Job job) {
    return new TrainingJob(
            job.id(),
            TrainingJob.StatusEnum.fromValue(job.status().name().toLowerCase(Locale.ROOT)),
            time(job.submittedAt()))
        .startedAt(time(job.startedAt()))
        .finishedAt(time(job.finishedAt()))
        .modelVersion(job.modelVersion())
        .error(job.error());
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static List<String> commaSeparated(String value) {
    return value == null
        ? List.of()
        : Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
  }
}
