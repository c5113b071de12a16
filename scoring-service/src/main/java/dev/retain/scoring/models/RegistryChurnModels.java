package dev.retain.scoring.models;

import dev.retain.scoring.model.ChurnModel;
import dev.retain.scoring.model.ChurnScore;
import dev.retain.scoring.model.ChurnTrainer;
import dev.retain.scoring.model.DatasetSpec;
import dev.retain.scoring.model.FeatureSchema;
import dev.retain.scoring.model.ModelRegistry;
import dev.retain.scoring.model.ModelRegistry.ModelVersion;
import dev.retain.scoring.model.ModelRegistry.UnknownModelVersionException;
import dev.retain.scoring.model.Table;
import dev.retain.scoring.model.TrainingOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@link ChurnModels} on the churn-model core: its on-disk {@link ModelRegistry} and {@link
 * ChurnTrainer}. The active model is loaded once per activation and cached.
 */
final class RegistryChurnModels implements ChurnModels {

  /** The date column of the routes app's training-set export. */
  static final String SNAPSHOT_DATE = "snapshot_date";

  private final ModelRegistry registry;
  private volatile Loaded loaded;
  private volatile long checkedAt;

  /** How often the active version is re-read from the registry: 5 s. */
  static final long RECHECK_NANOS = 5_000_000_000L;

  /** No model active. */
  private static final Loaded NONE = new Loaded(null, null, Set.of(), Set.of());

  private record Loaded(
      String version, ChurnModel model, Set<String> numericColumns, Set<String> categoricalColumns)
      implements ChurnPredictor {

    Loaded(String version, ChurnModel model) {
      this(
          version,
          model,
          names(model.schema().numeric().stream().map(FeatureSchema.NumericColumn::name)),
          names(model.schema().categorical().stream().map(FeatureSchema.CategoricalColumn::name)));
    }

    private static Set<String> names(Stream<String> names) {
      Set<String> set = new LinkedHashSet<>();
      names.forEach(set::add);
      return Collections.unmodifiableSet(set);
    }

    @Override
    public String explanation() {
      return model.explanationMethod();
    }

    @Override
    public List<ChurnEstimate> estimate(List<Map<String, Object>> customers, int drivers) {
      double threshold = model.threshold();
      List<ChurnEstimate> out = new ArrayList<>(customers.size());
      for (ChurnScore score : model.scores(customers, drivers > 0)) {
        List<Driver> top = new ArrayList<>(Math.min(drivers, score.drivers().size()));
        for (ChurnScore.Driver d : score.top(drivers)) {
          top.add(new Driver(d.name(), d.value(), d.contribution()));
        }
        out.add(
            new ChurnEstimate(
                score.probability(),
                Double.isNaN(threshold) ? null : score.probability() >= threshold,
                top,
                score.notes()));
      }
      return out;
    }
  }

  RegistryChurnModels(ModelRegistry registry) {
    this.registry = registry;
  }

  @Override
  public List<ModelInfo> list() {
    String active = registry.active().orElse(null);
    List<ModelVersion> all = new ArrayList<>(registry.list());
    List<ModelInfo> infos = new ArrayList<>(all.size());
    for (int i = all.size() - 1; i >= 0; i--) {
      infos.add(info(all.get(i), active, null));
    }
    return infos;
  }

  @Override
  public Optional<ModelInfo> find(String version) {
    try {
      ModelVersion manifest = registry.show(version);
      return Optional.of(info(manifest, registry.active().orElse(null), registry.load(version)));
    } catch (UnknownModelVersionException e) {
      return Optional.empty();
    }
  }

