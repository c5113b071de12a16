package dev.retain.sandbox.company;

import java.util.SplittableRandom;

/**
 * Deterministic randomness: every stream is a {@link SplittableRandom} seeded from the spec's seed
 * and a few coordinates (what it is for, which customer, which day), so any part of the company can
 * be regenerated on its own, in any order, with the same result.
 */
final class Rng {
  private final SplittableRandom random;

  private Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A stream for one purpose and coordinate, e.g. {@code of(seed, Purpose.TICKETS, customer)}. */
  static Rng of(long seed, Purpose purpose, long... coordinates) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L * (purpose.ordinal() + 1));
    for (long c : coordinates) {
      h = mix(h ^ (c + 0x632BE59BD9B4E019L));
    }
    return new Rng(h);
  }

  /** The purposes that own separate streams; adding one never changes the others. */
  enum Purpose {
    NAMES,
    CUSTOMER,
    HEALTH,
    GLOBAL_EVENTS,
    LIFECYCLE,
    PEOPLE,
    SALESFORCE,
    ZENDESK,
    TICKETS,
    SURVEYS,
    USAGE,
    IDS
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  double nextDouble() {
    return random.nextDouble();
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Uniform in {@code [from, to]}. */
  int between(int from, int to) {
    return random.nextInt(from, to + 1);
  }

  long nextLong(long from, long to) {
    return random.nextLong(from, to);
  }

  double gaussian() {
    return random.nextGaussian();
  }

  double gaussian(double mean, double sd) {
    return mean + sd * random.nextGaussian();
  }

  double exponential(double mean) {
    return -mean * Math.log(1 - random.nextDouble());
  }

  /** exp(N(log(median), sigma)). */
  double logNormal(double median, double sigma) {
    return median * Math.exp(sigma * random.nextGaussian());
  }

  /** Poisson; Knuth's method for small means, a rounded normal for large ones. */
  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return Math.max(0, (int) Math.round(gaussian(mean, Math.sqrt(mean))));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int n = 0;
    while (product > limit) {
      product *= random.nextDouble();
      n++;
    }
    return n;
  }

  /** Binomial; exact for small n, a clamped normal approximation for large n. */
  int binomial(int n, double p) {
    if (n <= 0 || p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    if (n <= 25) {
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (random.nextDouble() < p) {
          k++;
        }
      }
      return k;
    }
    double mean = n * p;
    long k = Math.round(gaussian(mean, Math.sqrt(mean * (1 - p))));
    return (int) Math.max(0, Math.min(n, k));
  }

  <T> T pick(T[] items) {
    return items[random.nextInt(items.length)];
  }

  /** Picks an index with probability proportional to its weight. */
  int weighted(double... weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
