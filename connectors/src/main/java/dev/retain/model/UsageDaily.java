package dev.retain.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One account's product usage on one day.
 *
 * @param account the account as the product knows it (its workspace or tenant id)
 * @param coreEvents uses of the product's core features
 * @param secondaryEvents uses of everything else
 */
public record UsageDaily(
    SourceRef ref,
    SourceRef account,
    LocalDate day,
    int logins,
    int coreEvents,
    int secondaryEvents,
    int activeSeats,
    Instant updatedAt)
    implements CanonicalRecord {

  public UsageDaily {
    requireNonNull(ref, "ref is null");
    requireNonNull(account, "account of usage " + ref + " is null");
    requireNonNull(day, "day of usage " + ref + " is null");
    requireNonNull(updatedAt, "updatedAt of " + ref + " is null");
    Checks.nonNegative(logins, "logins");
    Checks.nonNegative(coreEvents, "coreEvents");
    Checks.nonNegative(secondaryEvents, "secondaryEvents");
    Checks.nonNegative(activeSeats, "activeSeats");
  }

  @Override
  public Entity entity() {
    return Entity.USAGE_DAILY;
  }
}
