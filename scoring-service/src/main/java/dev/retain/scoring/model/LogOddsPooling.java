package dev.retain.scoring.model;

import com.google.protobuf.Any;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import com.oracle.labs.mlrg.olcut.util.Pair;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.ensemble.EnsembleCombiner;
import org.tribuo.protos.core.EnsembleCombinerProto;

/**
 * Combines the members of a Tribuo ensemble by the normalised weighted geometric mean of their
 * probability distributions ("logarithmic pooling"). For two labels this is the weighted mean of
 * the members' log-odds, {@code logit(p) = Σ_m w_m logit(p_m) / Σ_m w_m}; so when every member's
 * log-odds are a sum of per-feature contributions (a linear model, or a booster with TreeSHAP), the
 * blend's are too, and its explanations stay exact (see {@link AdditiveModel}).
 *
 * <p>Member probabilities are clamped to [{@value #EPSILON}, 1 - {@value #EPSILON}] so that a
 * member sure of one label cannot decide the blend alone.
 */
public final class LogOddsPooling implements EnsembleCombiner<Label> {

  private static final long serialVersionUID = 1L;

  /** The serialised form's version. */
  public static final int CURRENT_VERSION = 0;

  static final double EPSILON = 1e-12;

  /** Tribuo's deserialisation entry point (found by class name from the stored model). */
  public static LogOddsPooling deserializeFromProto(int version, String className, Any message) {
    if (version < 0 || version > CURRENT_VERSION) {
      throw new IllegalArgumentException(
          "Unknown version " + version + ", this class supports at most " + CURRENT_VERSION);
    }
    return new LogOddsPooling();
  }

  @Override
  public EnsembleCombinerProto serialize() {
    return EnsembleCombinerProto.newBuilder()
        .setClassName(getClass().getName())
        .setVersion(CURRENT_VERSION)
        .build();
  }

  @Override
  public Prediction<Label> combine(
      ImmutableOutputInfo<Label> outputInfo, List<Prediction<Label>> predictions) {
    float[] weights = new float[predictions.size()];
    Arrays.fill(weights, 1f);
    return combine(outputInfo, predictions, weights);
  }

  @Override
  public Prediction<Label> combine(
      ImmutableOutputInfo<Label> outputInfo, List<Prediction<Label>> predictions, float[] weights) {
    if (predictions.size() != weights.length) {
      throw new IllegalArgumentException(
          predictions.size() + " predictions but " + weights.length + " weights");
    }
    double[] logs = new double[outputInfo.size()];
    double total = 0;
    int used = 0;
    for (int m = 0; m < predictions.size(); m++) {
      Prediction<Label> prediction = predictions.get(m);
      if (!prediction.hasProbabilities()) {
        throw new IllegalArgumentException("member " + m + " does not predict probabilities");
      }
      used = Math.max(used, prediction.getNumActiveFeatures());
      total += weights[m];
      for (Label label : prediction.getOutputScores().values()) {
        logs[outputInfo.getID(label)] += weights[m] * Math.log(clamp(label.getScore()));
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < logs.length; i++) {
      logs[i] /= total;
      max = Math.max(max, logs[i]);
    }
    double sum = 0;
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.exp(logs[i] - max);
      sum += logs[i];
    }
    Map<String, Label> scores = new HashMap<>();
    Label best = null;
    for (Pair<Integer, Label> pair : outputInfo) {
      Label scored = new Label(pair.getB().getLabel(), logs[pair.getA()] / sum);
      scores.put(scored.getLabel(), scored);
      if (best == null || scored.getScore() > best.getScore()) {
        best = scored;
      }
    }
    return new Prediction<>(best, scores, used, predictions.get(0).getExample(), true);
  }

  static double clamp(double p) {
    return Math.min(1 - EPSILON, Math.max(EPSILON, p));
  }

  @Override
  public ConfiguredObjectProvenance getProvenance() {
    return new ConfiguredObjectProvenanceImpl(this, "EnsembleCombiner");
  }

  @Override
  public Class<Label> getTypeWitness() {
    return Label.class;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogOddsPooling;
  }

  @Override
  public int hashCode() {
    return LogOddsPooling.class.hashCode();
  }

  @Override
  public String toString() {
    return "LogOddsPooling()";
  }
}
