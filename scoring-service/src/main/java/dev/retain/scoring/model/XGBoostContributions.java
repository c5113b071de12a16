package dev.retain.scoring.model;

import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.common.xgboost.XGBoostTrainer;

/**
 * XGBoost's exact per-feature contributions (TreeSHAP, {@code Booster.predictContrib}) to the
 * model's churn log-odds, for a Tribuo {@link XGBoostModel}.
 *
 * <p>Tribuo trains classification boosters with {@code multi:softprob} (one margin per label) or
 * {@code binary:logistic} (one margin); either way the churn log-odds are {@code m(churn) -
 * m(stay)} (or the single margin, signed by which label it is for), and the contributions are the
 * same differences of the per-feature contributions, so {@code bias + Σ contributions} equals the
 * log-odds of the model's raw probability exactly (up to float rounding).
 */
final class XGBoostContributions {

  /**
   * Per-feature contributions to the churn log-odds.
   *
   * @param bias the expected log-odds (XGBoost's bias column)
   * @param byFeature model feature name to contribution (every feature the model knows)
   * @param margin the log-odds XGBoost itself predicts ({@code predict(outputMargin=true)})
   */
  record Contributions(double bias, Map<String, Double> byFeature, double margin) {}

  private XGBoostContributions() {}

  static boolean supports(Model<Label> model) {
    return model instanceof XGBoostModel<?> x && x.getInnerModels().size() == 1;
  }

  static Contributions of(Model<Label> model, Example<Label> example) {
    @SuppressWarnings("unchecked")
    XGBoostModel<Label> xgb = (XGBoostModel<Label>) model;
    ImmutableFeatureMap features = xgb.getFeatureIDMap();
    Booster booster = xgb.getInnerModels().get(0);
    int positive = xgb.getOutputIDInfo().getID(new Label(ChurnModel.POSITIVE));
    int negative = xgb.getOutputIDInfo().getID(new Label(ChurnModel.NEGATIVE));
    DMatrix matrix = Access.convert(example, features);
    try {
      float[] contrib = booster.predictContrib(matrix, 0)[0];
      float[] margins = booster.predict(matrix, true)[0];
      int groups = margins.length;
      int width = contrib.length / groups;
      double[] logOdds = new double[width];
      double margin;
      if (groups == 1) {
        // binary:logistic predicts the label with id 1
        double sign = positive == 1 ? 1 : -1;
        for (int j = 0; j < width; j++) {
          logOdds[j] = sign * contrib[j];
        }
        margin = sign * margins[0];
      } else {
        for (int j = 0; j < width; j++) {
          logOdds[j] = contrib[positive * width + j] - contrib[negative * width + j];
        }
        margin = margins[positive] - margins[negative];
      }
      Map<String, Double> byFeature = new java.util.HashMap<>();
      for (int id = 0; id < Math.min(width - 1, features.size()); id++) {
        byFeature.put(features.get(id).getName(), logOdds[id]);
      }
      return new Contributions(logOdds[width - 1], byFeature, margin);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not compute contributions", e);
    } finally {
      matrix.dispose();
    }
  }

  /** Reaches Tribuo's own example conversion, so the matrix is the one its predict builds. */
  private abstract static class Access extends XGBoostTrainer<Label> {
    private Access() {}

    static DMatrix convert(Example<Label> example, ImmutableFeatureMap features) {
      try {
        return convertExample(example, features).data;
      } catch (XGBoostError e) {
        throw new IllegalStateException("XGBoost could not convert the example", e);
      }
    }
  }
}
