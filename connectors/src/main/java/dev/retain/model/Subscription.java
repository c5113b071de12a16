package dev.retain.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A customer's contract for the product.
 *
 * @param renewed the most recent renewal date, null if never renewed
 * @param churned the date the customer left, null while the subscription is alive
 * @param paymentFailed whether the latest invoice payment failed
 */
public record Subscription(
    SourceRef ref,
    SourceRef account,
    Status status,
    LocalDate started,
    LocalDate renewed,
    LocalDate churned,
    LocalDate renewalDate,
    BigDecimal arr,
    boolean paymentFailed,
    Instant updatedAt)
    implements CanonicalRecord {

  public enum Status {
    TRIAL,
    ACTIVE,
    PAST_DUE,
    CANCELED
  }

  public Subscription {
    requireNonNull(ref, "ref is null");
    requireNonNull(account, "account of subscription " + ref + " is null");
    requireNonNull(status, "status of subscription " + ref + " is null");
    requireNonNull(started, "started of subscription " + ref + " is null");
    requireNonNull(updatedAt, "updatedAt of " + ref + " is null");
    Checks.nonNegative(arr, "arr");
    if (churned != null && churned.isBefore(started)) {
      throw new IllegalArgumentException(
          "subscription " + ref + " churned (" + churned + ") before it started (" + started + ")");
    }
    if (status == Status.CANCELED && churned == null) {
      throw new IllegalArgumentException("canceled subscription " + ref + " has no churned date");
    }
  }

  @Override
  public Entity entity() {
    return Entity.SUBSCRIPTION;
  }
}
