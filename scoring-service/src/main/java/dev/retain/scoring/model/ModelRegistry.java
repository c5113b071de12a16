package dev.retain.scoring.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Model versions on disk: one directory per version under a root, plus which one is active.
 *
 * <pre>
 * ROOT/v0001/model.tribuo        Tribuo model (protobuf, carries its provenance)
 *           provenance.txt       the same provenance, readable
 *           schema.json          FeatureSchema
 *           calibration.json     Calibrator
 *           evaluation.json      every candidate's cross-validated evaluation
 *           manifest.json        ModelVersion: data SHA-256, label, chosen learner, headline metrics
 * ROOT/ACTIVE                    the active version id
 * ROOT/HISTORY                   activations, oldest first (rollback pops the last)
 * </pre>
 *
 * Thread-safe within one JVM (methods are synchronized; files are replaced atomically).
 */
public final class ModelRegistry {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Path root;
  private final Clock clock;

  /** Where the training data came from, for the manifest. */
  public record TrainingSource(String name, String sha256, DatasetSpec spec) {
    public TrainingSource {
      requireNonNull(name, "name");
      requireNonNull(sha256, "sha256");
      requireNonNull(spec, "spec");
    }
  }

  /** What a stored version is, as kept in {@code manifest.json}. */
  public record ModelVersion(
      String version,
      String createdAt,
      String candidate,
      String explanation,
      String dataName,
      String dataSha256,
      DatasetSpec spec,
      int rows,
      int positives,
      String validation,
      double cvRocAuc,
      double calibratedEce,
      double calibratedLogLoss,
      String calibration,
      double threshold,
      double trainingSeconds) {}

  public ModelRegistry(Path root, Clock clock) {
    this.root = requireNonNull(root, "root");
    this.clock = requireNonNull(clock, "clock");
  }

  public ModelRegistry(Path root) {
    this(root, Clock.systemUTC());
  }

  public Path root() {
    return root;
  }

  /** Stores a training result as a new version (not activated) and returns its manifest. */
  public synchronized ModelVersion save(
      ChurnTrainer.Result result, TrainingSource source, TrainingOptions options) {
    try {
      Files.createDirectories(root);
      Path dir;
      String version;
      int next =
          versions().stream().mapToInt(v -> Integer.parseInt(v.substring(1))).max().orElse(0);
      while (true) {
        next++;
        version = String.format("v%04d", next);
        dir = root.resolve(version);
        try {
          Files.createDirectory(dir);
          break;
        } catch (FileAlreadyExistsException e) {
          // another process took it: try the next number
        }
      }
      ChurnModel model = result.model();
      model.tribuoModel().serializeToFile(dir.resolve("model.tribuo"));
      Files.writeString(
          dir.resolve("provenance.txt"), model.tribuoModel().getProvenance().toString());
      JSON.writeValue(dir.resolve("schema.json").toFile(), model.schema());
      JSON.writeValue(dir.resolve("calibration.json").toFile(), model.calibrator());
      JSON.writeValue(dir.resolve("evaluation.json").toFile(), evaluationJson(result));
      ChurnTrainer.CandidateResult chosen = result.chosenResult();
      ModelVersion manifest =
          new ModelVersion(
              version,
              clock.instant().toString(),
              model.candidate(),
              model.explanationMethod(),
              source.name(),
              source.sha256(),
              source.spec(),
              result.rows(),
              result.positives(),
              result.validation(),
              chosen.cvRocAuc(),
              chosen.calibrated().calibration().ece(),
              chosen.calibrated().logLoss(),
              model.calibrator().method().name().toLowerCase(),
              model.threshold(),
              result.trainingSeconds());
      JSON.writeValue(dir.resolve("manifest.json").toFile(), manifest);
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("could not store the model under " + root, e);
    }
  }

  /** The JSON form of a training result: validation, candidates and the choice (no model). */
  public static ObjectNode evaluationJson(ChurnTrainer.Result result) {
    ObjectNode node = JSON.createObjectNode();
    node.put("validation", result.validation());
    node.put("rows", result.rows());
    node.put("positives", result.positives());
    node.put("chosen", result.chosen());
    node.put("explanation", result.model().explanationMethod());
    node.put("trainingSeconds", result.trainingSeconds());
    node.set("chosenEvaluation", JSON.valueToTree(result.chosenResult()));
    node.set("calibrator", JSON.valueToTree(result.model().calibrator()));
    node.set("candidates", JSON.valueToTree(ChurnTrainer.ranked(result.candidates())));
    List<String> imputed = new ArrayList<>();
    for (FeatureSchema.NumericColumn n : result.model().schema().numeric()) {
      if (n.blanks() > 0) {
        imputed.add(
            n.name() + ": " + n.blanks() + " blank values imputed with median " + n.median());
      }
    }
    node.set("imputed", JSON.valueToTree(imputed));
    return node;
  }

