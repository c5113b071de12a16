package dev.retain.identity;

import dev.retain.identity.Settings.BlockingKey;
import dev.retain.identity.Settings.BlockingRule;
import dev.retain.identity.Settings.Rule;
import dev.retain.identity.Settings.RuleKind;
import dev.retain.identity.normalise.FreeMail;
import dev.retain.identity.normalise.Normalise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Everything a run knows, kept for the next incremental run: the normalised records, the blocking
 * and rule indexes, the model and every edge found so far.
 */
final class State {
  final Settings settings;
  MatchModel model;
  final int[] compared; // field index of each compared field
  final int[] levelCounts;

  final List<RecordKey> keys = new ArrayList<>();
  final Map<RecordKey, Integer> indexOf = new HashMap<>();
  final List<String[]> values = new ArrayList<>();

  /** Per blocking rule: key -> members. */
  final List<Map<String, IntList>> blocks = new ArrayList<>();

  /** Per deterministic rule: group value -> records carrying it (referrers for REFERENCE). */
  final List<Map<String, IntList>> groups = new ArrayList<>();

  /** Per EMAIL_DOMAIN rule: domain -> records whose domain field has it. */
  final List<Map<String, IntList>> anchors = new ArrayList<>();

  /** Record id -> records with that id (targets of REFERENCE rules). */
  final Map<String, IntList> byId = new HashMap<>();

  /** Per deterministic rule: group value -> its edges and notes (only non-empty outcomes). */
  final List<Map<String, GroupOutcome>> groupOutcomes = new ArrayList<>();

  /** Probabilistic edges at or above the review threshold. */
  final List<Edge> scored = new ArrayList<>();

  /** Best probability seen per record among scored pairs below review, for unmatched reasons. */
  final Map<Integer, Double> bestBelowReview = new HashMap<>();

  long candidatePairs;

  record GroupOutcome(List<Edge> edges, Map<Integer, String> notes) {}

  State(Settings settings) {
    this.settings = settings;
    compared = settings.comparisons().stream().mapToInt(settings::fieldIndex).toArray();
    levelCounts =
        Arrays.stream(compared).map(f -> settings.fields().get(f).type().levels().size()).toArray();
    for (int i = 0; i < settings.blocking().size(); i++) {
      blocks.add(new HashMap<>());
    }
    for (int i = 0; i < settings.rules().size(); i++) {
      groups.add(new HashMap<>());
      anchors.add(new HashMap<>());
      groupOutcomes.add(new HashMap<>());
    }
  }

  // ---------------------------------------------------------------- records and indexes

  String[] normalise(IdentityRecord r) {
    List<Settings.Field> fields = settings.fields();
    String[] out = new String[fields.size()];
    for (int f = 0; f < out.length; f++) {
      out[f] =
          fields.get(f).type().normalise(r.value(fields.get(f).name()), settings.phoneRegion());
    }
    return out;
  }

  /** Per deterministic rule, the group values whose outcome must be recomputed. */
  List<Set<String>> newTouched() {
    List<Set<String>> touched = new ArrayList<>();
    for (int r = 0; r < groups.size(); r++) {
      touched.add(new HashSet<>());
    }
    return touched;
  }

  /**
   * Adds new records and replaces changed ones; returns the indexes to (re)compare and collects,
   * per rule, the group values whose rule outcome must be recomputed ({@code touchedGroups} null: a
   * full run, which recomputes every group afterwards).
   */
  int[] upsert(List<IdentityRecord> records, List<Set<String>> touchedGroups, BitSet changed) {
    List<String[]> normalised =
        IntStream.range(0, records.size())
            .parallel()
            .mapToObj(i -> normalise(records.get(i)))
            .toList();
    int[] todo = new int[records.size()];
    for (int n = 0; n < records.size(); n++) {
      RecordKey key = records.get(n).key();
      Integer existing = indexOf.get(key);
      int i;
      if (existing != null) {
        i = existing;
        unindex(i, touchedGroups);
        values.set(i, normalised.get(n));
        changed.set(i);
      } else {
        i = keys.size();
        keys.add(key);
        indexOf.put(key, i);
        values.add(normalised.get(n));
      }
      index(i, touchedGroups);
      todo[n] = i;
    }
    return todo;
  }

  private void index(int i, List<Set<String>> touched) {
    for (int b = 0; b < blocks.size(); b++) {
      String k = blockKey(b, i);
      if (k != null) {
        blocks.get(b).computeIfAbsent(k, x -> new IntList()).add(i);
      }
    }
    // a reference names a record by its id, or by its full key (source:id)
    byId.computeIfAbsent(keys.get(i).id(), x -> new IntList()).add(i);
    byId.computeIfAbsent(keys.get(i).toString(), x -> new IntList()).add(i);
    for (int r = 0; r < groups.size(); r++) {
      String g = groupKey(r, i);
      if (g != null) {
        groups.get(r).computeIfAbsent(g, x -> new IntList()).add(i);
        if (touched != null) {
          touched.get(r).add(g);
        }
      }
      String a = anchorKey(r, i);
      if (a != null) {
        anchors.get(r).computeIfAbsent(a, x -> new IntList()).add(i);
        if (touched != null) {
          touched.get(r).add(a);
        }
      }
      if (touched != null && settings.rules().get(r).kind() == RuleKind.REFERENCE) {
        touched.get(r).add(keys.get(i).id()); // it may be the target others wait for
        touched.get(r).add(keys.get(i).toString());
      }
    }
  }

