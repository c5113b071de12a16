package dev.retain.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A person at a customer, as one system knows them.
 *
 * @param account the account this contact belongs to in the same system; null when unknown
 * @param email as the source spells it (not normalised)
 */
public record Contact(
    SourceRef ref,
    SourceRef account,
    String name,
    String email,
    String phone,
    String externalId,
    Instant updatedAt)
    implements CanonicalRecord {

  public Contact {
    requireNonNull(ref, "ref is null");
    requireNonNull(updatedAt, "updatedAt of " + ref + " is null");
    name = Checks.blankToNull(name);
    email = Checks.blankToNull(email);
    phone = Checks.blankToNull(phone);
    externalId = Checks.blankToNull(externalId);
    if (email != null && email.indexOf('@') < 1) {
      throw new IllegalArgumentException(
          "email of contact " + ref + " is not an address: " + email);
    }
  }

  @Override
  public Entity entity() {
    return Entity.CONTACT;
  }
}
