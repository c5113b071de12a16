package dev.retain.scoring.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Train/validation splits: stratified repeated k-fold, given folds, or time-ordered. */
final class Splits {

  /** One split; {@code repeat} groups the splits whose test sets partition (part of) the rows. */
  record Split(int repeat, int fold, int[] train, int[] test) {}

  private Splits() {}

  /** Stratified k-fold, repeated with shuffles drawn from {@code seed + repeat}. */
  static List<Split> stratified(double[] y, int folds, int repeats, long seed) {
    int[][] assignment = new int[repeats][y.length];
    for (int r = 0; r < repeats; r++) {
      Random random = new Random(seed + r);
      for (int cls = 0; cls <= 1; cls++) {
        final int c = cls;
        List<Integer> members =
            new ArrayList<>(IntStream.range(0, y.length).filter(i -> y[i] == c).boxed().toList());
        java.util.Collections.shuffle(members, random);
        for (int k = 0; k < members.size(); k++) {
          assignment[r][members.get(k)] = k % folds;
        }
      }
    }
    return fromAssignment(assignment, folds);
  }

  /** Splits from an assignment [repeat][row] -> fold. */
  static List<Split> fromAssignment(int[][] assignment, int folds) {
    List<Split> out = new ArrayList<>();
    for (int r = 0; r < assignment.length; r++) {
      for (int f = 0; f < folds; f++) {
        final int fold = f;
        int[] a = assignment[r];
        int[] test = IntStream.range(0, a.length).filter(i -> a[i] == fold).toArray();
        int[] train = IntStream.range(0, a.length).filter(i -> a[i] != fold).toArray();
        if (test.length == 0 || train.length == 0) {
          throw new IllegalArgumentException("fold " + f + " of repeat " + r + " is empty");
        }
        out.add(new Split(r, f, train, test));
      }
    }
    return out;
  }

  /**
   * Time-ordered (expanding window): rows sorted by date are cut into {@code folds + 1} blocks of
   * about equal size at date boundaries; split k trains on blocks 0..k-1 and validates on block k,
   * so validation data is always later than the training data.
   */
  static List<Split> timeOrdered(String[] dates, int folds) {
    Integer[] order = IntStream.range(0, dates.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparing((Integer i) -> dates[i]));
    int blocks = folds + 1;
    int[] block = new int[dates.length];
    int current = 0;
    for (int k = 0; k < order.length; k++) {
      int target = (int) ((long) k * blocks / order.length);
      boolean newDate = k == 0 || !dates[order[k]].equals(dates[order[k - 1]]);
      if (target > current && newDate) {
        current = target;
      }
      block[order[k]] = current;
    }
    List<Split> out = new ArrayList<>();
    for (int b = 1; b <= current; b++) {
      final int v = b;
      int[] train = IntStream.range(0, dates.length).filter(i -> block[i] < v).toArray();
      int[] test = IntStream.range(0, dates.length).filter(i -> block[i] == v).toArray();
      out.add(new Split(0, b - 1, train, test));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("too few distinct dates for time-ordered validation");
    }
    return out;
  }
}
