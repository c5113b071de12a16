package dev.retain.identity;

import java.util.Arrays;

/** A growable list of ints, for block and group members and per-record ids without boxing. */
final class IntList {
  private int[] items;
  private int size;

  IntList() {
    this(2);
  }

  IntList(int capacity) {
    items = new int[Math.max(capacity, 2)];
  }

  void add(int v) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size++] = v;
  }

  /** Sets item {@code i}, appending when {@code i} is the size. */
  void set(int i, int v) {
    if (i == size) {
      add(v);
    } else {
      items[i] = v;
    }
  }

  void remove(int v) {
    for (int i = 0; i < size; i++) {
      if (items[i] == v) {
        System.arraycopy(items, i + 1, items, i, size - i - 1);
        size--;
        return;
      }
    }
  }

  int get(int i) {
    return items[i];
  }

  int size() {
    return size;
  }

  /** The members, sorted. */
  int[] sorted() {
    int[] copy = Arrays.copyOf(items, size);
    Arrays.sort(copy);
    return copy;
  }
}
