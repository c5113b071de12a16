package dev.retain.scoring.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Offline command line: {@code train} and {@code evaluate}. Prints JSON on standard output and
 * progress on standard error.
 */
public final class ChurnCli {

  static final String USAGE =
      """
      usage:
        train    --csv FILE --label COL --positive VALUE [--id COL] [--drop COL,...] [--date COL]
                 [--folds 5] [--repeats 1] [--seed 42] [--candidates NAME,...]
                 [--calibration platt|isotonic|none] [--threshold f1|cost:R|P] [--fold-file FILE]
                 --out REGISTRY_DIR [--activate]
        evaluate --csv FILE --model VERSION_DIR|REGISTRY_DIR [--label COL] [--positive VALUE]
                 [--threshold P (default: the model's stored one)] [--predictions FILE]
      candidates: logistic-regression, random-forest, extra-trees, xgboost, blend
      --threshold (train): f1 (default) = the F1-maximising threshold on the out-of-fold calibrated
        probabilities; cost:R = minimise false positives + R x false negatives there; P = fixed
      --fold-file: CSV with the id column and columns r0, r1, ... (fold of each row per repeat)
      """;

  /** Held so that the level set on it stays (loggers are weakly referenced). */
  private static final java.util.logging.Logger TRIBUO_LOG =
      java.util.logging.Logger.getLogger("org.tribuo");

  private ChurnCli() {}

  /** Whether the first argument names a CLI command. */
  public static boolean handles(String[] args) {
    return args.length > 0 && (args[0].equals("train") || args[0].equals("evaluate"));
  }

  /** Runs a command; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    try {
      Map<String, String> opts = parse(Arrays.copyOfRange(args, 1, args.length));
      return switch (args[0]) {
        case "train" -> train(opts, out, err);
        case "evaluate" -> evaluate(opts, out, err);
        default -> usage(err, "unknown command " + args[0]);
      };
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    } catch (Exception e) {
      err.println("error: " + e);
      return 1;
    }
  }

  private static int usage(PrintStream err, String message) {
    err.println("error: " + message);
    err.print(USAGE);
    return 2;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String key = args[i].substring(2);
      if (key.equals("activate")) {
        out.put(key, "true");
      } else if (i + 1 < args.length) {
        out.put(key, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + key + " needs a value");
      }
    }
    return out;
  }

  private static String required(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }

  private static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static int train(Map<String, String> opts, PrintStream out, PrintStream err)
      throws IOException {
    Path csv = Path.of(required(opts, "csv"));
    Path registryDir = Path.of(required(opts, "out"));
    DatasetSpec spec =
        new DatasetSpec(
            required(opts, "label"),
            required(opts, "positive"),
            opts.get("id"),
            new HashSet<>(list(opts.get("drop"))),
            opts.get("date"));
    Table table = Table.readCsv(csv);
    for (String column : spec.drop()) {
      table.index(column);
    }
    if (spec.id() != null) {
      table.index(spec.id());
    }
    TrainingOptions options =
        new TrainingOptions(
            Integer.parseInt(opts.getOrDefault("folds", "5")),
            Integer.parseInt(opts.getOrDefault("repeats", "1")),
            Long.parseLong(opts.getOrDefault("seed", "42")),
            Calibrator.Method.valueOf(opts.getOrDefault("calibration", "platt").toUpperCase()),
            ThresholdRule.parse(opts.getOrDefault("threshold", "f1")),
            10,
            list(opts.get("candidates")),
            null);
    if (opts.containsKey("fold-file")) {
      options = options.withFixedFolds(readFolds(Path.of(opts.get("fold-file")), table, spec));
    }
    err.printf("training on %s: %d rows%n", csv, table.size());
    ChurnTrainer.Result result = new ChurnTrainer(options, err::println).train(table, spec);
    ModelRegistry registry = new ModelRegistry(registryDir);
    ModelRegistry.ModelVersion version =
        registry.save(
            result,
            new ModelRegistry.TrainingSource(
                csv.getFileName().toString(), ModelRegistry.sha256(csv), spec),
            options);
    if (opts.containsKey("activate") || registry.active().isEmpty()) {
      registry.activate(version.version());
    }
    ObjectNode node = ModelRegistry.evaluationJson(result);
    node.put("version", version.version());
    node.put("directory", registryDir.resolve(version.version()).toString());
    node.put("active", registry.active().orElse(null));
    out.println(ModelRegistry.JSON.writeValueAsString(node));
    return 0;
  }

  /** Reads a fold assignment: the id column and r0, r1, ... columns, matched to the table by id. */
  static int[][] readFolds(Path file, Table table, DatasetSpec spec) throws IOException {
    if (spec.id() == null) {
      throw new IllegalArgumentException("--fold-file needs --id to match rows");
    }
    Table folds = Table.readCsv(file);
    int idColumn = folds.index(spec.id());
    List<Integer> repeatColumns = new ArrayList<>();
    for (int r = 0; folds.has("r" + r); r++) {
      repeatColumns.add(folds.index("r" + r));
    }
    if (repeatColumns.isEmpty()) {
      throw new IllegalArgumentException(file + ": no fold columns r0, r1, ...");
    }
    Map<String, List<String>> byId = new HashMap<>();
    folds.rows().forEach(row -> byId.put(row.get(idColumn), row));
    int[][] assignment = new int[repeatColumns.size()][table.size()];
    int id = table.index(spec.id());
    for (int i = 0; i < table.size(); i++) {
      List<String> row = byId.get(table.rows().get(i).get(id));
      if (row == null) {
        throw new IllegalArgumentException(
            file + ": no fold for " + spec.id() + " " + table.rows().get(i).get(id));
      }
      for (int r = 0; r < repeatColumns.size(); r++) {
        assignment[r][i] = Integer.parseInt(row.get(repeatColumns.get(r)));
      }
    }
    return assignment;
  }

