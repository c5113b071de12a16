package dev.retain.sandbox.company;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * One customer's latent health, week by week, on a logit scale (around 1.6 for a typical healthy
 * customer, below 0 for one in trouble), and the weeks in which an incident hit it.
 */
final class HealthPath {
  static final byte NO_INCIDENT = 0;
  static final byte OUTAGE = 1;
  static final byte INTEGRATION_BROKE = 2;
  static final byte CHAMPION_LEFT = 3;

  private final LocalDate origin;
  private final float[] weekly;
  private final byte[] incidents;

  HealthPath(LocalDate origin, float[] weekly, byte[] incidents) {
    this.origin = origin;
    this.weekly = weekly;
    this.incidents = incidents;
  }

  private int week(LocalDate day) {
    long w = Math.floorDiv(ChronoUnit.DAYS.between(origin, day), 7);
    return (int) Math.max(0, Math.min(weekly.length - 1, w));
  }

  /** Health in the week holding {@code day}. */
  double at(LocalDate day) {
    return weekly[week(day)];
  }

  byte incident(LocalDate day) {
    return incidents[week(day)];
  }

  /** The mean weekly health over the weeks from {@code from} (inclusive) to {@code to}. */
  double mean(LocalDate from, LocalDate to) {
    int a = week(from);
    int b = Math.max(a + 1, week(to));
    double sum = 0;
    for (int w = a; w < b; w++) {
      sum += weekly[Math.min(w, weekly.length - 1)];
    }
    return sum / (b - a);
  }
}
