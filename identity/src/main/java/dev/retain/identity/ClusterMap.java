package dev.retain.identity;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Every record's cluster label as a read-only map over a run's arrays (no per-record map entry):
 * the first {@code n} records of the state, each with the label of its cluster root.
 */
final class ClusterMap extends AbstractMap<RecordKey, String> {
  private final List<RecordKey> keys;
  private final Map<RecordKey, Integer> indexOf;
  private final int n;
  private final int[] rootOf;
  private final String[] labels;

  ClusterMap(
      List<RecordKey> keys, Map<RecordKey, Integer> indexOf, int n, int[] rootOf, String[] labels) {
    this.keys = keys;
    this.indexOf = indexOf;
    this.n = n;
    this.rootOf = rootOf;
    this.labels = labels;
  }

  @Override
  public String get(Object key) {
    Integer i = indexOf.get(key);
    return i == null || i >= n ? null : labels[rootOf[i]];
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public Set<Entry<RecordKey, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<RecordKey, String>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < n;
          }

          @Override
          public Entry<RecordKey, String> next() {
            if (i >= n) {
              throw new NoSuchElementException();
            }
            int k = i++;
            return new SimpleImmutableEntry<>(keys.get(k), labels[rootOf[k]]);
          }
        };
      }

      @Override
      public int size() {
        return n;
      }
    };
  }
}
