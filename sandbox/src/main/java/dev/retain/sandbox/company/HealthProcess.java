package dev.retain.sandbox.company;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The latent weekly health of every customer: an AR(1) process on a logit scale that reverts to a
 * customer-specific level. The level wanders slowly around the customer's base, falls steadily
 * during occasional decline episodes (a customer losing interest over a few months) and drops when
 * the customer's champion leaves. Transient shocks come from integration incidents and from
 * company-wide outages that hit a share of customers in the same week.
 */
final class HealthProcess {
  static final double TYPICAL = 1.6;
  private static final double BASE_LEVEL = 1.9;
  private static final double REVERSION = 0.2;
  private static final double LEVEL_REVERSION = 0.01;
  private static final double LEVEL_NOISE = 0.05;
  private static final double DECLINE_STARTS_PER_WEEK = 0.004;
  private static final double NOISE = 0.2;
  private static final double CHAMPION_LEAVES_PER_WEEK = 0.0025;
  private static final double INTEGRATION_BREAKS_PER_WEEK = 0.004;
  private static final double OUTAGE_REACH = 0.35;

  private final LocalDate origin;
  private final int weeks;
  private final double[] outageSeverity;

  /**
   * @param origin the first simulated week (some weeks before history, so that early renewals have
   *     a past to judge)
   */
  HealthProcess(LocalDate origin, LocalDate end, long seed) {
    this.origin = origin;
    this.weeks = (int) (ChronoUnit.DAYS.between(origin, end) / 7) + 2;
    this.outageSeverity = new double[weeks];
    Rng rng = Rng.of(seed, Rng.Purpose.GLOBAL_EVENTS);
    int outages = weeks / 22 + 1;
    for (int i = 0; i < outages; i++) {
      outageSeverity[rng.between(8, weeks - 1)] = rng.gaussian(1.0, 0.25);
    }
  }

  HealthPath simulate(Rng rng, Plan plan) {
    double base = rng.gaussian(BASE_LEVEL + plan.healthOffset(), 0.8);
    double level = base + rng.gaussian(0, 0.4);
    double h = level + rng.gaussian(0, 0.4);
    int declineWeeksLeft = 0;
    double decline = 0;
    float[] weekly = new float[weeks];
    byte[] incidents = new byte[weeks];
    for (int w = 0; w < weeks; w++) {
      if (declineWeeksLeft == 0 && rng.chance(DECLINE_STARTS_PER_WEEK)) {
        declineWeeksLeft = rng.between(8, 30);
        decline = rng.gaussian(0.07, 0.02);
      }
      if (declineWeeksLeft > 0) {
        level -= decline;
        declineWeeksLeft--;
      }
      if (rng.chance(CHAMPION_LEAVES_PER_WEEK)) {
        level -= rng.gaussian(1.0, 0.3);
        incidents[w] = HealthPath.CHAMPION_LEFT;
      }
      level += LEVEL_REVERSION * (base - level) + rng.gaussian(0, LEVEL_NOISE);
      double shock = 0;
      if (rng.chance(INTEGRATION_BREAKS_PER_WEEK)) {
        shock -= rng.gaussian(1.5, 0.4);
        incidents[w] = HealthPath.INTEGRATION_BROKE;
      }
      if (outageSeverity[w] > 0 && rng.chance(OUTAGE_REACH)) {
        shock -= outageSeverity[w];
        incidents[w] = HealthPath.OUTAGE;
      }
      h += REVERSION * (level - h) + rng.gaussian(0, NOISE) + shock;
      weekly[w] = (float) h;
    }
    return new HealthPath(origin, weekly, incidents);
  }
}
