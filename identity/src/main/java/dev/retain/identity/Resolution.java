package dev.retain.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a run: every record's cluster, the links that made the clusters (each with its
 * reason), borderline pairs for review, and every record that matched nothing with the reason. Hand
 * it to {@link IdentityEngine#update} to resolve new and changed records incrementally (the update
 * takes over its state; keep using the returned resolution).
 */
public final class Resolution {

  /** A link between two records and why it was made. */
  public record Link(RecordKey a, RecordKey b, String rule, double probability, String reason) {}

  /** A pair for a person to decide, with the evidence for and against. */
  public record ReviewPair(RecordKey a, RecordKey b, double probability, String reason) {}

  /** A record that joined no other record, and why. */
  public record Unmatched(RecordKey key, String reason) {}

  /** Counts of one run. */
  public record Stats(
      int records, long candidatePairs, int links, int reviewPairs, int clusters, int unmatched) {}

  private final State state;
  private final Map<RecordKey, String> clusterOf;
  private final List<Link> links;
  private final List<ReviewPair> review;
  private final List<Unmatched> unmatched;
  private final Stats stats;
  private boolean consumed;

  Resolution(
      State state,
      Map<RecordKey, String> clusterOf,
      List<Link> links,
      List<ReviewPair> review,
      List<Unmatched> unmatched,
      long candidatePairs,
      int clusters) {
    this.state = state;
    this.clusterOf = Collections.unmodifiableMap(clusterOf);
    this.links = Collections.unmodifiableList(links);
    this.review = Collections.unmodifiableList(review);
    this.unmatched = List.copyOf(unmatched);
    this.stats =
        new Stats(
            clusterOf.size(),
            candidatePairs,
            links.size(),
            review.size(),
            clusters,
            unmatched.size());
  }

  /**
   * Every record's cluster label: the smallest key among its members, so that the label does not
   * depend on the order records arrived in. Stable customer ids come from {@link StableIds}.
   */
  public Map<RecordKey, String> clusterOf() {
    return clusterOf;
  }

  /** The clusters, each as its sorted member keys, in label order. */
  public List<List<RecordKey>> clusters() {
    Map<String, List<RecordKey>> byLabel = new TreeMap<>();
    clusterOf.forEach((k, c) -> byLabel.computeIfAbsent(c, x -> new ArrayList<>()).add(k));
    List<List<RecordKey>> out = new ArrayList<>();
    for (List<RecordKey> members : byLabel.values()) {
      members.sort(null);
      out.add(List.copyOf(members));
    }
    return out;
  }

  public List<Link> links() {
    return links;
  }

  public List<ReviewPair> review() {
    return review;
  }

  public List<Unmatched> unmatched() {
    return unmatched;
  }

  public MatchModel model() {
    return state.model;
  }

  public Stats stats() {
    return stats;
  }

  State takeState() {
    if (consumed) {
      throw new IllegalStateException("this resolution was already updated; use the newer one");
    }
    consumed = true;
    return state;
  }
}
