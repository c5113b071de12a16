package dev.retain.scoring.model;

import java.util.Optional;
import ml.dmlc.xgboost4j.java.DMatrix;

/** Whether XGBoost's native library loads on this machine. */
final class XGBoostSupport {

  private static volatile Optional<String> problem;

  private XGBoostSupport() {}

  /** Empty when XGBoost works here, else why it does not. */
  static Optional<String> problem() {
    Optional<String> p = problem;
    if (p == null) {
      p = check();
      problem = p;
    }
    return p;
  }

  private static Optional<String> check() {
    try {
      DMatrix m = new DMatrix(new float[] {1f, 2f}, 2, 1, Float.NaN);
      m.dispose();
      return Optional.empty();
    } catch (Throwable e) {
      return Optional.of(
          "XGBoost's native library did not load ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")");
    }
  }
}
