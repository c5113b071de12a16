package dev.retain.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Stable customer ids over a persisted crosswalk. Each previous id goes to the cluster that now
 * holds most of its records (ties: the cluster with the smallest label); a cluster that inherits
 * several ids keeps the oldest (smallest) and records the others as merged into it; a cluster that
 * inherits none gets a new id, and when its records had an id that went elsewhere the split is
 * recorded. Running again over the same clusters changes nothing.
 */
public final class StableIds {
  private StableIds() {}

  /** A merge or a split of customer ids. */
  public record Lineage(String kind, String fromId, String toId, String reason) {}

  /** The id of every record, and what changed. */
  public record Assignment(
      Map<RecordKey, String> idOf, List<Lineage> lineage, int newIds, int keptIds) {}

  /**
   * @param clusterOf each record's cluster label (from {@link Resolution#clusterOf()})
   * @param previous the persisted crosswalk: record -> customer id
   * @param newId hands out new ids, each larger than every earlier one
   */
  public static Assignment assign(
      Map<RecordKey, String> clusterOf, Map<RecordKey, String> previous, Supplier<String> newId) {
    // votes: previous id -> cluster -> records
    Map<String, Map<String, Integer>> votes = new TreeMap<>();
    clusterOf.forEach(
        (key, cluster) -> {
          String old = previous.get(key);
          if (old != null) {
            votes.computeIfAbsent(old, x -> new TreeMap<>()).merge(cluster, 1, Integer::sum);
          }
        });
    Map<String, TreeSet<String>> inherited = new HashMap<>();
    Map<String, String> heirOf = new HashMap<>();
    votes.forEach(
        (old, byCluster) -> {
          String heir = null;
          int best = -1;
          for (var e : byCluster.entrySet()) { // TreeMap: the smallest label wins a tie
            if (e.getValue() > best) {
              best = e.getValue();
              heir = e.getKey();
            }
          }
          heirOf.put(old, heir);
          inherited.computeIfAbsent(heir, x -> new TreeSet<>()).add(old);
        });
    List<Lineage> lineage = new ArrayList<>();
    Map<String, String> idOfCluster = new HashMap<>();
    int created = 0;
    for (String cluster : new TreeSet<>(clusterOf.values())) {
      TreeSet<String> ids = inherited.get(cluster);
      if (ids != null) {
        String survivor = ids.first();
        idOfCluster.put(cluster, survivor);
        for (String merged : ids.tailSet(survivor, false)) {
          lineage.add(
              new Lineage("merge", merged, survivor, "records of both customers were linked"));
        }
      } else {
        idOfCluster.put(cluster, newId.get());
        created++;
      }
    }
    Map<RecordKey, String> idOf = new HashMap<>();
    Map<String, TreeSet<String>> splitFrom = new TreeMap<>();
    clusterOf.forEach(
        (key, cluster) -> {
          String id = idOfCluster.get(cluster);
          idOf.put(key, id);
          String old = previous.get(key);
          if (old != null && !heirOf.get(old).equals(cluster) && !inherited.containsKey(cluster)) {
            splitFrom.computeIfAbsent(old, x -> new TreeSet<>()).add(id);
          }
        });
    splitFrom.forEach(
        (old, ids) ->
            ids.forEach(
                id ->
                    lineage.add(
                        new Lineage(
                            "split", old, id, "records of " + old + " no longer link to it"))));
    int kept = idOfCluster.size() - created;
    return new Assignment(idOf, lineage, created, kept);
  }
}
