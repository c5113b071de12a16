package dev.retain.identity;

import dev.retain.identity.MatchModel.Pattern;
import dev.retain.identity.Resolution.Link;
import dev.retain.identity.Resolution.ReviewPair;
import dev.retain.identity.Resolution.Unmatched;
import dev.retain.identity.Settings.KeyPair;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Identity resolution: deterministic rules first, then a Fellegi-Sunter model over blocked
 * candidate pairs, then clustering with guards against over-merging. A full run ({@link #resolve})
 * estimates the model by expectation maximisation unless one is given; an incremental run ({@link
 * #update}) compares only new and changed records, with the model of the run it continues, and
 * gives the clusters a full run over the same records with that model gives.
 */
public final class IdentityEngine {
  static final int RANDOM_PAIRS = 200_000;
  static final int EM_ITERATIONS = 40;

  private final Settings settings;

  public IdentityEngine(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** A full run, estimating the model from the records by expectation maximisation. */
  public Resolution resolve(List<IdentityRecord> records) {
    return resolve(records, null);
  }

  /** A full run with a given model (null: estimate one). */
  public Resolution resolve(List<IdentityRecord> records, MatchModel model) {
    State state = new State(settings);
    int[] todo = state.upsert(records, null, new BitSet());
    state.recomputeGroups(null);
    BitSet inTodo = bits(todo);
    long[] pairs = state.candidatePairs(todo, inTodo);
    int[][] levels = state.levelsOf(pairs);
    state.model = model != null ? model : estimate(state, levels);
    state.score(pairs, levels);
    return finish(state);
  }

  /**
   * An incremental run: adds new records and replaces changed ones (same key), comparing only them
   * with the existing records. {@code previous} must not be used afterwards.
   */
  public Resolution update(Resolution previous, List<IdentityRecord> newOrChanged) {
    State state = previous.takeState();
    List<Set<String>> touched = state.newTouched();
    BitSet changed = new BitSet();
    int[] todo = state.upsert(newOrChanged, touched, changed);
    state.forget(changed);
    state.recomputeGroups(touched);
    long[] pairs = state.candidatePairs(todo, bits(todo));
    state.score(pairs, state.levelsOf(pairs));
    return finish(state);
  }

  /** Estimates the model by expectation maximisation over the candidate pairs of the records. */
  public MatchModel train(List<IdentityRecord> records) {
    State state = new State(settings);
    int[] todo = state.upsert(records, null, new BitSet());
    long[] pairs = state.candidatePairs(todo, bits(todo));
    return estimate(state, state.levelsOf(pairs));
  }

  /**
   * Learns the model from labelled pairs: every candidate pair of the records is labelled a match
   * when {@code label} gives both records the same non-null value.
   */
  public MatchModel trainFromLabels(
      List<IdentityRecord> records, Function<RecordKey, String> label) {
    State state = new State(settings);
    int[] todo = state.upsert(records, null, new BitSet());
    long[] pairs = state.candidatePairs(todo, bits(todo));
    int[][] levels = state.levelsOf(pairs);
    List<int[]> matches = new ArrayList<>();
    List<int[]> nonMatches = new ArrayList<>();
    for (int p = 0; p < pairs.length; p++) {
      String la = label.apply(state.keys.get((int) (pairs[p] >>> 32)));
      String lb = label.apply(state.keys.get((int) pairs[p]));
      (la != null && la.equals(lb) ? matches : nonMatches).add(levels[p]);
    }
    return MatchModel.fromLabels(settings.comparisons(), state.levelCounts, matches, nonMatches);
  }

  private MatchModel estimate(State state, int[][] levels) {
    Map<Pattern, Long> patterns = new HashMap<>();
    for (int[] l : levels) {
      patterns.merge(new Pattern(l), 1L, Long::sum);
    }
    return MatchModel.estimate(
        settings.comparisons(),
        state.levelCounts,
        patterns,
        state.randomLevels(RANDOM_PAIRS, 42),
        EM_ITERATIONS);
  }

  private static BitSet bits(int[] todo) {
    BitSet b = new BitSet();
    for (int i : todo) {
      b.set(i);
    }
    return b;
  }

  // ---------------------------------------------------------------- clustering

  private Resolution finish(State state) {
    int n = state.keys.size();
    List<Edge> edges = new ArrayList<>();
    Map<Integer, List<String>> notes = new HashMap<>();
    for (Map<String, State.GroupOutcome> outcomes : state.groupOutcomes) {
      for (State.GroupOutcome g : outcomes.values()) {
        edges.addAll(g.edges());
        g.notes().forEach((i, note) -> notes.computeIfAbsent(i, x -> new ArrayList<>()).add(note));
      }
    }
    double match = settings.matchProbability();
    List<Edge> band = new ArrayList<>();
    for (Edge e : state.scored) {
      if (MatchModel.probability(e.weight()) >= match) {
        edges.add(e);
      } else {
        band.add(e);
      }
    }
    for (KeyPair p : settings.mustLink()) {
      Integer a = state.indexOf.get(p.a());
      Integer b = state.indexOf.get(p.b());
      if (a != null && b != null) {
        edges.add(new Edge(a, b, Edge.MUST_LINK, "must_link", "override", 0, null));
      }
    }
    Map<Integer, Set<Integer>> cannot = new HashMap<>();
    for (KeyPair p : settings.cannotLink()) {
      Integer a = state.indexOf.get(p.a());
      Integer b = state.indexOf.get(p.b());
      if (a != null && b != null) {
        cannot.computeIfAbsent(a, x -> new HashSet<>()).add(b);
        cannot.computeIfAbsent(b, x -> new HashSet<>()).add(a);
      }
    }
    edges.sort(
        Comparator.comparingInt(Edge::priority)
            .thenComparing(Comparator.comparingDouble(Edge::weight).reversed())
            .thenComparing(e -> state.keys.get(Math.min(e.a(), e.b())))
            .thenComparing(e -> state.keys.get(Math.max(e.a(), e.b()))));

    GuardedClusters clusters = new GuardedClusters(n, settings.maxClusterSize(), cannot);
    List<Link> links = new ArrayList<>();
    List<ReviewPair> review = new ArrayList<>();
    // an attach-only value (an address) shared by records already in two clusters decides nothing
    Map<String, String> sharedValue = new HashMap<>();
    for (Edge e : edges) {
      boolean attachOnly =
          e.priority() >= 0
              && e.priority() < settings.rules().size()
              && settings.rules().get(e.priority()).attachOnly();
      String refused =
          attachOnly
              ? sharedValue.computeIfAbsent(
                  e.priority() + "|" + e.evidence(), k -> sharedBy(state, clusters, e))
              : null;
      if (refused != null && refused.isEmpty()) {
        refused = null;
      }
      if (refused == null) {
        refused = clusters.union(e.a(), e.b(), attachOnly);
      }
      if (refused == null) {
        links.add(link(state, e));
      } else if (!refused.isEmpty()) {
        review.add(
            new ReviewPair(
                state.keys.get(e.a()),
                state.keys.get(e.b()),
                e.probabilistic() ? MatchModel.probability(e.weight()) : 1.0,
                "not linked: " + refused + "; evidence: " + explain(state, e)));
        for (int i : new int[] {e.a(), e.b()}) {
          notes.computeIfAbsent(i, x -> new ArrayList<>()).add("a link was refused: " + refused);
        }
      }
    }
    for (Edge e : band) {
      if (clusters.find(e.a()) != clusters.find(e.b())) {
        review.add(
            new ReviewPair(
                state.keys.get(e.a()),
                state.keys.get(e.b()),
                MatchModel.probability(e.weight()),
                "below the match threshold " + match + ": " + explain(state, e)));
        for (int i : new int[] {e.a(), e.b()}) {
          notes
              .computeIfAbsent(i, x -> new ArrayList<>())
              .add(
                  String.format(
                      "in review with %s (p %.3f)",
                      state.keys.get(i == e.a() ? e.b() : e.a()),
                      MatchModel.probability(e.weight())));
        }
      }
    }

    // labels: the smallest key of each cluster
    RecordKey[] smallest = new RecordKey[n];
    for (int i = 0; i < n; i++) {
      int root = clusters.find(i);
      RecordKey k = state.keys.get(i);
      if (smallest[root] == null || k.compareTo(smallest[root]) < 0) {
        smallest[root] = k;
      }
    }
    Map<RecordKey, String> clusterOf = new HashMap<>(n * 2);
    String[] labels = new String[n];
    int clusterCount = 0;
    List<Unmatched> unmatched = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int root = clusters.find(i);
      if (labels[root] == null) {
        labels[root] = smallest[root].toString();
        clusterCount++;
      }
      clusterOf.put(state.keys.get(i), labels[root]);
      if (clusters.size(root) == 1) {
        unmatched.add(new Unmatched(state.keys.get(i), unmatchedReason(state, i, notes.get(i))));
      }
    }
    unmatched.sort(Comparator.comparing(Unmatched::key));
    review.sort(Comparator.comparing(ReviewPair::a).thenComparing(ReviewPair::b));
    return new Resolution(
        state, clusterOf, links, review, unmatched, state.candidatePairs, clusterCount);
  }

  /**
   * Why an attach-only rule's value decides nothing ("" when it may attach): its records already
   * belong to more than one cluster of several records.
   */
  private static String sharedBy(State state, GuardedClusters clusters, Edge e) {
    IntList members = state.groups.get(e.priority()).get(e.evidence());
    if (members == null) {
      return "";
    }
    Set<Integer> roots = new HashSet<>();
    for (int k = 0; k < members.size(); k++) {
      int root = clusters.find(members.get(k));
      if (clusters.size(root) > 1) {
        roots.add(root);
      }
    }
    return roots.size() > 1
        ? e.rule() + " " + e.evidence() + " is shared by records of " + roots.size() + " clusters"
        : "";
  }

  private static String unmatchedReason(State state, int i, List<String> notes) {
    if (notes != null && !notes.isEmpty()) {
      return String.join("; ", new TreeSet<>(notes));
    }
    Double best = state.bestBelowReview.get(i);
    return best == null
        ? "no deterministic rule applies and no candidate pair shares a blocking key"
        : String.format("no candidate pair reaches review (best p %.3f)", best);
  }

  private Link link(State state, Edge e) {
    return new Link(
        state.keys.get(e.a()),
        state.keys.get(e.b()),
        e.rule(),
        e.probabilistic() ? MatchModel.probability(e.weight()) : 1.0,
        explain(state, e));
  }

  /** A rule with its value, or every comparison with its level and weight. */
  static String explain(State state, Edge e) {
    if (!e.probabilistic()) {
      return e.rule() + ": " + e.evidence();
    }
    MatchModel model = state.model;
    StringBuilder s = new StringBuilder();
    for (int c = 0; c < e.levels().length; c++) {
      int level = e.levels()[c];
      FieldType type = state.settings.fields().get(state.compared[c]).type();
      s.append(model.fields().get(c))
          .append(' ')
          .append(level < 0 ? "missing" : type.levels().get(level))
          .append(String.format(" %+.2f, ", model.weight(c, level)));
    }
    s.append(
        String.format(
            "prior %+.2f = %.2f (p %.4f)",
            model.priorWeight(), e.weight(), MatchModel.probability(e.weight())));
    return s.toString();
  }
}
