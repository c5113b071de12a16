package dev.retain.sandbox.company;

import dev.retain.sandbox.company.Lifecycle.ChurnCause;
import dev.retain.sandbox.company.Lifecycle.PaymentFailure;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides each customer's contract history from its latent health: renewals and expansions, failed
 * payments, and churn. Most churn happens at a renewal, decided a month before it from the health
 * of the preceding two months; a fixed share churns for reasons the data cannot show, and some
 * failed payments are never recovered.
 */
final class ChurnModel {
  /** Log-odds of churning at a renewal for a customer of typical health on the Growth plan. */
  static final double BASE_LOG_ODDS = -3.7;

  static final double HEALTH_WEIGHT = 1.5;
  static final double FIRST_RENEWAL_LOG_ODDS = 0.3;

  /** Probability of leaving at a renewal for reasons invisible in the data. */
  static final double INVISIBLE_AT_RENEWAL = 0.02;

  /** Yearly probability of leaving mid-term without warning (acquired, bankrupt). */
  static final double INVISIBLE_MID_TERM_PER_YEAR = 0.008;

  private final LocalDate historyStart;
  private final LocalDate end;

  ChurnModel(LocalDate historyStart, LocalDate end) {
    this.historyStart = historyStart;
    this.end = end;
  }

  Lifecycle simulate(
      Rng rng, Plan plan, LocalDate started, double arr0, int seats0, HealthPath health) {
    int terms = (int) ChronoUnit.YEARS.between(started, end) + 2;
    double[] termArr = new double[terms];
    int[] termSeats = new int[terms];
    termArr[0] = arr0;
    termSeats[0] = seats0;
    LocalDate churned = null;
    ChurnCause cause = null;
    for (int k = 1; k < terms; k++) {
      LocalDate renewal = started.plusYears(k);
      if (churned == null && !renewal.isBefore(historyStart) && !renewal.isAfter(end)) {
        ChurnCause leaves = decideAtRenewal(rng, plan, k, renewal, health);
        if (leaves != null) {
          churned = renewal;
          cause = leaves;
        }
      }
      double h = health.at(renewal.minusDays(30));
      double change = Math.exp(rng.gaussian(0.04 + 0.05 * (h - HealthProcess.TYPICAL), 0.08));
      termArr[k] = Math.round(termArr[k - 1] * change / 10) * 10.0;
      termSeats[k] = Math.max(1, (int) Math.round(termSeats[k - 1] * change));
    }
    LocalDate midTerm = midTermChurn(rng, started);
    if (midTerm != null && (churned == null || midTerm.isBefore(churned))) {
      churned = midTerm;
      cause = ChurnCause.INVISIBLE;
    }
    List<PaymentFailure> failures = new ArrayList<>();
    LocalDate involuntary = paymentFailures(rng, started, churned, health, failures);
    if (involuntary != null) {
      churned = involuntary;
      cause = ChurnCause.PAYMENT;
    }
    LocalDate trialEnds =
        plan == Plan.STARTER && !started.isBefore(historyStart) && rng.chance(0.5)
            ? started.plusDays(14)
            : null;
    return new Lifecycle(started, trialEnds, churned, cause, termArr, termSeats, failures);
  }

  private static ChurnCause decideAtRenewal(
      Rng rng, Plan plan, int term, LocalDate renewal, HealthPath health) {
    LocalDate decision = renewal.minusDays(30);
    double recent = health.mean(decision.minusDays(56), decision);
    double logOdds =
        BASE_LOG_ODDS
            - HEALTH_WEIGHT * (recent - HealthProcess.TYPICAL)
            + plan.churnOffset()
            + (term == 1 ? FIRST_RENEWAL_LOG_ODDS : 0);
    if (rng.chance(Rng.sigmoid(logOdds))) {
      return ChurnCause.HEALTH;
    }
    return rng.chance(INVISIBLE_AT_RENEWAL) ? ChurnCause.INVISIBLE : null;
  }

  private LocalDate midTermChurn(Rng rng, LocalDate started) {
    LocalDate from = started.isAfter(historyStart) ? started : historyStart;
    long days = ChronoUnit.DAYS.between(from, end);
    if (days <= 30 || !rng.chance(INVISIBLE_MID_TERM_PER_YEAR * days / 365.0)) {
      return null;
    }
    return from.plusDays(rng.nextLong(30, days));
  }

  /**
   * Monthly invoices on the contract's day of month; the chance that one fails grows as health
   * falls. Returns the date of involuntary churn when a failure is never recovered before {@code
   * churned}, else null.
   */
  private LocalDate paymentFailures(
      Rng rng, LocalDate started, LocalDate churned, HealthPath health, List<PaymentFailure> out) {
    for (int m = 1; ; m++) {
      LocalDate invoice = started.plusMonths(m);
      if (invoice.isAfter(end) || (churned != null && !invoice.isBefore(churned))) {
        return null;
      }
      if (invoice.isBefore(historyStart)) {
        continue;
      }
      double h = health.at(invoice);
      if (!rng.chance(0.006 + 0.04 * Rng.sigmoid(-1.5 * (h - 0.3)))) {
        continue;
      }
      Instant failedAt = Lifecycle.at(invoice, 3 * 3600 + rng.nextInt(3600));
      boolean recovered = !rng.chance(0.05 + 0.15 * Rng.sigmoid(-h));
      if (recovered) {
        out.add(new PaymentFailure(failedAt, failedAt.plusSeconds(rng.between(2, 18) * 86_400L)));
        continue;
      }
      LocalDate lost = invoice.plusDays(21);
      if (lost.isAfter(end) || (churned != null && !lost.isBefore(churned))) {
        out.add(new PaymentFailure(failedAt, null));
        return null;
      }
      out.add(new PaymentFailure(failedAt, null));
      return lost;
    }
  }
}
