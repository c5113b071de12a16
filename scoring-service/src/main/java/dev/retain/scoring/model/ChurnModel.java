package dev.retain.scoring.model;

import static java.util.Objects.requireNonNull;

import dev.retain.scoring.model.ChurnScore.Driver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A trained churn model: the feature schema, the Tribuo model and the calibrator. Thread-safe for
 * scoring; scores a batch of customers with one prediction call per model (one native call per
 * XGBoost booster).
 *
 * <p>Explanations. When the model's log-odds are additive in its features ({@link AdditiveModel}: a
 * logistic regression, {@link #EXACT_LINEAR}; an XGBoost booster, {@link #TREE_SHAP}; or a {@link
 * LogOddsPooling} blend of those, {@link #BLEND_EXACT}), a driver's contribution is the sum of its
 * features' exact contributions multiplied by the Platt slope {@code a}, and with the base {@code a
 * · base + b} they add up to the customer's calibrated log-odds exactly. The base is the average
 * training customer's log-odds for a logistic regression and XGBoost's bias for a booster (a
 * blend's is the weighted mean of its members'). With isotonic calibration, which is not affine,
 * the contributions stay on the model's own log-odds and add up to those. For other models (random
 * forest, extra trees; {@link #OCCLUSION}) a driver's contribution is the calibrated log-odds of
 * the customer minus those with that one column set to its training baseline (median, or most
 * frequent level), one column at a time; these need not add up.
 *
 * <p>The operating threshold is the one chosen at training on out-of-fold calibrated probabilities
 * (see {@link ThresholdRule}); a customer is flagged when {@code probability >= threshold}.
 */
public final class ChurnModel {

  public static final String EXACT_LINEAR = "exact-linear";
  public static final String TREE_SHAP = "xgboost-treeshap";
  public static final String BLEND_EXACT = "blend-exact";
  public static final String OCCLUSION = "occlusion";

  static final String POSITIVE = "churn";
  static final String NEGATIVE = "stay";

  private final FeatureSchema schema;
  private final Model<Label> model;
  private final Calibrator calibrator;
  private final String candidate;
  private final double threshold;
  private final AdditiveModel additive;

  public ChurnModel(
      FeatureSchema schema,
      Model<Label> model,
      Calibrator calibrator,
      String candidate,
      double threshold) {
    this.schema = requireNonNull(schema, "schema");
    this.model = requireNonNull(model, "model");
    this.calibrator = requireNonNull(calibrator, "calibrator");
    this.candidate = requireNonNull(candidate, "candidate");
    this.threshold = threshold;
    this.additive = AdditiveModel.of(model, schema).orElse(null);
  }

  public FeatureSchema schema() {
    return schema;
  }

  public Model<Label> tribuoModel() {
    return model;
  }

  public Calibrator calibrator() {
    return calibrator;
  }

  /** The learner's name, e.g. {@link Candidate#LOGISTIC}. */
  public String candidate() {
    return candidate;
  }

  /** How drivers are computed: {@link #EXACT_LINEAR}, {@link #TREE_SHAP}, ... */
  public String explanationMethod() {
    if (additive == null) {
      return OCCLUSION;
    }
    return additive.pooled() ? BLEND_EXACT : additive.linear() ? EXACT_LINEAR : TREE_SHAP;
  }

  /** True when scoring and explaining run in Java alone ({@link AdditiveModel#compiled()}). */
  boolean compiled() {
    return additive != null && additive.compiled();
  }

  /** The operating threshold on the calibrated probability (NaN when none was stored). */
  public double threshold() {
    return threshold;
  }

  /**
   * XGBoost's exact contributions for one customer on the model's own (uncalibrated) log-odds, per
   * model feature, with the bias and XGBoost's margin; only for {@link #TREE_SHAP} models.
   */
  XGBoostContributions.Contributions treeShapContributions(Map<String, ?> customer) {
    if (!TREE_SHAP.equals(explanationMethod())) {
      throw new IllegalStateException("not an XGBoost model: " + candidate);
    }
    return XGBoostContributions.of(model, example(schema.encode(customer::get)));
  }

  /** The uncalibrated model probability of churn for one customer. */
  public double rawProbability(Map<String, ?> customer) {
    return raw(List.of(schema.encode(customer::get)))[0];
  }

  /** The calibrated probability of churn, without explanations. */
  public double probability(Map<String, ?> customer) {
    return probabilities(List.of(customer))[0];
  }

  /** Calibrated probabilities of churn for many customers, without explanations. */
  public double[] probabilities(List<? extends Map<String, ?>> customers) {
    double[] p = raw(encode(customers));
    for (int i = 0; i < p.length; i++) {
      p[i] = calibrator.apply(p[i]);
    }
    return p;
  }

  /** The calibrated probability with its drivers. */
  public ChurnScore score(Map<String, ?> customer) {
    return scores(List.of(customer)).get(0);
  }

  /** Calibrated probabilities with every driver, largest absolute contribution first. */
  public List<ChurnScore> scores(List<? extends Map<String, ?>> customers) {
    return scores(customers, true);
  }

  /**
   * Calibrated probabilities, with what was assumed for each customer, and with every driver
   * (largest absolute contribution first) when {@code explain} is set.
   */
  public List<ChurnScore> scores(List<? extends Map<String, ?>> customers, boolean explain) {
    List<FeatureSchema.Encoded> encoded = encode(customers);
    AdditiveModel.Batch batch = additive == null ? null : additive.batch(encoded);
    List<ChurnScore> out = new ArrayList<>(customers.size());
    if (batch != null && explain) {
      return explained(customers, encoded, batch);
    }
    double[] raw = batch == null ? tribuoRaw(encoded) : additive.rawProbabilities(batch);
    if (!explain) {
      for (int r = 0; r < raw.length; r++) {
        out.add(
            new ChurnScore(
                calibrator.apply(raw[r]),
                raw[r],
                List.of(),
                explanationMethod(),
                Double.NaN,
                encoded.get(r).notes()));
      }
      return out;
    }
    List<Map<String, Double>> occluded = occlusion(customers, raw);
    for (int r = 0; r < raw.length; r++) {
      out.add(
          new ChurnScore(
              calibrator.apply(raw[r]),
              raw[r],
              sorted(customers.get(r), occluded.get(r)),
              OCCLUSION,
              Double.NaN,
              encoded.get(r).notes()));
    }
    return out;
  }

  /** Exact drivers of an additive model; the probabilities come from the same pass. */
  private List<ChurnScore> explained(
      List<? extends Map<String, ?>> customers,
      List<FeatureSchema.Encoded> encoded,
      AdditiveModel.Batch batch) {
    List<String> drivers = additive.drivers();
    double[] base = new double[customers.size()];
    double[][] contributions = new double[customers.size()][drivers.size()];
    double[] raw = additive.explain(batch, base, contributions);
    List<ChurnScore> out = new ArrayList<>(customers.size());
    double slope = calibrator.method() == Calibrator.Method.PLATT ? calibrator.a() : 1;
    double intercept = calibrator.method() == Calibrator.Method.PLATT ? calibrator.b() : 0;
    for (int r = 0; r < raw.length; r++) {
      Map<String, Double> byDriver = new HashMap<>();
      for (int d = 0; d < drivers.size(); d++) {
        byDriver.put(drivers.get(d), slope * contributions[r][d]);
      }
      out.add(
          new ChurnScore(
              calibrator.apply(raw[r]),
              raw[r],
              sorted(customers.get(r), byDriver),
              explanationMethod(),
              slope * base[r] + intercept,
              encoded.get(r).notes()));
    }
    return out;
  }

  private List<FeatureSchema.Encoded> encode(List<? extends Map<String, ?>> customers) {
    List<FeatureSchema.Encoded> encoded = new ArrayList<>(customers.size());
    for (Map<String, ?> customer : customers) {
      encoded.add(schema.encode(customer::get));
    }
    return encoded;
  }

  /** Per customer, each column's occlusion contribution: one batch per column. */
  private List<Map<String, Double>> occlusion(
      List<? extends Map<String, ?>> customers, double[] raw) {
    List<Map<String, Double>> out = new ArrayList<>(customers.size());
    for (int r = 0; r < raw.length; r++) {
      out.add(new HashMap<>());
    }
    Map<String, Object> baseline = new HashMap<>();
    schema.numeric().forEach(n -> baseline.put(n.name(), n.median()));
    schema.categorical().forEach(c -> baseline.put(c.name(), c.mode()));
    double[] logOdds = new double[raw.length];
    for (int r = 0; r < raw.length; r++) {
      logOdds[r] = Calibrator.logit(calibrator.apply(raw[r]));
    }
    for (Map.Entry<String, Object> column : baseline.entrySet()) {
      List<Map<String, Object>> moved = new ArrayList<>(customers.size());
      for (Map<String, ?> customer : customers) {
        Map<String, Object> m = new HashMap<>(customer);
        m.put(column.getKey(), column.getValue());
        moved.add(m);
      }
      double[] after = probabilities(moved);
      for (int r = 0; r < raw.length; r++) {
        out.get(r).put(column.getKey(), logOdds[r] - Calibrator.logit(after[r]));
      }
    }
    return out;
  }

  private static List<Driver> sorted(Map<String, ?> customer, Map<String, Double> byDriver) {
    List<Driver> out = new ArrayList<>(byDriver.size());
    byDriver.forEach(
        (name, c) -> {
          out.add(new Driver(name, values(customer, name), c));
        });
    out.sort(
        Comparator.comparingDouble((Driver d) -> -Math.abs(d.contribution()))
            .thenComparing(Driver::name));
    return out;
  }

  /** The customer's value of a driver's column, or of both columns of a crossing "a & b". */
  private static String values(Map<String, ?> customer, String driver) {
    int and = driver.indexOf(" & ");
    if (and < 0) {
      return value(customer, driver);
    }
    String first = driver.substring(0, and);
    String second = driver.substring(and + 3);
    return first.equals(second)
        ? value(customer, first)
        : value(customer, first) + ", " + value(customer, second);
  }

  private static String value(Map<String, ?> customer, String column) {
    Object v = customer.get(column);
    return v == null ? "" : v.toString();
  }

  static Example<Label> example(FeatureSchema.Encoded encoded) {
    return new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, encoded.names(), encoded.values());
  }

  /** Raw probabilities: computed from the additive parts when the model has them, else Tribuo's. */
  private double[] raw(List<FeatureSchema.Encoded> encoded) {
    return additive == null
        ? tribuoRaw(encoded)
        : additive.rawProbabilities(additive.batch(encoded));
  }

  private double[] tribuoRaw(List<FeatureSchema.Encoded> encoded) {
    List<Example<Label>> rows = new ArrayList<>(encoded.size());
    encoded.forEach(e -> rows.add(example(e)));
    return rawProbabilities(model, rows);
  }

  /** Raw probabilities for many encoded rows (one Tribuo call). */
  static double[] rawProbabilities(Model<Label> model, List<Example<Label>> examples) {
    List<Prediction<Label>> predictions = model.predict(examples);
    double[] out = new double[predictions.size()];
    for (int i = 0; i < out.length; i++) {
      Label positive = predictions.get(i).getOutputScores().get(POSITIVE);
      out[i] = positive == null ? 0 : positive.getScore();
    }
    return out;
  }
}
