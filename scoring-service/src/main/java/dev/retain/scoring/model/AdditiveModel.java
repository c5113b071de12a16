package dev.retain.scoring.model;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.math.la.DenseMatrix;

/**
 * A churn model whose log-odds are a sum of per-feature contributions, scored and explained for
 * many customers at once. Three kinds of Tribuo model qualify:
 *
 * <ul>
 *   <li>a logistic regression ({@link AbstractLinearSGDModel} with probabilities): the log-odds are
 *       {@code bias + Σ_j w_j x_j}; measured from the average training customer, feature {@code j}
 *       contributes {@code w_j (x_j - mean_j)} and the base is {@code bias + Σ_j w_j mean_j};
 *   <li>an XGBoost booster: its exact TreeSHAP contributions, with XGBoost's bias as the base;
 *   <li>a {@link LogOddsPooling} blend of those: its log-odds are the weighted mean of its
 *       members', so the contributions and bases are the weighted means of theirs.
 * </ul>
 *
 * The logistic regression is computed from its weights, and a booster of shallow trees from its
 * {@link CompiledBooster} tables; other boosters go through Tribuo and XGBoost. Member log-odds are
 * clamped as {@link LogOddsPooling} clamps member probabilities, so a blend scores as Tribuo's own
 * ensemble prediction does. Contributions are summed per driver (a column, or a crossing of two) as
 * {@link FeatureSchema} assigns features to drivers. Everything here is on the model's own
 * (uncalibrated) log-odds.
 */
final class AdditiveModel {

  private static final double MAX_LOG_ODDS = Calibrator.logit(1 - LogOddsPooling.EPSILON);

  /**
   * A batch of encoded customers, as dense rows (NaN = absent; in doubles, and in the floats that
   * XGBoost compares) and, on demand, as Tribuo examples.
   */
  record Batch(List<FeatureSchema.Encoded> encoded, double[][] dense, float[][] floats) {
    List<Example<Label>> examples() {
      List<Example<Label>> out = new ArrayList<>(encoded.size());
      encoded.forEach(e -> out.add(ChurnModel.example(e)));
      return out;
    }
  }

  /** The batch of these encoded customers. */
  Batch batch(List<FeatureSchema.Encoded> encoded) {
    double[][] dense = new double[encoded.size()][];
    float[][] floats = new float[encoded.size()][];
    for (int r = 0; r < dense.length; r++) {
      dense[r] = index.dense(encoded.get(r));
      floats[r] = new float[dense[r].length];
      for (int j = 0; j < dense[r].length; j++) {
        floats[r][j] = (float) dense[r][j];
      }
    }
    return new Batch(encoded, dense, floats);
  }

  /** One additive part of the log-odds. */
  private interface Part {
    /** Each row's log-odds. */
    double[] logOdds(Batch batch);

    /**
     * Adds {@code weight} times each row's base into {@code base[r]} and its contributions (by
     * schema feature index) into {@code phi[r]}; returns each row's log-odds.
     */
    double[] explain(Batch batch, double weight, double[] base, double[][] phi);
  }

  private record Member(Part part, double weight) {}

  private final List<Member> members;
  private final boolean pooled;
  private final FeatureIndex index;

  /** The schema's features numbered in schema order, and their drivers. */
  record FeatureIndex(
      Map<String, Integer> ofFeature, int[] driverOf, double[] means, List<String> drivers) {

    static FeatureIndex of(FeatureSchema schema) {
      Map<String, Integer> ofFeature = new HashMap<>();
      Map<String, Integer> driverIds = new LinkedHashMap<>();
      List<FeatureSchema.FeatureDef> features = schema.features();
      int[] driverOf = new int[features.size()];
      double[] means = new double[features.size()];
      for (int j = 0; j < features.size(); j++) {
        FeatureSchema.FeatureDef f = features.get(j);
        ofFeature.put(f.name(), j);
        driverOf[j] = driverIds.computeIfAbsent(f.driver(), d -> driverIds.size());
        means[j] = f.mean();
      }
      return new FeatureIndex(
          Map.copyOf(ofFeature), driverOf, means, List.copyOf(driverIds.keySet()));
    }

    /** A dense row: each schema feature's value, NaN when the row does not have it. */
    double[] dense(FeatureSchema.Encoded encoded) {
      double[] x = new double[means.length];
      Arrays.fill(x, Double.NaN);
      for (int i = 0; i < encoded.names().length; i++) {
        Integer j = ofFeature.get(encoded.names()[i]);
        if (j != null) {
          x[j] = encoded.values()[i];
        }
      }
      return x;
    }
  }