  /** Version ids, oldest first. */
  public synchronized List<String> versions() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(p -> Files.isRegularFile(p.resolve("manifest.json")))
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("v\\d{4,}"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every version's manifest, oldest first. */
  public synchronized List<ModelVersion> list() {
    return versions().stream().map(this::show).toList();
  }

  /** One version's manifest. */
  public synchronized ModelVersion show(String version) {
    return readJson(dir(version).resolve("manifest.json"), ModelVersion.class);
  }

  /** One version's evaluation (every candidate) as JSON. */
  public synchronized JsonNode evaluation(String version) {
    return readJson(dir(version).resolve("evaluation.json"), JsonNode.class);
  }

  /** Loads a stored version. */
  public synchronized ChurnModel load(String version) {
    return loadDirectory(dir(version));
  }

  /** Loads a version directory directly (as the CLI's {@code --model DIR} does). */
  public static ChurnModel loadDirectory(Path dir) {
    try {
      ModelVersion manifest = readJson(dir.resolve("manifest.json"), ModelVersion.class);
      FeatureSchema schema = readJson(dir.resolve("schema.json"), FeatureSchema.class);
      Calibrator calibrator = readJson(dir.resolve("calibration.json"), Calibrator.class);
      @SuppressWarnings("unchecked")
      Model<Label> model = (Model<Label>) Model.deserializeFromFile(dir.resolve("model.tribuo"));
      return new ChurnModel(schema, model, calibrator, manifest.candidate(), manifest.threshold());
    } catch (IOException e) {
      throw new UncheckedIOException("could not load the model in " + dir, e);
    }
  }

  /** Makes a version the active one. */
  public synchronized void activate(String version) {
    dir(version);
    List<String> history = new ArrayList<>(history());
    history.add(version);
    writeAtomically(root.resolve("HISTORY"), String.join("\n", history) + "\n");
    writeAtomically(root.resolve("ACTIVE"), version + "\n");
  }

  /** The active version, if any. */
  public synchronized Optional<String> active() {
    Path file = root.resolve("ACTIVE");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String v = Files.readString(file).trim();
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The active model, if any. */
  public synchronized Optional<ChurnModel> activeModel() {
    return active().map(this::load);
  }

  /**
   * Re-activates the version that was active before the current one and returns it.
   *
   * @throws IllegalStateException when there is no earlier activation
   */
  public synchronized String rollback() {
    List<String> history = new ArrayList<>(history());
    String current = active().orElseThrow(() -> new IllegalStateException("no active model"));
    while (!history.isEmpty() && history.get(history.size() - 1).equals(current)) {
      history.remove(history.size() - 1);
    }
    if (history.isEmpty()) {
      throw new IllegalStateException("no earlier version to roll back to from " + current);
    }
    String previous = history.get(history.size() - 1);
    writeAtomically(root.resolve("HISTORY"), String.join("\n", history) + "\n");
    writeAtomically(root.resolve("ACTIVE"), previous + "\n");
    return previous;
  }

  private List<String> history() {
    Path file = root.resolve("HISTORY");
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path dir(String version) {
    requireNonNull(version, "version");
    if (!version.matches("v\\d{4,}")
        || !Files.isRegularFile(root.resolve(version).resolve("manifest.json"))) {
      throw new UnknownModelVersionException(version);
    }
    return root.resolve(version);
  }

  private void writeAtomically(Path file, String content) {
    try {
      Files.createDirectories(root);
      Path tmp = Files.createTempFile(root, ".tmp", null);
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T readJson(Path file, Class<T> type) {
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  /** SHA-256 of a file's bytes, hex. */
  public static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** No such model version. */
  public static final class UnknownModelVersionException extends RuntimeException {
    private final String version;

    public UnknownModelVersionException(String version) {
      super("no model version '" + version + "'");
      this.version = version;
    }

    public String version() {
      return version;
    }
  }
}
