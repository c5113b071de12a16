package dev.retain.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A customer company as one system knows it.
 *
 * @param externalId the id of the same customer in another system, when the source carries one (for
 *     example the Salesforce account id kept on a Zendesk organization); null when absent
 * @param domain the company's website or email domain as the source spells it (not normalised)
 * @param arr annual recurring revenue in {@code currency}; null when the source does not know it
 */
public record Account(
    SourceRef ref,
    String name,
    String domain,
    String externalId,
    BigDecimal arr,
    String currency,
    String plan,
    Integer seats,
    LocalDate renewalDate,
    String owner,
    Instant updatedAt)
    implements CanonicalRecord {

  public Account {
    requireNonNull(ref, "ref is null");
    requireNonNull(updatedAt, "updatedAt of " + ref + " is null");
    name = Checks.blankToNull(name);
    if (name == null) {
      throw new IllegalArgumentException("name of account " + ref + " is blank");
    }
    domain = Checks.blankToNull(domain);
    externalId = Checks.blankToNull(externalId);
    Checks.nonNegative(arr, "arr");
    Checks.nonNegative(seats, "seats");
    currency = Checks.blankToNull(currency);
    plan = Checks.blankToNull(plan);
    owner = Checks.blankToNull(owner);
  }

  @Override
  public Entity entity() {
    return Entity.ACCOUNT;
  }
}
