package dev.retain.sandbox.server.salesforce;

import dev.retain.model.Account;
import dev.retain.model.Contact;
import dev.retain.model.Subscription;
import dev.retain.sandbox.SandboxView;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox company's canonical records as Salesforce rows: one map per record from API field
 * name to value, with {@code Owner.Name} as a relationship path. The sandbox org has the
 * connector's default custom fields.
 */
final class SalesforceRows {
  static final List<String> ACCOUNT_FIELDS =
      List.of(
          "Id",
          "SystemModstamp",
          "IsDeleted",
          "Name",
          "Website",
          "Owner.Name",
          "ARR__c",
          "Plan__c",
          "Seats__c",
          "Renewal_Date__c",
          "Workspace_Id__c",
          "CurrencyIsoCode");
  static final List<String> CONTACT_FIELDS =
      List.of(
          "Id",
          "SystemModstamp",
          "IsDeleted",
          "AccountId",
          "FirstName",
          "LastName",
          "Name",
          "Email",
          "Phone");
  static final List<String> SUBSCRIPTION_FIELDS =
      List.of(
          "Id",
          "SystemModstamp",
          "IsDeleted",
          "Account__c",
          "Status__c",
          "Start_Date__c",
          "Last_Renewed__c",
          "Churned_On__c",
          "Renewal_Date__c",
          "ARR__c",
          "Payment_Failed__c");

  private SalesforceRows() {}

  /** The object's API name as Salesforce spells it, if the sandbox org has it. */
  static Optional<String> object(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "account" -> Optional.of("Account");
      case "contact" -> Optional.of("Contact");
      case "subscription__c" -> Optional.of("Subscription__c");
      default -> Optional.empty();
    };
  }

  static List<String> fields(String object) {
    return switch (object) {
      case "Account" -> ACCOUNT_FIELDS;
      case "Contact" -> CONTACT_FIELDS;
      default -> SUBSCRIPTION_FIELDS;
    };
  }

  /** The field's API name as the org spells it; field names are case-insensitive in SOQL. */
  static Optional<String> field(String object, String name) {
    return fields(object).stream().filter(f -> f.equalsIgnoreCase(name)).findFirst();
  }

  static List<Map<String, Object>> rows(String object, SandboxView view) {
    Instant asOf = view.asOf();
    return switch (object) {
      case "Account" ->
          view.accounts(SandboxView.SALESFORCE).stream()
              .filter(a -> !a.updatedAt().isAfter(asOf))
              .map(SalesforceRows::account)
              .toList();
      case "Contact" ->
          view.contacts(SandboxView.SALESFORCE).stream()
              .filter(c -> !c.updatedAt().isAfter(asOf))
              .map(SalesforceRows::contact)
              .toList();
      default ->
          view.subscriptions().stream()
              .filter(s -> !s.updatedAt().isAfter(asOf))
              .map(SalesforceRows::subscription)
              .toList();
    };
  }

  static Map<String, Object> account(Account a) {
    Map<String, Object> row = base(a.ref().id(), a.updatedAt());
    row.put("Name", a.name());
    row.put("Website", a.domain());
    row.put("Owner.Name", a.owner());
    row.put("ARR__c", a.arr());
    row.put("Plan__c", a.plan());
    row.put("Seats__c", a.seats());
    row.put("Renewal_Date__c", date(a.renewalDate()));
    row.put("Workspace_Id__c", a.externalId());
    row.put("CurrencyIsoCode", a.currency());
    return row;
  }

  static Map<String, Object> contact(Contact c) {
    Map<String, Object> row = base(c.ref().id(), c.updatedAt());
    row.put("AccountId", c.account() == null ? null : c.account().id());
    String name = c.name();
    String first = null;
    String last = name;
    if (name != null && name.strip().contains(" ")) {
      int space = name.strip().lastIndexOf(' ');
      first = name.strip().substring(0, space).strip();
      last = name.strip().substring(space + 1);
    }
    row.put("FirstName", first);
    row.put("LastName", last);
    row.put("Name", name);
    row.put("Email", c.email());
    row.put("Phone", c.phone());
    return row;
  }

  static Map<String, Object> subscription(Subscription s) {
    Map<String, Object> row = base(s.ref().id(), s.updatedAt());
    row.put("Account__c", s.account().id());
    row.put("Status__c", status(s.status()));
    row.put("Start_Date__c", date(s.started()));
    row.put("Last_Renewed__c", date(s.renewed()));
    row.put("Churned_On__c", date(s.churned()));
    row.put("Renewal_Date__c", date(s.renewalDate()));
    row.put("ARR__c", s.arr());
    row.put("Payment_Failed__c", s.paymentFailed());
    return row;
  }

  /** The picklist labels the sandbox org uses. */
  static String status(Subscription.Status status) {
    return switch (status) {
      case TRIAL -> "Trial";
      case ACTIVE -> "Active";
      case PAST_DUE -> "Past Due";
      case CANCELED -> "Canceled";
    };
  }

  private static Map<String, Object> base(String id, Instant stamp) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("Id", id);
    row.put("SystemModstamp", stamp);
    row.put("IsDeleted", false);
    return row;
  }

  private static String date(LocalDate date) {
    return date == null ? null : date.toString();
  }
}
