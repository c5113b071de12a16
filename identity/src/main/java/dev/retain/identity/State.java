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
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Everything a run knows, kept for the next incremental run: the normalised records, the blocking
 * and rule indexes (values interned as ints), the records' key order, the model and every edge
 * found so far.
 */
final class State {
  final Settings settings;
  MatchModel model;
  final int[] compared; // field index of each compared field
  final int[] levelCounts;

  final List<RecordKey> keys = new ArrayList<>();
  final Map<RecordKey, Integer> indexOf = new HashMap<>();
  final List<String[]> values = new ArrayList<>();

  /** Each record's source, interned (sources are few). */
  private final Map<String, Integer> sourceIds = new HashMap<>();

  final IntList sourceOf = new IntList();

  /** Record indexes in key order, and each record's position in it. */
  int[] order = new int[0];

  int[] rank = new int[0];

  /** Per blocking rule: the interned keys with their members, and each record's key (-1: none). */
  final Interned[] blocks;

  final IntList[] blockOf;

  /**
   * Per deterministic rule: interned group values with the records carrying them (referrers for
   * REFERENCE) and, for EMAIL_DOMAIN, the records whose domain field has the value (anchors).
   */
  final Interned[] groups;

  final IntList[] groupOf;
  final IntList[] anchorOf;

  /** The distinct sources, by interned id. */
  private final List<String> sources = new ArrayList<>();

  /** Per deterministic rule: group id -> its edges and notes (null when it has neither). */
  final List<List<GroupOutcome>> groupOutcomes = new ArrayList<>();

  /** The edges of the last run in clustering order (kept for the next incremental run). */
  Edge[] sortedEdges;

  /** Probabilistic edges at or above the review threshold. */
  final List<Edge> scored = new ArrayList<>();

  /** Best probability per record among scored pairs below review (NaN: none). */
  private double[] bestBelowReview = new double[0];

  long candidatePairs;

  /** Explanations of comparison patterns under the model (a pattern's weight is fixed). */
  final Map<MatchModel.Pattern, String> explanations =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A rule group's edges, and the records that carry its one note. */
  record GroupOutcome(Edge[] edges, int[] noted, String note) {}

  /** Values interned as dense ints, each with its member records. */
  static final class Interned {
    final Map<String, Integer> ids = new HashMap<>();
    final List<String> values = new ArrayList<>();
    final List<IntList> members = new ArrayList<>();
    final List<IntList> anchors = new ArrayList<>();

    int intern(String v) {
      Integer id = ids.putIfAbsent(v, values.size());
      if (id == null) {
        id = values.size();
        values.add(v);
        members.add(null);
        anchors.add(null);
      }
      return id;
    }

    int idOf(String v) {
      Integer id = ids.get(v);
      return id == null ? -1 : id;
    }

    int size() {
      return values.size();
    }

    IntList members(int id) {
      return members.get(id);
    }

    void add(List<IntList> lists, int id, int record) {
      IntList l = lists.get(id);
      if (l == null) {
        l = new IntList();
        lists.set(id, l);
      }
      l.add(record);
    }
  }

  State(Settings settings) {
    this.settings = settings;
    compared = settings.comparisons().stream().mapToInt(settings::fieldIndex).toArray();
    levelCounts =
        Arrays.stream(compared).map(f -> settings.fields().get(f).type().levels().size()).toArray();
    int nb = settings.blocking().size();
    blocks = new Interned[nb];
    blockOf = new IntList[nb];
    for (int i = 0; i < nb; i++) {
      blocks[i] = new Interned();
      blockOf[i] = new IntList(1024);
    }
    int nr = settings.rules().size();
    groups = new Interned[nr];
    groupOf = new IntList[nr];
    anchorOf = new IntList[nr];
    for (int i = 0; i < nr; i++) {
      groups[i] = new Interned();
      groupOf[i] = new IntList(1024);
      anchorOf[i] =
          settings.rules().get(i).kind() == RuleKind.EMAIL_DOMAIN ? new IntList(1024) : null;
      groupOutcomes.add(new ArrayList<>());
    }
  }

  // ---------------------------------------------------------------- records and indexes

  String[] normalise(IdentityRecord r) {
    List<Settings.Field> fields = settings.fields();
    String[] out = new String[fields.size()];
    for (int f = 0; f < out.length; f++) {
      String raw = r.value(fields.get(f).name());
      String v = fields.get(f).type().normalise(raw, settings.phoneRegion());
      out[f] = v != null && v.equals(raw) ? raw : v; // share the raw string when unchanged
    }
    return out;
  }

  /** Per deterministic rule, the group ids whose outcome must be recomputed. */
  BitSet[] newTouched() {
    BitSet[] touched = new BitSet[groups.length];
    for (int r = 0; r < touched.length; r++) {
      touched[r] = new BitSet();
    }
    return touched;
  }

