package dev.retain.scoring.model;

import static java.util.Objects.requireNonNull;

import dev.retain.scoring.model.ChurnScore.Driver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;

/**
 * A trained churn model: the feature schema, the Tribuo model and the calibrator. Thread-safe for
 * scoring.
 *
 * <p>Explanations. For a linear model ({@link #EXACT_LINEAR}) the calibrated log-odds are {@code
 * base + Σ_d c_d}, where a driver's contribution {@code c_d = a · Σ_{j in d} w_j (x_j - mean_j)}
 * sums coefficient × (feature value - its training mean) over the features derived from that column
 * ({@code x_j} is the standardised value for a numeric column, 0/1 for a one-hot level), {@code
 * w_j} the log-odds coefficient and {@code a} the Platt slope; the contributions add up to the
 * customer's log-odds minus those of the average training customer exactly. For an XGBoost model
 * ({@link #TREE_SHAP}): XGBoost's own exact TreeSHAP contributions ({@code Booster.predictContrib})
 * to the churn log-odds, summed over the features derived from each column and multiplied by the
 * Platt slope {@code a}; with the base {@code a · bias + b} they add up to the customer's
 * calibrated log-odds exactly (with isotonic calibration, which is not affine, they stay on the
 * model's own log-odds and add up to those). For other models, such as the random forest, extra
 * trees and the blend ({@link #OCCLUSION}): a driver's contribution is the calibrated log-odds of
 * the customer minus those with that one column set to its training baseline (median, or most
 * frequent level), one column at a time; these need not add up.
 *
 * <p>The operating threshold is the one chosen at training on out-of-fold calibrated probabilities
 * (see {@link ThresholdRule}); a customer is flagged when {@code probability >= threshold}.
 */
public final class ChurnModel {

  public static final String EXACT_LINEAR = "exact-linear";
  public static final String OCCLUSION = "occlusion";
  public static final String TREE_SHAP = "xgboost-treeshap";

  static final String POSITIVE = "churn";
  static final String NEGATIVE = "stay";

  private final FeatureSchema schema;
  private final Model<Label> model;
  private final Calibrator calibrator;
  private final String candidate;
  private final boolean linear;
  private final boolean treeShap;
  private final double threshold;
  private final Map<String, Double> coefficients;
  private final double baseLogOdds;

  public ChurnModel(
      FeatureSchema schema,
      Model<Label> model,
      Calibrator calibrator,
      String candidate,
      boolean linear,
      double threshold) {
    this.schema = requireNonNull(schema, "schema");
    this.model = requireNonNull(model, "model");
    this.calibrator = requireNonNull(calibrator, "calibrator");
    this.candidate = requireNonNull(candidate, "candidate");
    this.linear = linear && model instanceof AbstractLinearSGDModel<?>;
    this.treeShap = !this.linear && XGBoostContributions.supports(model);
    this.threshold = threshold;
    if (this.linear) {
      this.coefficients = logOddsCoefficients((AbstractLinearSGDModel<Label>) model);
      double base = coefficients.getOrDefault(BIAS, 0.0);
      for (FeatureSchema.FeatureDef f : schema.features()) {
        base += coefficients.getOrDefault(f.name(), 0.0) * f.mean();
      }
      this.baseLogOdds = base;
    } else {
      this.coefficients = Map.of();
      this.baseLogOdds = Double.NaN;
    }
  }

  private static final String BIAS = "\u0000bias";

  /** Log-odds coefficients w(churn) - w(stay) per feature, and the bias under {@link #BIAS}. */
  private static Map<String, Double> logOddsCoefficients(AbstractLinearSGDModel<Label> model) {
    DenseMatrix w = model.getWeightsCopy();
    int pos = model.getOutputIDInfo().getID(new Label(POSITIVE));
    int neg = model.getOutputIDInfo().getID(new Label(NEGATIVE));
    ImmutableFeatureMap features = model.getFeatureIDMap();
    Map<String, Double> out = new HashMap<>();
    for (VariableInfo info : features) {
      int id = features.getID(info.getName());
      out.put(info.getName(), w.get(pos, id) - w.get(neg, id));
    }
    int bias = features.size();
    out.put(BIAS, w.get(pos, bias) - w.get(neg, bias));
    return Map.copyOf(out);
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

  public String explanationMethod() {
    return linear ? EXACT_LINEAR : treeShap ? TREE_SHAP : OCCLUSION;
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
    if (!treeShap) {
      throw new IllegalStateException("not an XGBoost model: " + candidate);
    }
    FeatureSchema.Encoded encoded = schema.encode(customer::get);
    return XGBoostContributions.of(
        model, new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, encoded.names(), encoded.values()));
  }

