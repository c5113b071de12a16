package dev.retain.routes.unify;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What identity resolution reads: identity-bearing records from every source. */
record IdentityInput(
    List<AccountNode> accounts, List<PersonNode> persons, List<TicketNode> tickets) {

  /** A record that names one record in the crosswalk. */
  record Key(String source, String entity, String sourceId) {
    Key {
      requireNonNull(source, "source is null");
      requireNonNull(entity, "entity is null");
      requireNonNull(sourceId, "sourceId is null");
    }

    @Override
    public String toString() {
      return source + "/" + entity + "/" + sourceId;
    }
  }

  /**
   * A company-level record: a CRM account, a support-desk organization, a product workspace.
   *
   * @param externalId the id of the same customer in another system, if the record carries one
   */
  record AccountNode(Key key, String name, String domain, String externalId) {}

  /**
   * A person: a CRM contact, a support-desk user, a survey respondent.
   *
   * @param accountId the account it belongs to in its own system, if known
   * @param accountExternalId an account id of another system that the record carries
   */
  record PersonNode(Key key, String accountId, String email, String accountExternalId) {}

  /** A support ticket, attached through its organization or else its requester. */
  record TicketNode(Key key, String accountId, String requesterId) {}

  IdentityInput {
    accounts = List.copyOf(accounts);
    persons = List.copyOf(persons);
    tickets = List.copyOf(tickets);
  }
}