  private void unindex(int i, List<Set<String>> touched) {
    for (int b = 0; b < blocks.size(); b++) {
      String k = blockKey(b, i);
      if (k != null) {
        blocks.get(b).get(k).remove(i);
      }
    }
    for (int r = 0; r < groups.size(); r++) {
      String g = groupKey(r, i);
      if (g != null) {
        groups.get(r).get(g).remove(i);
        if (touched != null) {
          touched.get(r).add(g);
        }
      }
      String a = anchorKey(r, i);
      if (a != null) {
        anchors.get(r).get(a).remove(i);
        if (touched != null) {
          touched.get(r).add(a);
        }
      }
    }
  }

  String blockKey(int rule, int i) {
    BlockingRule b = settings.blocking().get(rule);
    String[] v = values.get(i);
    StringBuilder key = new StringBuilder();
    for (BlockingKey k : b.keys()) {
      String value = v[settings.fieldIndex(k.field())];
      if (value == null) {
        return null;
      }
      if (k.prefix() > 0 && value.length() > k.prefix()) {
        value = value.substring(0, k.prefix());
      }
      key.append(value).append('\u0001');
    }
    return key.toString();
  }

  private String groupKey(int r, int i) {
    Rule rule = settings.rules().get(r);
    String v = values.get(i)[settings.fieldIndex(rule.field())];
    if (v == null) {
      return null;
    }
    return rule.kind() == RuleKind.EMAIL_DOMAIN
        ? Normalise.domain(v.substring(v.indexOf('@') + 1))
        : v;
  }

  private String anchorKey(int r, int i) {
    Rule rule = settings.rules().get(r);
    return rule.kind() == RuleKind.EMAIL_DOMAIN
        ? values.get(i)[settings.fieldIndex(rule.otherField())]
        : null;
  }

  // ---------------------------------------------------------------- deterministic rules

  /** Recomputes the outcome of the touched groups (null: of every group). */
  void recomputeGroups(List<Set<String>> touched) {
    for (int r = 0; r < groups.size(); r++) {
      Map<String, GroupOutcome> outcomes = groupOutcomes.get(r);
      for (String value : touched == null ? groups.get(r).keySet() : touched.get(r)) {
        GroupOutcome outcome = groupOutcome(r, value);
        if (outcome == null) {
          outcomes.remove(value);
        } else {
          outcomes.put(value, outcome);
        }
      }
    }
  }

  private GroupOutcome groupOutcome(int r, String value) {
    Rule rule = settings.rules().get(r);
    IntList list = groups.get(r).get(value);
    if (list == null || list.size() == 0) {
      return null;
    }
    if (list.size() == 1 && rule.kind() == RuleKind.SAME) {
      return null; // a value nobody else has decides nothing and needs no note
    }
    int[] members = list.sorted();
    List<Edge> edges = new ArrayList<>();
    Map<Integer, String> notes = new HashMap<>();
    switch (rule.kind()) {
      case SAME -> {
        String blocked = blockedValue(rule, value, members.length);
        if (blocked != null) {
          if (members.length > 1) {
            for (int m : members) {
              notes.put(m, rule.name() + " " + value + " decides nothing: " + blocked);
            }
          }
        } else {
          for (int k = 1; k < members.length; k++) {
            edges.add(new Edge(members[0], members[k], r, rule.name(), value, 0, null));
          }
        }
      }
      case REFERENCE -> {
        IntList targets = byId.get(value);
        for (int m : members) {
          int target = -1;
          if (targets != null) {
            for (int t : targets.sorted()) {
              if (t != m && targetAllowed(rule, m, t)) {
                target = t;
                break;
              }
            }
          }
          if (target >= 0) {
            edges.add(new Edge(m, target, r, rule.name(), keys.get(target).toString(), 0, null));
          } else {
            notes.put(m, rule.name() + " names " + value + ", which no record has as its id");
          }
        }
      }
      case EMAIL_DOMAIN -> {
        if (FreeMail.isFreeMail(value)) {
          for (int m : members) {
            notes.put(m, "free-mail domain " + value + " identifies no company");
          }
          break;
        }
        IntList a = anchors.get(r).get(value);
        if (a == null || a.size() == 0) {
          for (int m : members) {
            notes.put(m, "no record has the domain " + value);
          }
          break;
        }
        int anchor = a.sorted()[0];
        for (int m : members) {
          if (m != anchor) {
            edges.add(new Edge(m, anchor, r, rule.name(), value, 0, null));
          }
        }
      }
    }
    return edges.isEmpty() && notes.isEmpty() ? null : new GroupOutcome(edges, notes);
  }

