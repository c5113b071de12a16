package dev.retain.sandbox.company;

import java.time.LocalDate;

/**
 * One true customer: who it really is and how its relationship with the vendor unfolds. The
 * systems' records are built from it, each with its own mistakes.
 *
 * @param key the ground-truth key, e.g. {@code cust-000123}
 * @param csm the customer success manager who owns the account until {@code csmChange}
 * @param nextCsm the owner from {@code csmChange} on; null when the owner never changes
 * @param usageIntensity how heavily the customer uses the product per active seat (around 1)
 * @param ticketPropensity how readily the customer files tickets (around 1)
 * @param opsSecond second of the day at which the back office's nightly jobs touch its records
 */
record Customer(
    int index,
    String key,
    NameFactory.Company company,
    Plan plan,
    String workspaceId,
    String csm,
    String nextCsm,
    LocalDate csmChange,
    Lifecycle life,
    HealthPath health,
    double usageIntensity,
    double ticketPropensity,
    int opsSecond) {

  static String key(int index) {
    return String.format("cust-%06d", index + 1);
  }

  String ownerOn(LocalDate day) {
    return nextCsm != null && !day.isBefore(csmChange) ? nextCsm : csm;
  }
}