  /**
   * A record's normalised values with its block, group and anchor values (computed in parallel).
   */
  private record Prepared(String[] values, String[] blocks, String[] groups, String[] anchors) {}

  private Prepared prepare(IdentityRecord r) {
    String[] v = normalise(r);
    String[] b = new String[blocks.length];
    for (int k = 0; k < b.length; k++) {
      b[k] = blockKey(k, v);
    }
    String[] g = new String[groups.length];
    String[] a = new String[groups.length];
    for (int k = 0; k < g.length; k++) {
      g[k] = groupKey(k, v);
      a[k] = anchorKey(k, v);
    }
    return new Prepared(v, b, g, a);
  }

  /**
   * Adds new records and replaces changed ones; returns the indexes to (re)compare and collects,
   * per rule, the groups whose rule outcome must be recomputed ({@code touched} null: a full run,
   * which recomputes every group afterwards).
   */
  int[] upsert(List<IdentityRecord> records, BitSet[] touched, BitSet changed) {
    int[] todo = new int[records.size()];
    int first = keys.size();
    // prepared in parallel chunk by chunk, so that only one chunk's keys are held at a time
    int chunk = 1 << 15;
    for (int from = 0; from < records.size(); from += chunk) {
      int start = from;
      List<Prepared> prepared =
          IntStream.range(from, Math.min(records.size(), from + chunk))
              .parallel()
              .mapToObj(i -> prepare(records.get(i)))
              .toList();
      for (int n = start; n < start + prepared.size(); n++) {
        RecordKey key = records.get(n).key();
        Integer existing = indexOf.putIfAbsent(key, keys.size());
        int i;
        Prepared p = prepared.get(n - start);
        if (existing != null) {
          i = existing;
          unindex(i, touched);
          values.set(i, p.values());
          changed.set(i);
        } else {
          i = keys.size();
          keys.add(key);
          values.add(p.values());
          Integer source = sourceIds.get(key.source());
          if (source == null) {
            source = sources.size();
            sourceIds.put(key.source(), source);
            sources.add(key.source());
          }
          sourceOf.add(source);
        }
        index(i, p, touched);
        todo[n] = i;
      }
    }
    addToOrder(first);
    return todo;
  }

  private void index(int i, Prepared p, BitSet[] touched) {
    for (int b = 0; b < blocks.length; b++) {
      int id = -1;
      if (p.blocks()[b] != null) {
        id = blocks[b].intern(p.blocks()[b]);
        blocks[b].add(blocks[b].members, id, i);
      }
      blockOf[b].set(i, id);
    }
    for (int r = 0; r < groups.length; r++) {
      Interned g = groups[r];
      int gid = -1;
      if (p.groups()[r] != null) {
        gid = g.intern(p.groups()[r]);
        g.add(g.members, gid, i);
        if (touched != null) {
          touched[r].set(gid);
        }
      }
      groupOf[r].set(i, gid);
      int aid = -1;
      if (p.anchors()[r] != null) {
        aid = g.intern(p.anchors()[r]);
        g.add(g.anchors, aid, i);
        if (touched != null) {
          touched[r].set(aid);
        }
      }
      if (anchorOf[r] != null) {
        anchorOf[r].set(i, aid);
      }
      if (touched != null && settings.rules().get(r).kind() == RuleKind.REFERENCE) {
        // it may be the target others wait for
        int byIdGroup = g.idOf(keys.get(i).id());
        if (byIdGroup >= 0) {
          touched[r].set(byIdGroup);
        }
        int byKeyGroup = g.idOf(keys.get(i).toString());
        if (byKeyGroup >= 0) {
          touched[r].set(byKeyGroup);
        }
      }
    }
  }

  private void unindex(int i, BitSet[] touched) {
    for (int b = 0; b < blocks.length; b++) {
      int id = blockOf[b].get(i);
      if (id >= 0) {
        blocks[b].members(id).remove(i);
      }
    }
    for (int r = 0; r < groups.length; r++) {
      int gid = groupOf[r].get(i);
      if (gid >= 0) {
        groups[r].members(gid).remove(i);
        if (touched != null) {
          touched[r].set(gid);
        }
      }
      int aid = anchorOf[r] == null ? -1 : anchorOf[r].get(i);
      if (aid >= 0) {
        groups[r].anchors.get(aid).remove(i);
        if (touched != null) {
          touched[r].set(aid);
        }
      }
    }
  }

