package dev.retain.scoring.model;

import java.util.HashMap;
import java.util.List;
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
 * model's churn log-odds, for a Tribuo {@link XGBoostModel}; many rows in one native call.
 *
 * <p>Tribuo trains classification boosters with {@code multi:softprob} (one margin per label) or
 * {@code binary:logistic} (one margin); either way the churn log-odds are {@code m(churn) -
 * m(stay)} (or the single margin, signed by which label it is for), and the contributions are the
 * same differences of the per-feature contributions, so {@code bias + Σ contributions} equals the
 * log-odds of the model's raw probability exactly (up to float rounding).
 */
final class XGBoostContributions {

  /**
   * Per-feature contributions to the churn log-odds of one row.
   *
   * @param bias the expected log-odds (XGBoost's bias column)
   * @param byFeature model feature name to contribution (every feature the model knows)
   * @param margin the log-odds XGBoost itself predicts ({@code predict(outputMargin=true)})
   */
  record Contributions(double bias, Map<String, Double> byFeature, double margin) {}

  /**
   * Contributions of many rows: {@code logOdds[r][id]} for the model's feature id, the bias in the
   * last column, and XGBoost's own margins.
   */
  record Batch(double[][] logOdds, double[] margins, ImmutableFeatureMap features) {
    double bias(int row) {
      return logOdds[row][logOdds[row].length - 1];
    }
  }

  private XGBoostContributions() {}

  static boolean supports(Model<Label> model) {
    return model instanceof XGBoostModel<?> x && x.getInnerModels().size() == 1;
  }

  static Contributions of(Model<Label> model, Example<Label> example) {
    Batch batch = of(model, List.of(example));
    Map<String, Double> byFeature = new HashMap<>();
    double[] row = batch.logOdds()[0];
    for (int id = 0; id < Math.min(row.length - 1, batch.features().size()); id++) {
      byFeature.put(batch.features().get(id).getName(), row[id]);
    }
    return new Contributions(batch.bias(0), byFeature, batch.margins()[0]);
  }

  static Batch of(Model<Label> model, List<Example<Label>> examples) {
    @SuppressWarnings("unchecked")
    XGBoostModel<Label> xgb = (XGBoostModel<Label>) model;
    ImmutableFeatureMap features = xgb.getFeatureIDMap();
    Booster booster = xgb.getInnerModels().get(0);
    int positive = xgb.getOutputIDInfo().getID(new Label(ChurnModel.POSITIVE));
    int negative = xgb.getOutputIDInfo().getID(new Label(ChurnModel.NEGATIVE));
    DMatrix matrix = Access.convert(examples, features);
    try {
      float[][] contrib = booster.predictContrib(matrix, 0);
      float[][] margins = booster.predict(matrix, true);
      double[][] logOdds = new double[examples.size()][];
      double[] margin = new double[examples.size()];
      for (int r = 0; r < logOdds.length; r++) {
        int groups = margins[r].length;
        int width = contrib[r].length / groups;
        double[] row = new double[width];
        if (groups == 1) {
          // binary:logistic predicts the label with id 1
          double sign = positive == 1 ? 1 : -1;
          for (int j = 0; j < width; j++) {
            row[j] = sign * contrib[r][j];
          }
          margin[r] = sign * margins[r][0];
        } else {
          for (int j = 0; j < width; j++) {
            row[j] = contrib[r][positive * width + j] - contrib[r][negative * width + j];
          }
          margin[r] = margins[r][positive] - margins[r][negative];
        }
        logOdds[r] = row;
      }
      return new Batch(logOdds, margin, features);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not compute contributions", e);
    } finally {
      matrix.dispose();
    }
  }

  /** Reaches Tribuo's own example conversion, so the matrix is the one its predict builds. */
  private abstract static class Access extends XGBoostTrainer<Label> {
    private Access() {}

    static DMatrix convert(List<Example<Label>> examples, ImmutableFeatureMap features) {
      try {
        return convertExamples(examples, features).data;
      } catch (XGBoostError e) {
        throw new IllegalStateException("XGBoost could not convert the examples", e);
      }
    }
  }
}
