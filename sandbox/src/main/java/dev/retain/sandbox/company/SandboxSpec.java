package dev.retain.sandbox.company;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * What to generate: how many true customers, from which seed, and the time span. History runs from
 * {@code anchorDate - historyMonths} to {@code anchorDate + futureDays}; the future days exist so
 * that a clock moved past the anchor finds new changes.
 *
 * <p>The canonical constructor enforces the CLI range of {@link #MIN_ACCOUNTS}..{@link
 * #MAX_ACCOUNTS} accounts. Tests that want a tiny company use {@link #lenient}.
 */
public record SandboxSpec(
    int accounts, long seed, LocalDate anchorDate, int historyMonths, int futureDays) {

  public static final int MIN_ACCOUNTS = 100;
  public static final int MAX_ACCOUNTS = 100_000;
  public static final int DEFAULT_HISTORY_MONTHS = 13;
  public static final int DEFAULT_FUTURE_DAYS = 60;
  static final int MIN_HISTORY_MONTHS = 12;
  static final int MIN_LENIENT_ACCOUNTS = 5;

  /** Set only while {@link #lenient} constructs a spec, so the constructor allows few accounts. */
  private static final ThreadLocal<Boolean> LENIENT = ThreadLocal.withInitial(() -> false);

  public SandboxSpec {
    requireNonNull(anchorDate, "anchorDate is null");
    int min = LENIENT.get() ? MIN_LENIENT_ACCOUNTS : MIN_ACCOUNTS;
    if (accounts < min || accounts > MAX_ACCOUNTS) {
      throw new IllegalArgumentException(
          "accounts must be " + min + ".." + MAX_ACCOUNTS + ", got " + accounts);
    }
    if (historyMonths < MIN_HISTORY_MONTHS || historyMonths > 120) {
      throw new IllegalArgumentException(
          "historyMonths must be " + MIN_HISTORY_MONTHS + "..120, got " + historyMonths);
    }
    if (futureDays < 0 || futureDays > 3_650) {
      throw new IllegalArgumentException("futureDays must be 0..3650, got " + futureDays);
    }
  }

  /** A spec with the default history (13 months) and future (60 days). */
  public static SandboxSpec of(int accounts, long seed, LocalDate anchorDate) {
    return new SandboxSpec(accounts, seed, anchorDate, DEFAULT_HISTORY_MONTHS, DEFAULT_FUTURE_DAYS);
  }

  /**
   * Like {@link #of} but allows as few as {@value #MIN_LENIENT_ACCOUNTS} accounts, for tests that
   * want a tiny company.
   */
  public static SandboxSpec lenient(int accounts, long seed, LocalDate anchorDate) {
    LENIENT.set(true);
    try {
      return of(accounts, seed, anchorDate);
    } finally {
      LENIENT.remove();
    }
  }

  /** The first day of history (and of usage). */
  public LocalDate historyStart() {
    return anchorDate.minusMonths(historyMonths);
  }

  /** The last day that has data. */
  public LocalDate historyEnd() {
    return anchorDate.plusDays(futureDays);
  }
}