  String blockKey(int rule, String[] v) {
    BlockingRule b = settings.blocking().get(rule);
    if (b.keys().size() == 1) {
      BlockingKey k = b.keys().get(0);
      String value = v[settings.fieldIndex(k.field())];
      if (value == null) {
        return null;
      }
      return k.prefix() > 0 && value.length() > k.prefix() ? value.substring(0, k.prefix()) : value;
    }
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

  private String groupKey(int r, String[] values) {
    Rule rule = settings.rules().get(r);
    String v = values[settings.fieldIndex(rule.field())];
    if (v == null) {
      return null;
    }
    return rule.kind() == RuleKind.EMAIL_DOMAIN
        ? Normalise.domain(v.substring(v.indexOf('@') + 1))
        : v;
  }

  private String anchorKey(int r, String[] values) {
    Rule rule = settings.rules().get(r);
    return rule.kind() == RuleKind.EMAIL_DOMAIN
        ? values[settings.fieldIndex(rule.otherField())]
        : null;
  }

  // ---------------------------------------------------------------- key order

  private int compareKeys(int i, int j) {
    int c =
        sourceOf.get(i) == sourceOf.get(j)
            ? 0
            : keys.get(i).source().compareTo(keys.get(j).source());
    return c != 0 ? c : keys.get(i).id().compareTo(keys.get(j).id());
  }

  /** Merges the records from {@code first} on into the key order, and recomputes the ranks. */
  private void addToOrder(int first) {
    int n = keys.size();
    if (first == n) {
      return;
    }
    Integer[] fresh = new Integer[n - first];
    for (int i = first; i < n; i++) {
      fresh[i - first] = i;
    }
    Arrays.parallelSort(fresh, this::compareKeys);
    int[] merged = new int[n];
    int a = 0;
    int b = 0;
    int k = 0;
    while (a < order.length && b < fresh.length) {
      merged[k++] = compareKeys(order[a], fresh[b]) <= 0 ? order[a++] : fresh[b++];
    }
    while (a < order.length) {
      merged[k++] = order[a++];
    }
    while (b < fresh.length) {
      merged[k++] = fresh[b++];
    }
    order = merged;
    rank = new int[n];
    for (int r = 0; r < n; r++) {
      rank[order[r]] = r;
    }
  }

  // ---------------------------------------------------------------- deterministic rules

  /** Recomputes the outcome of the touched groups (null: of every group). */
  void recomputeGroups(BitSet[] touched) {
    for (int r = 0; r < groups.length; r++) {
      List<GroupOutcome> outcomes = groupOutcomes.get(r);
      while (outcomes.size() < groups[r].size()) {
        outcomes.add(null);
      }
      if (touched == null) {
        int rule = r;
        List<GroupOutcome> computed =
            IntStream.range(0, groups[r].size())
                .parallel()
                .mapToObj(g -> groupOutcome(rule, g))
                .toList();
        for (int g = 0; g < computed.size(); g++) {
          outcomes.set(g, computed.get(g));
        }
      } else {
        for (int g = touched[r].nextSetBit(0); g >= 0; g = touched[r].nextSetBit(g + 1)) {
          outcomes.set(g, groupOutcome(r, g));
        }
      }
    }
  }

  private GroupOutcome groupOutcome(int r, int group) {
    Rule rule = settings.rules().get(r);
    IntList list = groups[r].members(group);
    if (list == null || list.size() == 0) {
      return null;
    }
    if (list.size() == 1 && rule.kind() == RuleKind.SAME) {
      return null; // a value nobody else has decides nothing and needs no note
    }
    String value = groups[r].values.get(group);
    int[] members = list.sorted();
    List<Edge> edges = new ArrayList<>();
    IntList noted = new IntList();
    String note = null;
    switch (rule.kind()) {
      case SAME -> {
        String blocked = blockedValue(rule, value, members.length);
        if (blocked != null) {
          note = rule.name() + " " + value + " decides nothing: " + blocked;
          for (int m : members) {
            noted.add(m);
          }
        } else {
          for (int k = 1; k < members.length; k++) {
            edges.add(new Edge(members[0], members[k], r, rule.name(), value, group, 0, null));
          }
        }
      }
      case REFERENCE -> {
        int[] targets = targetsOf(value);
        Map<Integer, String> targetKeys = new HashMap<>(4);
        for (int m : members) {
          int target = -1;
          for (int t : targets) {
            if (t != m && targetAllowed(rule, m, t)) {
              target = t;
              break;
            }
          }
          if (target >= 0) {
            edges.add(
                new Edge(
                    m,
                    target,
                    r,
                    rule.name(),
                    targetKeys.computeIfAbsent(target, t -> keys.get(t).toString()),
                    group,
                    0,
                    null));
          } else {
            note = rule.name() + " names " + value + ", which no record has as its id";
            noted.add(m);
          }
        }
      }
      case EMAIL_DOMAIN -> {
        if (FreeMail.isFreeMail(value)) {
          note = "free-mail domain " + value + " identifies no company";
          for (int m : members) {
            noted.add(m);
          }
          break;
        }
        IntList a = groups[r].anchors.get(group);
        if (a == null || a.size() == 0) {
          note = "no record has the domain " + value;
          for (int m : members) {
            noted.add(m);
          }
          break;
        }
        int anchor = a.sorted()[0];
        for (int m : members) {
          if (m != anchor) {
            edges.add(new Edge(m, anchor, r, rule.name(), value, group, 0, null));
          }
        }
      }
    }
    return edges.isEmpty() && noted.size() == 0
        ? null
        : new GroupOutcome(edges.toArray(new Edge[0]), noted.sorted(), note);
  }

  /** The records whose id, or whose full key (source:id), is {@code value}, sorted. */
  private int[] targetsOf(String value) {
    TreeSet<Integer> out = new TreeSet<>();
    // by id: the record with that id in any source (sources are few)
    for (String source : sources) {
      Integer i = indexOf.get(new RecordKey(source, value));
      if (i != null) {
        out.add(i);
      }
    }
    for (int c = value.indexOf(':'); c >= 0; c = value.indexOf(':', c + 1)) {
      Integer i = indexOf.get(new RecordKey(value.substring(0, c), value.substring(c + 1)));
      if (i != null) {
        out.add(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
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
    if (target == null) {
      return true;
    }
    return switch (target) {
      case "same" -> sourceOf.get(from) == sourceOf.get(to);
      case "other" -> sourceOf.get(from) != sourceOf.get(to);
      default -> target.equals(keys.get(to).source());
    };
  }

  // ---------------------------------------------------------------- candidate pairs

  /** Candidate pairs involving the records in {@code todo}: each pair once, by its first rule. */
  long[] candidatePairs(int[] todo, BitSet inTodo) {
    int maxBlock = settings.maxBlockSize();
    boolean acrossOnly = settings.linkAcrossSourcesOnly();
    long[] pairs = new long[1024];
    int n = 0;
    for (int r : todo) {
      for (int b = 0; b < blocks.length; b++) {
        int id = blockOf[b].get(r);
        if (id < 0) {
          continue;
        }
        IntList block = blocks[b].members(id);
        if (block.size() > maxBlock) {
          continue;
        }
        for (int j = 0; j < block.size(); j++) {
          int m = block.get(j);
          if (m == r || (inTodo.get(m) && m > r)) {
            continue;
          }
          if (acrossOnly && sourceOf.get(m) == sourceOf.get(r)) {
            continue;
          }
          if (coveredByEarlierRule(b, r, m, maxBlock)) {
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

  private boolean coveredByEarlierRule(int b, int r, int m, int maxBlock) {
    for (int e = 0; e < b; e++) {
      int id = blockOf[e].get(r);
      if (id >= 0 && id == blockOf[e].get(m) && blocks[e].members(id).size() <= maxBlock) {
        return true;
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
    int size = keys.size();
    if (bestBelowReview.length < size) {
      int old = bestBelowReview.length;
      bestBelowReview = Arrays.copyOf(bestBelowReview, size);
      Arrays.fill(bestBelowReview, old, size, Double.NaN);
    }
    for (int p = 0; p < pairs.length; p++) {
      int a = (int) (pairs[p] >>> 32);
      int b = (int) pairs[p];
      double w = model.weight(levels[p]);
      double prob = MatchModel.probability(w);
      if (prob >= review) {
        scored.add(new Edge(a, b, settings.rules().size(), "model", null, -1, w, levels[p]));
      } else {
        noteBelowReview(a, prob);
        noteBelowReview(b, prob);
      }
    }
    candidatePairs += pairs.length;
  }

  private void noteBelowReview(int i, double prob) {
    double best = bestBelowReview[i];
    if (Double.isNaN(best) || prob > best) {
      bestBelowReview[i] = prob;
    }
  }

  /** The best probability of record {@code i} among pairs below review, or NaN. */
  double bestBelowReview(int i) {
    return i < bestBelowReview.length ? bestBelowReview[i] : Double.NaN;
  }

  void forget(BitSet changed) {
    if (changed.isEmpty()) {
      return;
    }
    scored.removeIf(e -> changed.get(e.a()) || changed.get(e.b()));
    changed.stream()
        .filter(i -> i < bestBelowReview.length)
        .forEach(i -> bestBelowReview[i] = Double.NaN);
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
      if (a == b || (settings.linkAcrossSourcesOnly() && sourceOf.get(a) == sourceOf.get(b))) {
        continue;
      }
      pairs[k++] = ((long) a << 32) | b;
    }
    return Arrays.asList(levelsOf(Arrays.copyOf(pairs, k)));
  }
}