  /**
   * The calibrated log-odds the drivers are measured from: the average training customer's for a
   * linear model, {@code a · bias + b} for XGBoost (NaN for occlusion).
   */
  public double explanationBase(Map<String, ?> customer) {
    if (linear) {
      return baseLogOdds();
    }
    if (treeShap) {
      return calibratorSlope() * treeShapContributions(customer).bias() + calibratorIntercept();
    }
    return Double.NaN;
  }

  /** The uncalibrated model probability of churn for one customer. */
  public double rawProbability(Map<String, ?> customer) {
    return raw(schema.encode(customer::get));
  }

  /** The calibrated probability of churn, without explanations. */
  public double probability(Map<String, ?> customer) {
    return calibrator.apply(rawProbability(customer));
  }

  /** The calibrated probability with its drivers. */
  public ChurnScore score(Map<String, ?> customer) {
    FeatureSchema.Encoded encoded = schema.encode(customer::get);
    double raw = raw(encoded);
    double probability = calibrator.apply(raw);
    List<Driver> drivers =
        linear
            ? linearDrivers(customer, encoded)
            : treeShap ? treeShapDrivers(customer, encoded) : occlusion(customer, probability);
    return new ChurnScore(probability, raw, drivers, explanationMethod(), encoded.notes());
  }

  /** The calibrated log-odds of the average training customer (linear models only). */
  public double baseLogOdds() {
    return calibratorSlope() * baseLogOdds + calibratorIntercept();
  }

  private double calibratorSlope() {
    return calibrator.method() == Calibrator.Method.PLATT ? calibrator.a() : 1;
  }

  private double calibratorIntercept() {
    return calibrator.method() == Calibrator.Method.PLATT ? calibrator.b() : 0;
  }

  private List<Driver> linearDrivers(Map<String, ?> customer, FeatureSchema.Encoded encoded) {
    Map<String, Double> value = new HashMap<>();
    for (int i = 0; i < encoded.names().length; i++) {
      value.put(encoded.names()[i], encoded.values()[i]);
    }
    double slope = calibratorSlope();
    Map<String, Double> byDriver = new LinkedHashMap<>();
    for (FeatureSchema.FeatureDef f : schema.features()) {
      double w = coefficients.getOrDefault(f.name(), 0.0);
      double c = w * (value.getOrDefault(f.name(), 0.0) - f.mean());
      byDriver.merge(f.driver(), slope * c, Double::sum);
    }
    return sorted(customer, byDriver);
  }

  private List<Driver> treeShapDrivers(Map<String, ?> customer, FeatureSchema.Encoded encoded) {
    XGBoostContributions.Contributions c =
        XGBoostContributions.of(
            model,
            new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, encoded.names(), encoded.values()));
    double slope = calibratorSlope();
    Map<String, FeatureSchema.FeatureDef> index = schema.featureIndex();
    Map<String, Double> byDriver = new LinkedHashMap<>();
    for (FeatureSchema.FeatureDef f : schema.features()) {
      byDriver.put(f.driver(), 0.0);
    }
    c.byFeature()
        .forEach(
            (feature, value) -> {
              FeatureSchema.FeatureDef def = index.get(feature);
              byDriver.merge(def == null ? feature : def.driver(), slope * value, Double::sum);
            });
    return sorted(customer, byDriver);
  }

  private List<Driver> occlusion(Map<String, ?> customer, double probability) {
    double logOdds = Calibrator.logit(probability);
    Map<String, Double> byDriver = new LinkedHashMap<>();
    for (FeatureSchema.NumericColumn n : schema.numeric()) {
      Map<String, Object> moved = new HashMap<>(customer);
      moved.put(n.name(), n.median());
      byDriver.put(n.name(), logOdds - Calibrator.logit(probability(moved)));
    }
    for (FeatureSchema.CategoricalColumn c : schema.categorical()) {
      Map<String, Object> moved = new HashMap<>(customer);
      moved.put(c.name(), c.mode());
      byDriver.put(c.name(), logOdds - Calibrator.logit(probability(moved)));
    }
    return sorted(customer, byDriver);
  }

  private static List<Driver> sorted(Map<String, ?> customer, Map<String, Double> byDriver) {
    List<Driver> out = new ArrayList<>();
    byDriver.forEach(
        (name, c) -> {
          Set<String> columns = new LinkedHashSet<>(List.of(name.split(" & ")));
          List<String> values = new ArrayList<>();
          for (String column : columns) {
            Object v = customer.get(column);
            values.add(v == null ? "" : v.toString());
          }
          out.add(new Driver(name, String.join(", ", values), c));
        });
    out.sort(Comparator.comparingDouble((Driver d) -> -Math.abs(d.contribution())));
    return out;
  }

  private double raw(FeatureSchema.Encoded encoded) {
    Example<Label> example =
        new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, encoded.names(), encoded.values());
    Prediction<Label> prediction = model.predict(example);
    Label positive = prediction.getOutputScores().get(POSITIVE);
    return positive == null ? 0 : positive.getScore();
  }

  /** Raw probabilities for many encoded rows (used in training). */
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
