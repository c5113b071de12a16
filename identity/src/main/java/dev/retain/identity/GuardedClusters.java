package dev.retain.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Union-find whose unions respect the guards against over-merging: a maximum cluster size,
 * cannot-link pairs, and links that may only attach a lone record to a cluster.
 */
final class GuardedClusters {
  private final int[] parent;
  private final int[] size;
  private final List<List<Integer>> members;
  private final int maxSize;
  private final Map<Integer, Set<Integer>> cannot;

  GuardedClusters(int n, int maxSize, Map<Integer, Set<Integer>> cannot) {
    parent = new int[n];
    size = new int[n];
    members = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      size[i] = 1;
      members.add(null);
    }
    this.maxSize = maxSize;
    this.cannot = cannot;
  }

  int find(int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  int size(int root) {
    return size[root];
  }

  /**
   * Joins the clusters of a and b. Returns null when joined, "" when they already were one, or why
   * the guards refused.
   */
  String union(int a, int b, boolean attachOnly) {
    int ra = find(a);
    int rb = find(b);
    if (ra == rb) {
      return "";
    }
    if (attachOnly && size[ra] > 1 && size[rb] > 1) {
      return "this rule only attaches a lone record, and both records are in clusters of several";
    }
    if (size[ra] + size[rb] > maxSize) {
      return "the cluster would exceed the maximum size " + maxSize;
    }
    if (!cannot.isEmpty() && violatesCannotLink(ra, rb)) {
      return "a cannot-link override separates the two clusters";
    }
    if (size[ra] < size[rb]) {
      int t = ra;
      ra = rb;
      rb = t;
    }
    parent[rb] = ra;
    size[ra] += size[rb];
    if (!cannot.isEmpty()) {
      List<Integer> into = membersOf(ra);
      into.addAll(membersOf(rb));
      members.set(rb, null);
    }
    return null;
  }

  private boolean violatesCannotLink(int ra, int rb) {
    List<Integer> small = size[ra] <= size[rb] ? membersOf(ra) : membersOf(rb);
    int other = size[ra] <= size[rb] ? rb : ra;
    for (int x : small) {
      Set<Integer> forbidden = cannot.get(x);
      if (forbidden != null) {
        for (int y : forbidden) {
          if (find(y) == other) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private List<Integer> membersOf(int root) {
    List<Integer> m = members.get(root);
    if (m == null) {
      m = new ArrayList<>();
      m.add(root);
      members.set(root, m);
    }
    return m;
  }
}
