package dev.retain.identity;

import dev.retain.identity.MatchModel.Pattern;
import dev.retain.identity.Resolution.Link;
import dev.retain.identity.Resolution.ReviewPair;
import dev.retain.identity.Resolution.Unmatched;
import dev.retain.identity.Settings.KeyPair;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
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
    return finish(state, null, null, 0);
  }

  /**
   * An incremental run: adds new records and replaces changed ones (same key), comparing only them
   * with the existing records. {@code previous} must not be used afterwards.
   */
  public Resolution update(Resolution previous, List<IdentityRecord> newOrChanged) {
    State state = previous.takeState();
    BitSet[] touched = state.newTouched();
    BitSet changed = new BitSet();
    int[] todo = state.upsert(newOrChanged, touched, changed);
    state.forget(changed);
    state.recomputeGroups(touched);
    long[] pairs = state.candidatePairs(todo, bits(todo));
    int kept = state.scored.size();
    state.score(pairs, state.levelsOf(pairs));
    return finish(state, touched, changed, kept);
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

  /** Edge order: priority, then weight (highest first), then the records' key ranks. */
  private static Comparator<Edge> edgeOrder(int[] rank) {
    return (x, y) -> {
      int c = Integer.compare(x.priority(), y.priority());
      if (c != 0) {
        return c;
      }
      c = Double.compare(y.weight(), x.weight());
      if (c != 0) {
        return c;
      }
      c = Integer.compare(rank[Math.min(x.a(), x.b())], rank[Math.min(y.a(), y.b())]);
      return c != 0
          ? c
          : Integer.compare(rank[Math.max(x.a(), x.b())], rank[Math.max(y.a(), y.b())]);
    };
  }

  private static void note(List<String>[] notes, int i, String note) {
    if (notes[i] == null) {
      notes[i] = new ArrayList<>(2);
    }
    notes[i].add(note);
  }

  /**
   * Clusters every edge. A full run ({@code touched} null) sorts all edges; an incremental run
   * keeps the previous run's sorted edges except those of recomputed groups, of changed records and
   * the overrides, and merges in the new ones (sorted), which gives the order a full sort gives:
   * new keys change ranks but not the order of existing keys.
   */
  @SuppressWarnings("unchecked")
  private Resolution finish(State state, BitSet[] touched, BitSet changed, int keptScored) {
    int n = state.keys.size();
    int[] rank = state.rank;
    List<String>[] notes = new List[n];
    boolean incremental = touched != null && state.sortedEdges != null;
    int model = settings.rules().size();
    List<Edge> edges = new ArrayList<>();
    for (int r = 0; r < state.groupOutcomes.size(); r++) {
      List<State.GroupOutcome> outcomes = state.groupOutcomes.get(r);
      for (int g = 0; g < outcomes.size(); g++) {
        State.GroupOutcome o = outcomes.get(g);
        if (o != null) {
          if (!incremental || touched[r].get(g)) {
            edges.addAll(Arrays.asList(o.edges()));
          }
          for (int i : o.noted()) {
            note(notes, i, o.note());
          }
        }
      }
    }
    double match = settings.matchProbability();
    List<Edge> band = new ArrayList<>();
    for (int k = 0; k < state.scored.size(); k++) {
      Edge e = state.scored.get(k);
      if (MatchModel.probability(e.weight()) >= match) {
        if (!incremental || k >= keptScored) {
          edges.add(e);
        }
      } else {
        band.add(e);
      }
    }
    for (KeyPair p : settings.mustLink()) {
      Integer a = state.indexOf.get(p.a());
      Integer b = state.indexOf.get(p.b());
      if (a != null && b != null) {
        edges.add(new Edge(a, b, Edge.MUST_LINK, "must_link", "override", -1, 0, null));
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
    Comparator<Edge> order = edgeOrder(rank);
    Edge[] fresh = edges.toArray(new Edge[0]);
    edges = null;
    Arrays.parallelSort(fresh, order);
    Edge[] sorted;
    if (!incremental) {
      sorted = fresh;
    } else {
      Edge[] previous = state.sortedEdges;
      sorted = new Edge[previous.length + fresh.length];
      int a = 0;
      int b = 0;
      int k = 0;
      while (a < previous.length || b < fresh.length) {
        if (a < previous.length) {
          Edge e = previous[a];
          int p = e.priority();
          boolean gone =
              p == Edge.MUST_LINK
                  || (p < model && touched[p].get(e.group()))
                  || (p == model && (changed.get(e.a()) || changed.get(e.b())));
          if (gone) {
            a++;
            continue;
          }
          if (b == fresh.length || order.compare(e, fresh[b]) <= 0) {
            sorted[k++] = e;
            a++;
            continue;
          }
        }
        sorted[k++] = fresh[b++];
      }
      sorted = Arrays.copyOf(sorted, k);
    }
    state.sortedEdges = sorted;

    GuardedClusters clusters = new GuardedClusters(n, settings.maxClusterSize(), cannot);
    Edge[] linked = new Edge[sorted.length];
    int linkCount = 0;
    List<PendingReview> review = new ArrayList<>();
    Map<String, String> refusedNotes = new HashMap<>();
    // an attach-only value (an address) shared by records already in two clusters decides nothing
    Map<Long, String> sharedValue = new HashMap<>();
    for (Edge e : sorted) {
      boolean attachOnly =
          e.priority() >= 0
              && e.priority() < settings.rules().size()
              && settings.rules().get(e.priority()).attachOnly();
      String refused =
          attachOnly
              ? sharedValue.computeIfAbsent(
                  ((long) e.priority() << 32) | e.group(), k -> sharedBy(state, clusters, e))
              : null;
      if (refused != null && refused.isEmpty()) {
        refused = null;
      }
      if (refused == null) {
        refused = clusters.union(e.a(), e.b(), attachOnly);
      }
      if (refused == null) {
        linked[linkCount++] = e;
      } else if (!refused.isEmpty()) {
        review.add(new PendingReview(e, refused, order(rank, e)));
        String note = refusedNotes.computeIfAbsent(refused, x -> "a link was refused: " + x);
        note(notes, e.a(), note);
        note(notes, e.b(), note);
      }
    }
    Map<Double, String> threeDecimals = new HashMap<>();
    for (Edge e : band) {
      if (clusters.find(e.a()) != clusters.find(e.b())) {
        double p = MatchModel.probability(e.weight());
        review.add(new PendingReview(e, null, order(rank, e)));
        for (int i : new int[] {e.a(), e.b()}) {
          note(
              notes,
              i,
              "in review with "
                  + state.keys.get(i == e.a() ? e.b() : e.a())
                  + " (p "
                  + threeDecimals.computeIfAbsent(p, x -> String.format("%.3f", x))
                  + ")");
        }
      }
    }

    // labels: the smallest key of each cluster (the lowest rank)
    int[] rootOf = new int[n];
    int[] smallest = new int[n];
    Arrays.fill(smallest, -1);
    for (int i = 0; i < n; i++) {
      int root = clusters.find(i);
      rootOf[i] = root;
      if (smallest[root] < 0 || rank[i] < rank[smallest[root]]) {
        smallest[root] = i;
      }
    }
    String[] labels = new String[n];
    int clusterCount = 0;
    List<Unmatched> unmatched = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (smallest[i] >= 0) {
        labels[i] = state.keys.get(smallest[i]).toString();
        clusterCount++;
      }
    }
    for (int i : state.order) {
      if (clusters.size(rootOf[i]) == 1) {
        unmatched.add(new Unmatched(state.keys.get(i), unmatchedReason(state, i, notes[i])));
      }
    }
    // sorted by the keys of a, then b; each pair and its explanation is built when read
    PendingReview[] pending = review.toArray(new PendingReview[0]);
    Arrays.sort(pending, Comparator.comparingLong(PendingReview::order));
    List<ReviewPair> reviewSorted =
        new AbstractList<>() {
          @Override
          public ReviewPair get(int index) {
            return pending[index].pair(state, match);
          }

          @Override
          public int size() {
            return pending.length;
          }
        };
    Edge[] linkEdges = Arrays.copyOf(linked, linkCount);
    List<Link> links =
        new AbstractList<>() {
          @Override
          public Link get(int index) {
            return link(state, linkEdges[index]);
          }

          @Override
          public int size() {
            return linkEdges.length;
          }
        };
    return new Resolution(
        state,
        new ClusterMap(state.keys, state.indexOf, n, rootOf, labels),
        links,
        reviewSorted,
        unmatched,
        state.candidatePairs,
        clusterCount);
  }

  private static long order(int[] rank, Edge e) {
    return ((long) rank[e.a()] << 32) | rank[e.b()];
  }

  /** A pair for review: a refused link ({@code refused} says why) or a pair below the match. */
  private record PendingReview(Edge e, String refused, long order) {
    ReviewPair pair(State state, double match) {
      return refused != null
          ? new ReviewPair(
              state.keys.get(e.a()),
              state.keys.get(e.b()),
              e.probabilistic() ? MatchModel.probability(e.weight()) : 1.0,
              "not linked: " + refused + "; evidence: " + explain(state, e))
          : new ReviewPair(
              state.keys.get(e.a()),
              state.keys.get(e.b()),
              MatchModel.probability(e.weight()),
              "below the match threshold " + match + ": " + explain(state, e));
    }
  }

  /**
   * Why an attach-only rule's value decides nothing ("" when it may attach): its records already
   * belong to more than one cluster of several records.
   */
  private static String sharedBy(State state, GuardedClusters clusters, Edge e) {
    IntList members = e.group() < 0 ? null : state.groups[e.priority()].members(e.group());
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
    double best = state.bestBelowReview(i);
    return Double.isNaN(best)
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
    return state.explanations.computeIfAbsent(
        new Pattern(e.levels()), x -> explainLevels(state, e));
  }

  private static String explainLevels(State state, Edge e) {
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