  private AdditiveModel(List<Member> members, boolean pooled, FeatureIndex index) {
    this.members = List.copyOf(members);
    this.pooled = pooled;
    this.index = index;
  }

  /** The additive view of a model, or empty when it has none (then drivers need occlusion). */
  static Optional<AdditiveModel> of(Model<Label> model, FeatureSchema schema) {
    FeatureIndex index = FeatureIndex.of(schema);
    if (model instanceof WeightedEnsembleModel<Label> blend) {
      float[] weights = pooledWeights(blend);
      if (weights == null) {
        return Optional.empty();
      }
      double total = 0;
      for (float w : weights) {
        total += w;
      }
      List<Member> members = new ArrayList<>();
      List<Model<Label>> models = blend.getModels();
      for (int m = 0; m < models.size(); m++) {
        Optional<Part> part = part(models.get(m), index);
        if (part.isEmpty()) {
          return Optional.empty();
        }
        members.add(new Member(part.get(), weights[m] / total));
      }
      return Optional.of(new AdditiveModel(members, true, index));
    }
    return part(model, index).map(p -> new AdditiveModel(List.of(new Member(p, 1)), false, index));
  }

  /** True for a blend, false for a single logistic regression or booster. */
  boolean pooled() {
    return pooled;
  }

  /** True for a single logistic regression. */
  boolean linear() {
    return !pooled && members.get(0).part() instanceof Linear;
  }

  /** True when every part is computed in Java (no Tribuo or XGBoost call per batch). */
  boolean compiled() {
    return members.stream().allMatch(m -> !(m.part() instanceof Native));
  }

  /** The driver names; {@link #explain} fills one column per driver, in this order. */
  List<String> drivers() {
    return index.drivers();
  }

  FeatureIndex index() {
    return index;
  }

  /**
   * Raw churn probabilities: the weighted mean of the members' clamped log-odds, as a probability.
   */
  double[] rawProbabilities(Batch batch) {
    double[] z = new double[batch.dense().length];
    for (Member member : members) {
      double[] part = member.part().logOdds(batch);
      for (int r = 0; r < z.length; r++) {
        z[r] += member.weight() * clamp(part[r]);
      }
    }
    for (int r = 0; r < z.length; r++) {
      z[r] = Calibrator.sigmoid(z[r]);
    }
    return z;
  }