  @Override
  public ModelInfo train(TrainingData data) {
    Table table;
    try {
      table =
          Table.readCsv(
              new InputStreamReader(new ByteArrayInputStream(data.csv()), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new InvalidTrainingDataException("file", "cannot be read as CSV: " + e.getMessage());
    }
    if (!table.columns().contains(data.labelColumn())) {
      throw new InvalidTrainingDataException(
          "labelColumn", "no column '" + data.labelColumn() + "' in " + table.columns());
    }
    String date = data.dateColumn();
    if (date != null && !table.columns().contains(date)) {
      throw new InvalidTrainingDataException(
          "dateColumn", "no column '" + date + "' in " + table.columns());
    }
    if (date == null && table.columns().contains(SNAPSHOT_DATE)) {
      date = SNAPSHOT_DATE;
    }
    DatasetSpec spec =
        new DatasetSpec(
            data.labelColumn(),
            data.positiveValue(),
            data.idColumn(),
            new LinkedHashSet<>(data.dropColumns()),
            date);
    TrainingOptions options =
        TrainingOptions.defaults().withFolds(data.folds(), 1).withSeed(data.seed());
    if (!data.candidates().isEmpty()) {
      options = options.withCandidates(data.candidates());
    }
    ChurnTrainer.Result result = new ChurnTrainer(options).train(table, spec);
    ModelVersion saved =
        registry.save(
            result,
            new ModelRegistry.TrainingSource("upload.csv", sha256(data.csv()), spec),
            options);
    return info(saved, registry.active().orElse(null), null);
  }

  @Override
  public ModelInfo activate(String version) {
    try {
      registry.activate(version);
      loaded = null;
      return info(registry.show(version), version, null);
    } catch (UnknownModelVersionException e) {
      throw new ModelNotFoundException(version);
    }
  }

  @Override
  public ModelInfo rollback() {
    String version;
    try {
      version = registry.rollback();
    } catch (IllegalStateException e) {
      throw new ModelStateException(e.getMessage());
    }
    loaded = null;
    return info(registry.show(version), version, null);
  }

  /**
   * The active model. The registry's choice is re-read at most every {@link #RECHECK_NANOS} (and at
   * once after an activation or rollback through this service), so that scoring does not read a
   * file per request while a version activated by another process is still picked up.
   */
  @Override
  public Optional<ChurnPredictor> active() {
    Loaded current = loaded;
    long now = System.nanoTime();
    if (current != null && now - checkedAt < RECHECK_NANOS) {
      return current.model() == null ? Optional.empty() : Optional.of(current);
    }
    synchronized (this) {
      Optional<String> version = registry.active();
      current = loaded;
      if (version.isEmpty()) {
        current = NONE;
      } else if (current == null || !version.get().equals(current.version())) {
        current = new Loaded(version.get(), registry.load(version.get()));
      }
      loaded = current;
      checkedAt = now;
    }
    return current.model() == null ? Optional.empty() : Optional.of(current);
  }

  private static ModelInfo info(ModelVersion v, String active, ChurnModel model) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("cvRocAuc", v.cvRocAuc());
    metrics.put("calibratedEce", v.calibratedEce());
    metrics.put("calibratedLogLoss", v.calibratedLogLoss());
    metrics.put("threshold", v.threshold());
    List<ModelInfo.Feature> features = new ArrayList<>();
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("candidate", v.candidate());
    provenance.put("explanation", v.explanation());
    provenance.put("data", v.dataName());
    provenance.put("rows", v.rows());
    provenance.put("positives", v.positives());
    provenance.put("validation", v.validation());
    provenance.put("calibration", v.calibration());
    provenance.put("trainingSeconds", v.trainingSeconds());
    if (model != null) {
      FeatureSchema schema = model.schema();
      schema.numeric().forEach(c -> features.add(new ModelInfo.Feature(c.name(), "numeric")));
      schema
          .categorical()
          .forEach(c -> features.add(new ModelInfo.Feature(c.name(), "categorical")));
      provenance.put("tribuo", model.tribuoModel().getProvenance().toString());
    }
    return new ModelInfo(
        v.version(),
        v.version().equals(active),
        Instant.parse(v.createdAt()),
        v.candidate(),
        v.spec() == null ? null : v.spec().label(),
        metrics,
        v.dataSha256(),
        features,
        provenance);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
