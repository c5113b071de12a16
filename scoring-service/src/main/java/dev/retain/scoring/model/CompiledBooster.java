package dev.retain.scoring.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * An XGBoost booster of shallow trees compiled into tables, so that its churn log-odds and their
 * exact TreeSHAP contributions cost a few comparisons per tree, in Java, with no native call.
 *
 * <p>A tree with {@code k <= }{@value #MAX_SPLITS} splits sends a row left or right at each of
 * them; the {@code 2^k} combinations ("patterns") decide both the leaf the row reaches and its
 * path-dependent SHAP values, which are precomputed per pattern when the booster is compiled: for
 * each subset {@code S} of the tree's features, {@code v(S)} follows the row at splits on features
 * in {@code S} and averages the two sides by cover elsewhere, and each feature's Shapley value
 * weighs {@code v(S ∪ {i}) - v(S)} over the subsets in the usual way. That is the quantity
 * XGBoost's {@code predictContrib} computes with the TreeSHAP algorithm (tests compare the two),
 * and {@code Σ_i φ_i = f(x) - v(∅)}; the bias is {@code Σ_trees v(∅)}.
 *
 * <p>Only what Tribuo trains is compiled: {@code multi:softprob} with two classes (the churn
 * log-odds are the churn class's margin minus the other's, so the base score cancels) and trees
 * without categorical splits. Anything else stays on XGBoost itself.
 */
final class CompiledBooster {

  /** Largest number of splits per tree compiled (a full tree of depth 3). */
  static final int MAX_SPLITS = 7;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Per tree: its splits, its features, and per pattern its leaf value and SHAP values. */
  private record Tree(
      int[] splitFeature,
      float[] threshold,
      boolean[] missingLeft,
      int[] features,
      double[] leaf,
      double[] shap,
      double expected) {}

  // every tree padded to the same number of splits (a padded split always sends the row left)
  private final int trees;
  private final int splits;
  private final int width;
  private final int[] splitFeature;
  private final float[] threshold;
  private final boolean[] missingLeft;
  private final double[] leaf;
  private final int[] shapFeature;
  private final double[] shap;
  private final double bias;

  private CompiledBooster(List<Tree> compiled) {
    this.trees = compiled.size();
    int s = 0;
    int w = 0;
    double b = 0;
    for (Tree t : compiled) {
      s = Math.max(s, t.splitFeature().length);
      w = Math.max(w, t.features().length);
      b += t.expected();
    }
    this.splits = s;
    this.width = w;
    this.bias = b;
    int patterns = 1 << s;
    splitFeature = new int[trees * s];
    threshold = new float[trees * s];
    missingLeft = new boolean[trees * s];
    leaf = new double[trees * patterns];
    shapFeature = new int[trees * w];
    shap = new double[trees * patterns * w];
    for (int t = 0; t < trees; t++) {
      Tree tree = compiled.get(t);
      int k = tree.splitFeature().length;
      int m = tree.features().length;
      for (int j = 0; j < s; j++) {
        splitFeature[t * s + j] = j < k ? tree.splitFeature()[j] : 0;
        threshold[t * s + j] = j < k ? tree.threshold()[j] : Float.POSITIVE_INFINITY;
        missingLeft[t * s + j] = j >= k || tree.missingLeft()[j];
      }
      for (int j = 0; j < m; j++) {
        shapFeature[t * w + j] = tree.features()[j];
      }
      for (int p = 0; p < patterns; p++) {
        int own = p & ((1 << k) - 1);
        leaf[t * patterns + p] = tree.leaf()[own];
        for (int j = 0; j < m; j++) {
          shap[(t * patterns + p) * w + j] = tree.shap()[own * m + j];
        }
      }
    }
  }

  /**
   * Compiles a booster whose features are renumbered by {@code featureIndex} (booster feature id to
   * the caller's index, -1 for none); empty when it cannot be compiled.
   *
   * @param positive the class id of churn; the other class's trees count negatively
   */
  static Optional<CompiledBooster> of(Booster booster, int positive, int[] featureIndex) {
    JsonNode model;
    try {
      model = JSON.readTree(booster.toByteArray("json"));
    } catch (XGBoostError | IOException e) {
      return Optional.empty();
    }
    JsonNode learner = model.path("learner");
    if (!"multi:softprob".equals(learner.path("objective").path("name").asText())
        || !"2".equals(learner.path("learner_model_param").path("num_class").asText())) {
      return Optional.empty();
    }
    JsonNode gbtree = learner.path("gradient_booster").path("model");
    JsonNode info = gbtree.path("tree_info");
    List<Tree> trees = new ArrayList<>();
    for (int t = 0; t < gbtree.path("trees").size(); t++) {
      double sign = info.get(t).asInt() == positive ? 1 : -1;
      Optional<Tree> tree = compile(gbtree.path("trees").get(t), sign, featureIndex);
      if (tree.isEmpty()) {
        return Optional.empty();
      }
      trees.add(tree.get());
    }
    return Optional.of(new CompiledBooster(trees));
  }

  /** The churn log-odds' expected value, XGBoost's bias column (differenced over the classes). */
  double bias() {
    return bias;
  }

  /** The churn log-odds of a row ({@code x} by the caller's index; NaN = missing). */
  double margin(float[] x) {
    double margin = 0;
    int patterns = 1 << splits;
    for (int t = 0; t < trees; t++) {
      margin += leaf[t * patterns + pattern(t, x)];
    }
    return margin;
  }

  /**
   * Adds the row's SHAP values times {@code weight} into {@code phi} (by the caller's index) and
   * returns its churn log-odds.
   */
  double explain(float[] x, double weight, double[] phi) {
    double margin = 0;
    int patterns = 1 << splits;
    for (int t = 0; t < trees; t++) {
      int p = t * patterns + pattern(t, x);
      margin += leaf[p];
      for (int j = 0; j < width; j++) {
        phi[shapFeature[t * width + j]] += weight * shap[p * width + j];
      }
    }
    return margin;
  }

  /** Which way the row goes at each of tree {@code t}'s splits, one bit each (1 = left). */
  private int pattern(int t, float[] x) {
    int pattern = 0;
    int base = t * splits;
    for (int k = 0; k < splits; k++) {
      float v = x[splitFeature[base + k]];
      // NaN compares false both ways: a missing value goes to the split's default side
      boolean left = missingLeft[base + k] ? !(v >= threshold[base + k]) : v < threshold[base + k];
      pattern |= (left ? 1 : 0) << k;
    }
    return pattern;
  }

  private static Optional<Tree> compile(JsonNode tree, double sign, int[] featureIndex) {
    int n = tree.path("left_children").size();
    int[] left = ints(tree.path("left_children"));
    int[] right = ints(tree.path("right_children"));
    int[] split = ints(tree.path("split_indices"));
    int[] defaultLeft = ints(tree.path("default_left"));
    double[] condition = floats(tree.path("split_conditions"));
    double[] cover = floats(tree.path("sum_hessian"));
    if (tree.path("categories_nodes").size() > 0) {
      return Optional.empty();
    }
    // number the splits; remember each split's slot
    int[] slot = new int[n];
    List<Integer> splits = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      slot[i] = -1;
      if (left[i] >= 0) {
        slot[i] = splits.size();
        splits.add(i);
      }
    }
    int k = splits.size();
    if (k > MAX_SPLITS) {
      return Optional.empty();
    }
    int[] splitFeature = new int[k];
    float[] threshold = new float[k];
    boolean[] missingLeft = new boolean[k];
    Map<Integer, Integer> featureSlot = new LinkedHashMap<>();
    for (int s = 0; s < k; s++) {
      int node = splits.get(s);
      int f = split[node] < featureIndex.length ? featureIndex[split[node]] : -1;
      if (f < 0) {
        return Optional.empty();
      }
      splitFeature[s] = f;
      threshold[s] = (float) condition[node];
      missingLeft[s] = defaultLeft[node] != 0;
      featureSlot.putIfAbsent(f, featureSlot.size());
    }
    int[] features = featureSlot.keySet().stream().mapToInt(Integer::intValue).toArray();
    int m = features.length;
    int[] featureOfSplit = new int[k];
    for (int s = 0; s < k; s++) {
      featureOfSplit[s] = featureSlot.get(splitFeature[s]);
    }
    int patterns = 1 << k;
    double[] leaf = new double[patterns];
    double[] shap = new double[patterns * m];
    double[] weights = shapleyWeights(m);
    Walk walk = new Walk(left, right, slot, featureOfSplit, condition, cover);
    for (int p = 0; p < patterns; p++) {
      leaf[p] = sign * walk.value(0, p, (1 << m) - 1);
      double[] v = new double[1 << m];
      for (int subset = 0; subset < v.length; subset++) {
        v[subset] = walk.value(0, p, subset);
      }
      for (int i = 0; i < m; i++) {
        double phi = 0;
        for (int subset = 0; subset < v.length; subset++) {
          if ((subset & (1 << i)) == 0) {
            phi += weights[Integer.bitCount(subset)] * (v[subset | (1 << i)] - v[subset]);
          }
        }
        shap[p * m + i] = sign * phi;
      }
    }
    double expected = sign * walk.value(0, 0, 0);
    return Optional.of(
        new Tree(splitFeature, threshold, missingLeft, features, leaf, shap, expected));
  }

  /** {@code |S|! (m - |S| - 1)! / m!} by {@code |S|}. */
  private static double[] shapleyWeights(int m) {
    double[] w = new double[Math.max(m, 1)];
    for (int s = 0; s < m; s++) {
      w[s] = factorial(s) * factorial(m - s - 1) / factorial(m);
    }
    return w;
  }

  private static double factorial(int n) {
    double f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }

  /** The tree's expected value given the row's side at splits on the features in a subset. */
  private record Walk(
      int[] left,
      int[] right,
      int[] slot,
      int[] featureOfSplit,
      double[] condition,
      double[] cover) {

    double value(int node, int pattern, int subset) {
      if (left[node] < 0) {
        return condition[node]; // a leaf's split condition holds its value
      }
      int s = slot[node];
      if ((subset & (1 << featureOfSplit[s])) != 0) {
        return value((pattern & (1 << s)) != 0 ? left[node] : right[node], pattern, subset);
      }
      return (cover[left[node]] * value(left[node], pattern, subset)
              + cover[right[node]] * value(right[node], pattern, subset))
          / cover[node];
    }
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  /** XGBoost's float32 numbers (written in their shortest form), exactly. */
  private static double[] floats(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }
}
