package dev.retain.connectors.salesforce;

import static dev.retain.connectors.salesforce.SalesforceJson.bool;
import static dev.retain.connectors.salesforce.SalesforceJson.date;
import static dev.retain.connectors.salesforce.SalesforceJson.decimal;
import static dev.retain.connectors.salesforce.SalesforceJson.integer;
import static dev.retain.connectors.salesforce.SalesforceJson.requiredText;
import static dev.retain.connectors.salesforce.SalesforceJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.model.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** One Salesforce object Retain reads: its stream name, the fields it selects, its mapping. */
record SalesforceObject(
    String streamName, String sobject, Entity entity, List<String> fields, Mapper mapper) {

  static final String SYSTEM = "salesforce";

  @FunctionalInterface
  interface Mapper {
    /** Maps a live record; throws IllegalArgumentException naming the field when it cannot. */
    CanonicalRecord map(JsonNode record, SourceRef ref, Instant systemModstamp);
  }

  SalesforceObject {
    fields = List.copyOf(fields);
  }

  static List<SalesforceObject> all(SalesforceFieldMapping m) {
    return List.of(accounts(m), contacts(), subscriptions(m));
  }

  static SalesforceObject accounts(SalesforceFieldMapping m) {
    List<String> fields =
        present(
            "Name",
            "Website",
            "Owner.Name",
            m.accountArr(),
            m.accountPlan(),
            m.accountSeats(),
            m.accountRenewalDate(),
            m.accountExternalId(),
            m.accountCurrency());
    return new SalesforceObject(
        "salesforce.accounts",
        "Account",
        Entity.ACCOUNT,
        fields,
        (r, ref, stamp) ->
            new Account(
                ref,
                requiredText(r, "Name"),
                text(r, "Website"),
                text(r, m.accountExternalId()),
                decimal(r, m.accountArr()),
                text(r, m.accountCurrency()),
                text(r, m.accountPlan()),
                integer(r, m.accountSeats()),
                date(r, m.accountRenewalDate()),
                text(r, "Owner.Name"),
                stamp));
  }

  static SalesforceObject contacts() {
    return new SalesforceObject(
        "salesforce.contacts",
        "Contact",
        Entity.CONTACT,
        List.of("AccountId", "FirstName", "LastName", "Name", "Email", "Phone"),
        (r, ref, stamp) -> {
          String accountId = text(r, "AccountId");
          return new Contact(
              ref,
              accountId == null || accountId.isBlank() ? null : SourceRef.of(SYSTEM, accountId),
              name(r),
              text(r, "Email"),
              text(r, "Phone"),
              null,
              stamp);
        });
  }

  static SalesforceObject subscriptions(SalesforceFieldMapping m) {
    List<String> fields =
        present(
            m.subscriptionAccount(),
            m.subscriptionStatus(),
            m.subscriptionStart(),
            m.subscriptionLastRenewed(),
            m.subscriptionChurnedOn(),
            m.subscriptionRenewalDate(),
            m.subscriptionArr(),
            m.subscriptionPaymentFailed());
    return new SalesforceObject(
        "salesforce.subscriptions",
        m.subscriptionObject(),
        Entity.SUBSCRIPTION,
        fields,
        (r, ref, stamp) -> {
          var started = date(r, m.subscriptionStart());
          if (started == null) {
            throw new IllegalArgumentException(
                "field '" + m.subscriptionStart() + "' is missing or empty");
          }
          return new Subscription(
              ref,
              SourceRef.of(SYSTEM, requiredText(r, m.subscriptionAccount())),
              status(requiredText(r, m.subscriptionStatus()), m.subscriptionStatus()),
              started,
              date(r, m.subscriptionLastRenewed()),
              date(r, m.subscriptionChurnedOn()),
              date(r, m.subscriptionRenewalDate()),
              decimal(r, m.subscriptionArr()),
              bool(r, m.subscriptionPaymentFailed()),
              stamp);
        });
  }

  /** The SOQL select list: Id and SystemModstamp first, IsDeleted when reading deletes. */
  List<String> selectList(boolean includeDeleted) {
    List<String> select = new ArrayList<>(List.of("Id", "SystemModstamp"));
    if (includeDeleted) {
      select.add("IsDeleted");
    }
    for (String f : fields) {
      if (!select.contains(f)) {
        select.add(f);
      }
    }
    return select;
  }

  /** Picklist label or API value to the canonical status; spaces, case and spelling tolerated. */
  static Subscription.Status status(String value, String field) {
    String key = value.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
    return switch (key) {
      case "trial", "trialing" -> Subscription.Status.TRIAL;
      case "active" -> Subscription.Status.ACTIVE;
      case "pastdue" -> Subscription.Status.PAST_DUE;
      case "canceled", "cancelled", "churned" -> Subscription.Status.CANCELED;
      default ->
          throw SalesforceJson.bad(
              field,
              "unknown status \"" + value + "\" (expected Trial, Active, Past Due or Canceled)");
    };
  }

  private static String name(JsonNode r) {
    String name = text(r, "Name");
    if (name != null && !name.isBlank()) {
      return name;
    }
    String first = text(r, "FirstName");
    String last = text(r, "LastName");
    String joined =
        ((first == null ? "" : first.strip()) + " " + (last == null ? "" : last.strip())).strip();
    return joined.isEmpty() ? null : joined;
  }

  private static List<String> present(String... fields) {
    return java.util.Arrays.stream(fields).filter(Objects::nonNull).distinct().toList();
  }
}
