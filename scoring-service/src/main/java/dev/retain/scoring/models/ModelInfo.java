package dev.retain.scoring.models;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored model version.
 *
 * @param version unique version
 * @param active whether it fills churnProbability now
 * @param createdAt when it was trained
 * @param algorithm the trainer that produced it (may be null)
 * @param labelColumn the label it predicts (may be null)
 * @param metrics its evaluation by metric name (rocAuc, prAuc, logLoss, brier, ece, ...)
 * @param trainingDataHash a hash of the data it was trained on (may be null)
 * @param features the feature schema it reads
 * @param provenance its Tribuo provenance as a JSON-shaped tree
 */
public record ModelInfo(
    String version,
    boolean active,
    Instant createdAt,
    String algorithm,
    String labelColumn,
    Map<String, Double> metrics,
    String trainingDataHash,
    List<Feature> features,
    Map<String, Object> provenance) {

  public ModelInfo {
    requireNonNull(version, "version");
    requireNonNull(createdAt, "createdAt");
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    features = features == null ? List.of() : List.copyOf(features);
    provenance = provenance == null ? Map.of() : provenance;
  }

  /** One feature a model reads, and its type (for example numeric or categorical). */
  public record Feature(String name, String type) {
    public Feature {
      requireNonNull(name, "name");
    }
  }
}