  private static int evaluate(Map<String, String> opts, PrintStream out, PrintStream err)
      throws IOException {
    Path csv = Path.of(required(opts, "csv"));
    Path given = Path.of(required(opts, "model"));
    Path modelDir = given;
    if (!Files.isRegularFile(given.resolve("manifest.json"))) {
      String active =
          new ModelRegistry(given)
              .active()
              .orElseThrow(
                  () -> new IllegalArgumentException(given + " has no model and no active one"));
      modelDir = given.resolve(active);
    }
    ModelRegistry.ModelVersion manifest =
        ModelRegistry.JSON.readValue(
            modelDir.resolve("manifest.json").toFile(), ModelRegistry.ModelVersion.class);
    ChurnModel model = ModelRegistry.loadDirectory(modelDir);
    String label = opts.getOrDefault("label", manifest.spec().label());
    String positive = opts.getOrDefault("positive", manifest.spec().positive());
    double threshold =
        Double.parseDouble(opts.getOrDefault("threshold", String.valueOf(manifest.threshold())));
    Table table = Table.readCsv(csv);
    int labelColumn = table.index(label);
    double[] y = new double[table.size()];
    double[] p = new double[table.size()];
    List<String> predictions = new ArrayList<>();
    String idColumn = manifest.spec().id();
    for (int r = 0; r < table.size(); r++) {
      Map<String, String> row = table.row(r);
      y[r] = positive.equals(table.rows().get(r).get(labelColumn)) ? 1 : 0;
      p[r] = model.probability(row);
      if (idColumn != null && table.has(idColumn)) {
        predictions.add(row.get(idColumn) + "," + p[r]);
      }
    }
    if (opts.containsKey("predictions")) {
      List<String> lines = new ArrayList<>();
      lines.add(idColumn + ",probability");
      lines.addAll(predictions);
      Files.write(Path.of(opts.get("predictions")), lines);
    }
    ObjectNode node = ModelRegistry.JSON.createObjectNode();
    node.put("model", modelDir.toString());
    node.put("version", manifest.version());
    node.put("candidate", model.candidate());
    node.put("data", csv.toString());
    node.set("evaluation", ModelRegistry.JSON.valueToTree(Metrics.evaluate(y, p, threshold, 10)));
    ArrayNode notes = node.putArray("notes");
    Set<String> seen = new HashSet<>();
    for (int r = 0; r < table.size(); r++) {
      for (String note : model.schema().encode(table.row(r)::get).notes()) {
        String column = note.split(" ")[0];
        if (seen.add(column)) {
          notes.add(note + " (first at row " + (r + 1) + ")");
        }
      }
    }
    out.println(ModelRegistry.JSON.writeValueAsString(node));
    err.printf("evaluated %d rows with %s%n", table.size(), manifest.version());
    return 0;
  }
}
