package dev.retain.sandbox.company;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A customer's contract over time: annual terms from {@code started}, the ARR and seats of each
 * term, failed payments, and the churn date (null when the customer never churns in the horizon).
 *
 * @param trialEnds the end of a free trial, null when there was none
 * @param termArr ARR of term k (k = completed years since {@code started})
 * @param termSeats seats of term k
 */
record Lifecycle(
    LocalDate started,
    LocalDate trialEnds,
    LocalDate churned,
    ChurnCause cause,
    double[] termArr,
    int[] termSeats,
    List<PaymentFailure> failures) {

  /** Why a customer left. INVISIBLE churn has no trace in the data beforehand. */
  enum ChurnCause {
    HEALTH,
    PAYMENT,
    INVISIBLE
  }

  /** A failed invoice payment; {@code resolvedAt} is null when it never got paid. */
  record PaymentFailure(Instant failedAt, Instant resolvedAt) {
    boolean activeAt(Instant clock) {
      return !failedAt.isAfter(clock) && (resolvedAt == null || resolvedAt.isAfter(clock));
    }
  }

  boolean activeOn(LocalDate day) {
    return !day.isBefore(started) && (churned == null || day.isBefore(churned));
  }

  boolean churnedBy(LocalDate day) {
    return churned != null && !churned.isAfter(day);
  }

  /** Completed contract years at {@code day}, limited to the terms that exist. */
  int term(LocalDate day) {
    if (!day.isAfter(started)) {
      return 0;
    }
    long years = ChronoUnit.YEARS.between(started, day);
    return (int) Math.min(years, termArr.length - 1);
  }

  /** The most recent renewal at or before {@code day}; null if never renewed. */
  LocalDate renewedAsOf(LocalDate day) {
    int k = term(day);
    return k == 0 ? null : started.plusYears(k);
  }

  /** The end of the term running at {@code day}. */
  LocalDate renewalDateAsOf(LocalDate day) {
    return started.plusYears(term(day) + 1L);
  }

  double arrOn(LocalDate day) {
    return termArr[term(day)];
  }

  int seatsOn(LocalDate day) {
    return termSeats[term(day)];
  }

  boolean inTrial(LocalDate day) {
    return trialEnds != null && !day.isBefore(started) && day.isBefore(trialEnds);
  }

  PaymentFailure failureAt(Instant clock) {
    for (PaymentFailure f : failures) {
      if (f.activeAt(clock)) {
        return f;
      }
    }
    return null;
  }

  static Instant at(LocalDate day, int secondOfDay) {
    return day.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(secondOfDay);
  }
}