  /**
   * Fills {@code base[r]} and {@code contributions[r][driver]} (one column per {@link #drivers()})
   * so that {@code base[r] + Σ contributions[r]} is row {@code r}'s log-odds, and returns the raw
   * churn probabilities (as {@link #rawProbabilities}, from the same pass over the trees).
   */
  double[] explain(Batch batch, double[] base, double[][] contributions) {
    int rows = batch.dense().length;
    double[][] phi = new double[rows][index.means().length];
    double[] p = new double[rows];
    for (Member member : members) {
      double[] z = member.part().explain(batch, member.weight(), base, phi);
      for (int r = 0; r < rows; r++) {
        p[r] += member.weight() * clamp(z[r]);
      }
    }
    for (int r = 0; r < rows; r++) {
      p[r] = Calibrator.sigmoid(p[r]);
    }
    int[] driverOf = index.driverOf();
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < driverOf.length; j++) {
        contributions[r][driverOf[j]] += phi[r][j];
      }
    }
    return p;
  }

  private static double clamp(double z) {
    return Math.max(-MAX_LOG_ODDS, Math.min(MAX_LOG_ODDS, z));
  }

  private static Optional<Part> part(Model<Label> model, FeatureIndex index) {
    if (model instanceof AbstractLinearSGDModel<?> && model.generatesProbabilities()) {
      @SuppressWarnings("unchecked")
      AbstractLinearSGDModel<Label> linear = (AbstractLinearSGDModel<Label>) model;
      return Optional.of(new Linear(linear, index));
    }
    if (XGBoostContributions.supports(model)) {
      XGBoostModel<Label> xgb = (XGBoostModel<Label>) model;
      ImmutableFeatureMap features = xgb.getFeatureIDMap();
      int[] schemaIndex = new int[features.size()];
      for (int id = 0; id < schemaIndex.length; id++) {
        schemaIndex[id] = index.ofFeature().getOrDefault(features.get(id).getName(), -1);
      }
      int positive = xgb.getOutputIDInfo().getID(new Label(ChurnModel.POSITIVE));
      Optional<CompiledBooster> compiled =
          CompiledBooster.of(xgb.getInnerModels().get(0), positive, schemaIndex);
      return Optional.of(
          compiled.isPresent() ? new Compiled(compiled.get()) : new Native(model, schemaIndex));
    }
    return Optional.empty();
  }

  /**
   * A blend's member weights when it pools log-odds ({@link LogOddsPooling}), else null. Tribuo 4.3
   * exposes neither the combiner nor the weights of a {@link WeightedEnsembleModel}, so they are
   * read reflectively; {@code BlendExplanationTest} checks the result against Tribuo's own
   * predictions.
   */
  private static float[] pooledWeights(WeightedEnsembleModel<Label> blend) {
    try {
      Field combiner = WeightedEnsembleModel.class.getDeclaredField("combiner");
      Field weights = WeightedEnsembleModel.class.getDeclaredField("weights");
      combiner.setAccessible(true);
      weights.setAccessible(true);
      return combiner.get(blend) instanceof LogOddsPooling ? (float[]) weights.get(blend) : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** A logistic regression from its weights; contributions from the average training customer. */
  private static final class Linear implements Part {
    private final double[] w;
    private final double bias;
    private final double base;
    private final double[] means;

    Linear(AbstractLinearSGDModel<Label> model, FeatureIndex index) {
      DenseMatrix weights = model.getWeightsCopy();
      int pos = model.getOutputIDInfo().getID(new Label(ChurnModel.POSITIVE));
      int neg = model.getOutputIDInfo().getID(new Label(ChurnModel.NEGATIVE));
      ImmutableFeatureMap features = model.getFeatureIDMap();
      this.means = index.means();
      this.w = new double[means.length];
      for (VariableInfo info : features) {
        Integer j = index.ofFeature().get(info.getName());
        int id = features.getID(info.getName());
        if (j != null) {
          w[j] = weights.get(pos, id) - weights.get(neg, id);
        }
      }
      this.bias = weights.get(pos, features.size()) - weights.get(neg, features.size());
      double b = bias;
      for (int j = 0; j < w.length; j++) {
        b += w[j] * means[j];
      }
      this.base = b;
    }

    @Override
    public double[] logOdds(Batch batch) {
      double[] z = new double[batch.dense().length];
      for (int r = 0; r < z.length; r++) {
        double[] x = batch.dense()[r];
        double sum = bias;
        for (int j = 0; j < w.length; j++) {
          if (!Double.isNaN(x[j])) {
            sum += w[j] * x[j];
          }
        }
        z[r] = sum;
      }
      return z;
    }

    @Override
    public double[] explain(Batch batch, double weight, double[] bases, double[][] phi) {
      for (int r = 0; r < bases.length; r++) {
        double[] x = batch.dense()[r];
        for (int j = 0; j < w.length; j++) {
          phi[r][j] += weight * w[j] * ((Double.isNaN(x[j]) ? 0 : x[j]) - means[j]);
        }
        bases[r] += weight * base;
      }
      return logOdds(batch);
    }
  }

  /** A booster of shallow trees, from its compiled tables. */
  private record Compiled(CompiledBooster booster) implements Part {
    @Override
    public double[] logOdds(Batch batch) {
      double[] z = new double[batch.dense().length];
      for (int r = 0; r < z.length; r++) {
        z[r] = booster.margin(batch.floats()[r]);
      }
      return z;
    }

    @Override
    public double[] explain(Batch batch, double weight, double[] bases, double[][] phi) {
      double[] z = new double[bases.length];
      for (int r = 0; r < bases.length; r++) {
        z[r] = booster.explain(batch.floats()[r], weight, phi[r]);
        bases[r] += weight * booster.bias();
      }
      return z;
    }
  }

  /** Any other booster: Tribuo's prediction and XGBoost's own TreeSHAP, one native call each. */
  private record Native(Model<Label> model, int[] schemaIndex) implements Part {
    @Override
    public double[] logOdds(Batch batch) {
      double[] p = ChurnModel.rawProbabilities(model, batch.examples());
      for (int r = 0; r < p.length; r++) {
        p[r] = Calibrator.logit(LogOddsPooling.clamp(p[r]));
      }
      return p;
    }

    @Override
    public double[] explain(Batch batch, double weight, double[] bases, double[][] phi) {
      XGBoostContributions.Batch c = XGBoostContributions.of(model, batch.examples());
      for (int r = 0; r < bases.length; r++) {
        double[] logOdds = c.logOdds()[r];
        for (int id = 0; id < schemaIndex.length && id < logOdds.length - 1; id++) {
          if (schemaIndex[id] >= 0) {
            phi[r][schemaIndex[id]] += weight * logOdds[id];
          }
        }
        bases[r] += weight * c.bias(r);
      }
      return c.margins();
    }
  }
}