  private String blockedValue(Rule rule, String value, int size) {
    FieldType type = settings.fields().get(settings.fieldIndex(rule.field())).type();
    if (type == FieldType.EMAIL) {
      if (Normalise.isRoleMailbox(value)) {
        return "a shared role mailbox";
      }
    }
    if (type == FieldType.DOMAIN && FreeMail.isFreeMail(value)) {
      return "a free-mail domain";
    }
    if (size > rule.maxGroup()) {
      return "shared by " + size + " records (more than " + rule.maxGroup() + ")";
    }
    return null;
  }

  private boolean targetAllowed(Rule rule, int from, int to) {
    String target = rule.target();
    String fromSource = keys.get(from).source();
    String toSource = keys.get(to).source();
    if (target == null) {
      return true;
    }
    return switch (target) {
      case "same" -> fromSource.equals(toSource);
      case "other" -> !fromSource.equals(toSource);
      default -> target.equals(toSource);
    };
  }

  // ---------------------------------------------------------------- candidate pairs

  /** Candidate pairs involving the records in {@code todo}: each pair once, by its first rule. */
  long[] candidatePairs(int[] todo, BitSet inTodo) {
    int maxBlock = settings.maxBlockSize();
    long[] pairs = new long[1024];
    int n = 0;
    String[] keysOf = new String[blocks.size()];
    for (int r : todo) {
      for (int b = 0; b < blocks.size(); b++) {
        keysOf[b] = blockKey(b, r);
      }
      for (int b = 0; b < blocks.size(); b++) {
        if (keysOf[b] == null) {
          continue;
        }
        IntList block = blocks.get(b).get(keysOf[b]);
        if (block == null || block.size() > maxBlock) {
          continue;
        }
        for (int j = 0; j < block.size(); j++) {
          int m = block.get(j);
          if (m == r || (inTodo.get(m) && m > r)) {
            continue;
          }
          if (settings.linkAcrossSourcesOnly()
              && keys.get(m).source().equals(keys.get(r).source())) {
            continue;
          }
          if (coveredByEarlierRule(b, keysOf, m)) {
            continue;
          }
          if (n == pairs.length) {
            pairs = Arrays.copyOf(pairs, n * 2);
          }
          pairs[n++] = ((long) Math.min(r, m) << 32) | Math.max(r, m);
        }
      }
    }
    return Arrays.copyOf(pairs, n);
  }

  private boolean coveredByEarlierRule(int b, String[] keysOfR, int m) {
    for (int e = 0; e < b; e++) {
      if (keysOfR[e] != null && keysOfR[e].equals(blockKey(e, m))) {
        IntList block = blocks.get(e).get(keysOfR[e]);
        if (block.size() <= settings.maxBlockSize()) {
          return true;
        }
      }
    }
    return false;
  }

  int[] levels(int a, int b) {
    String[] va = values.get(a);
    String[] vb = values.get(b);
    int[] out = new int[compared.length];
    for (int c = 0; c < compared.length; c++) {
      int f = compared[c];
      out[c] = settings.fields().get(f).type().compare(va[f], vb[f]);
    }
    return out;
  }

  /** Comparison vectors of all pairs, computed in parallel. */
  int[][] levelsOf(long[] pairs) {
    return IntStream.range(0, pairs.length)
        .parallel()
        .mapToObj(p -> levels((int) (pairs[p] >>> 32), (int) pairs[p]))
        .toArray(int[][]::new);
  }

  /** Scores pairs with the model; keeps those at or above the review threshold. */
  void score(long[] pairs, int[][] levels) {
    double review = settings.reviewProbability();
    for (int p = 0; p < pairs.length; p++) {
      int a = (int) (pairs[p] >>> 32);
      int b = (int) pairs[p];
      double w = model.weight(levels[p]);
      double prob = MatchModel.probability(w);
      if (prob >= review) {
        scored.add(new Edge(a, b, settings.rules().size(), "model", null, w, levels[p]));
      } else {
        bestBelowReview.merge(a, prob, Math::max);
        bestBelowReview.merge(b, prob, Math::max);
      }
    }
    candidatePairs += pairs.length;
  }

  void forget(BitSet changed) {
    if (changed.isEmpty()) {
      return;
    }
    scored.removeIf(e -> changed.get(e.a()) || changed.get(e.b()));
    changed.stream().forEach(bestBelowReview::remove);
  }

  /** A random sample of comparison vectors, for estimating {@code u}. */
  List<int[]> randomLevels(int samples, long seed) {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    int n = keys.size();
    List<int[]> out = new ArrayList<>(samples);
    if (n < 2) {
      return out;
    }
    long[] pairs = new long[samples];
    int k = 0;
    int attempts = 0;
    while (k < samples && attempts++ < samples * 20) {
      int a = rng.nextInt(n);
      int b = rng.nextInt(n);
      if (a == b
          || (settings.linkAcrossSourcesOnly()
              && keys.get(a).source().equals(keys.get(b).source()))) {
        continue;
      }
      pairs[k++] = ((long) a << 32) | b;
    }
    return Arrays.asList(levelsOf(Arrays.copyOf(pairs, k)));
  }
}
