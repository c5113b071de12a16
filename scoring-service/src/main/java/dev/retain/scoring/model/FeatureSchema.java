package dev.retain.scoring.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The fitted mapping from raw columns to model features, fitted on training rows only and stored
 * with every model version as {@code schema.json}.
 *
 * @param numeric numeric columns (every non-blank cell parses as a number)
 * @param categorical the other feature columns
 * @param interactionNumeric the numeric column whose log term is crossed with every categorical
 *     level, or null
 * @param features every model feature, in order, with its driver and training mean
 */
public record FeatureSchema(
    List<NumericColumn> numeric,
    List<CategoricalColumn> categorical,
    String interactionNumeric,
    List<FeatureDef> features) {

  /** Shown instead of a blank categorical value. */
  public static final String BLANK = "(blank)";

  public FeatureSchema {
    numeric = List.copyOf(numeric);
    categorical = List.copyOf(categorical);
    features = List.copyOf(features);
  }

  /**
   * A numeric column.
   *
   * @param blanks blank cells in the training rows (imputed with {@code median})
   */
  public record NumericColumn(
      String name,
      double mean,
      double std,
      double median,
      int blanks,
      boolean log,
      double logMean,
      double logStd,
      List<Double> steps) {
    public NumericColumn {
      requireNonNull(name, "name");
      steps = List.copyOf(steps);
    }

    double z(double x) {
      return (x - mean) / std;
    }

    double zLog(double x) {
      return (Math.log1p(Math.max(0, x)) - logMean) / logStd;
    }
  }

  /** A categorical column with its training levels (most frequent first). */
  public record CategoricalColumn(String name, List<String> levels, int blanks) {
    public CategoricalColumn {
      requireNonNull(name, "name");
      levels = List.copyOf(levels);
    }

    /** The most frequent training level: the baseline used by occlusion explanations. */
    public String mode() {
      return levels.get(0);
    }
  }

  /**
   * One model feature.
   *
   * @param name the feature name the Tribuo model knows
   * @param driver the driver it is reported under: a column name, or "a & b" for a crossing
   * @param mean its mean over the training rows (the reference point of linear contributions)
   */
  public record FeatureDef(String name, String driver, double mean) {
    public FeatureDef {
      requireNonNull(name, "name");
      requireNonNull(driver, "driver");
    }
  }

  /** A row encoded as features, with what had to be assumed for it. */
  public record Encoded(String[] names, double[] values, List<String> notes) {}

  /** Fits the schema on the given rows of a table. */
  public static FeatureSchema fit(Table table, DatasetSpec spec, FeatureOptions options) {
    int label = table.index(spec.label());
    List<NumericColumn> numeric = new ArrayList<>();
    List<CategoricalColumn> categorical = new ArrayList<>();
    Map<String, Double> separation = new HashMap<>();
    for (String column : table.columns()) {
      if (!spec.isFeature(column)) {
        continue;
      }
      int c = table.index(column);
      double[] values = new double[table.size()];
      int blanks = 0;
      boolean isNumeric = true;
      boolean anyValue = false;
      for (int r = 0; r < table.size(); r++) {
        String cell = table.rows().get(r).get(c);
        if (cell.isBlank()) {
          blanks++;
          values[r] = Double.NaN;
          continue;
        }
        anyValue = true;
        try {
          values[r] = Double.parseDouble(cell);
          if (!Double.isFinite(values[r])) {
            isNumeric = false;
          }
        } catch (NumberFormatException e) {
          isNumeric = false;
        }
      }
      if (isNumeric && anyValue) {
        numeric.add(fitNumeric(column, values, blanks, options));
        if (options.interactions() && numeric.get(numeric.size() - 1).log()) {
          double[] y = new double[table.size()];
          for (int r = 0; r < y.length; r++) {
            y[r] = spec.positive().equals(table.rows().get(r).get(label)) ? 1 : 0;
          }
          double[] x = values.clone();
          double median = numeric.get(numeric.size() - 1).median();
          for (int r = 0; r < x.length; r++) {
            x[r] = Double.isNaN(x[r]) ? median : x[r];
          }
          separation.put(column, Math.abs(Metrics.rocAuc(y, x) - 0.5));
        }
      } else {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> row : table.rows()) {
          counts.merge(level(row.get(c)), 1, Integer::sum);
        }
        List<String> levels = new ArrayList<>(counts.keySet());
        levels.sort(
            (a, b) -> {
              int byCount = Integer.compare(counts.get(b), counts.get(a));
              return byCount != 0 ? byCount : a.compareTo(b);
            });
        categorical.add(new CategoricalColumn(column, levels, blanks));
      }
    }
    String interaction =
        separation.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse(null);
    FeatureSchema unfitted = new FeatureSchema(numeric, categorical, interaction, List.of());
    // feature names in a stable order, with means over the training rows
    Map<String, String> drivers = new LinkedHashMap<>();
    Map<String, Double> sums = new HashMap<>();
    for (int r = 0; r < table.size(); r++) {
      Encoded e = unfitted.encodeWithDrivers(table.row(r)::get, drivers);
      for (int i = 0; i < e.names().length; i++) {
        sums.merge(e.names()[i], e.values()[i], Double::sum);
      }
    }
    List<FeatureDef> features = new ArrayList<>();
    for (Map.Entry<String, String> d : drivers.entrySet()) {
      features.add(
          new FeatureDef(
              d.getKey(), d.getValue(), sums.getOrDefault(d.getKey(), 0.0) / table.size()));
    }
    return new FeatureSchema(numeric, categorical, interaction, features);
  }

  private static NumericColumn fitNumeric(
      String name, double[] raw, int blanks, FeatureOptions options) {
    double[] present = Arrays.stream(raw).filter(v -> !Double.isNaN(v)).sorted().toArray();
    double median = quantile(present, 0.5);
    double[] x = Arrays.stream(raw).map(v -> Double.isNaN(v) ? median : v).toArray();
    double mean = Arrays.stream(x).average().orElse(0);
    double std = std(x, mean);
    long distinct = Arrays.stream(present).distinct().count();
    boolean expand = options.expand() && distinct > FeatureOptions.MIN_DISTINCT_FOR_EXPANSION;
    boolean log = expand && present.length > 0 && present[0] >= 0;
    double logMean = 0;
    double logStd = 1;
    if (log) {
      double[] l = Arrays.stream(x).map(Math::log1p).toArray();
      logMean = Arrays.stream(l).average().orElse(0);
      logStd = std(l, logMean);
    }
    Set<Double> steps = new LinkedHashSet<>();
    if (expand) {
      for (int k = 1; k <= options.quantileSteps(); k++) {
        double q = quantile(present, k / (options.quantileSteps() + 1.0));
        if (q > present[0] && q < present[present.length - 1]) {
          steps.add(q);
        }
      }
    }
    return new NumericColumn(
        name, mean, std, median, blanks, log, logMean, logStd, new ArrayList<>(steps));
  }

  private static double std(double[] x, double mean) {
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    double s = Math.sqrt(ss / Math.max(1, x.length));
    return s > 0 ? s : 1;
  }

  /** The q-quantile of sorted values (linear interpolation, as numpy's default). */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static String level(String cell) {
    return cell == null || cell.isBlank() ? BLANK : cell;
  }

  /** The feature columns this schema reads. */
  public List<String> columns() {
    List<String> out = new ArrayList<>();
    numeric.forEach(n -> out.add(n.name()));
    categorical.forEach(c -> out.add(c.name()));
    return out;
  }

  /** Encodes one customer, given a function from column name to raw value (null = absent). */
  public Encoded encode(Function<String, ?> raw) {
    return encodeWithDrivers(raw, null);
  }

  private Encoded encodeWithDrivers(Function<String, ?> raw, Map<String, String> drivers) {
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, Double> logTerms = new TreeMap<>();
    for (NumericColumn n : numeric) {
      Object value = raw.apply(n.name());
      double x;
      if (value == null || value.toString().isBlank()) {
        x = n.median();
        notes.add(n.name() + " missing: imputed with the training median " + n.median());
      } else if (value instanceof Number number) {
        x = number.doubleValue();
      } else {
        try {
          x = Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(n.name() + ": not a number: '" + value + "'", e);
        }
      }
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException(n.name() + ": not a finite number: " + x);
      }
      add(names, values, drivers, n.name(), n.name(), n.z(x));
      if (n.log()) {
        double zl = n.zLog(x);
        logTerms.put(n.name(), zl);
        add(names, values, drivers, "log1p(" + n.name() + ")", n.name(), zl);
      }
      for (double step : n.steps()) {
        if (x <= step) {
          add(names, values, drivers, n.name() + "<=" + step, n.name(), 1.0);
        }
      }
    }
    for (CategoricalColumn c : categorical) {
      Object value = raw.apply(c.name());
      String level = level(value == null ? null : value.toString());
      if (!c.levels().contains(level)) {
        notes.add(
            c.name()
                + (level.equals(BLANK)
                    ? " missing: no level set"
                    : " '" + level + "' not seen in training: no level set"));
        continue;
      }
      add(names, values, drivers, c.name() + "=" + level, c.name(), 1.0);
      if (interactionNumeric != null && logTerms.containsKey(interactionNumeric)) {
        add(
            names,
            values,
            drivers,
            c.name() + "=" + level + " x log1p(" + interactionNumeric + ")",
            c.name() + " & " + interactionNumeric,
            logTerms.get(interactionNumeric));
      }
    }
    return new Encoded(
        names.toArray(String[]::new),
        values.stream().mapToDouble(Double::doubleValue).toArray(),
        notes);
  }

  private static void add(
      List<String> names,
      List<Double> values,
      Map<String, String> drivers,
      String name,
      String driver,
      double value) {
    names.add(name);
    values.add(value);
    if (drivers != null) {
      drivers.putIfAbsent(name, driver);
    }
  }

  /** The one-hot level and standardised numeric features (without expansions or crossings). */
  public Set<String> basicFeatureNames() {
    Set<String> out = new LinkedHashSet<>();
    numeric.forEach(n -> out.add(n.name()));
    for (CategoricalColumn c : categorical) {
      c.levels().forEach(level -> out.add(c.name() + "=" + level));
    }
    return out;
  }

  /** Feature name to definition. */
  public Map<String, FeatureDef> featureIndex() {
    Map<String, FeatureDef> out = new HashMap<>();
    features.forEach(f -> out.put(f.name(), f));
    return out;
  }
}
