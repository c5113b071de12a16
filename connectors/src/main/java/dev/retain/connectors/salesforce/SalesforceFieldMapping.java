package dev.retain.connectors.salesforce;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The API names of the org-specific fields Retain reads. Standard fields (Id, Name, Website,
 * Owner.Name, SystemModstamp, the Contact fields) are fixed; these are the custom ones, which
 * differ from org to org. A nullable field set to null is not selected, and the canonical value
 * stays null.
 *
 * @param accountArr annual recurring revenue (currency field); nullable
 * @param accountPlan plan name (text or picklist); nullable
 * @param accountSeats licensed seats (number); nullable
 * @param accountRenewalDate next renewal (date); nullable
 * @param accountExternalId the product's workspace id kept on the account, mapped to {@link
 *     dev.retain.model.Account#externalId()}; nullable
 * @param accountCurrency the ISO currency code ({@code CurrencyIsoCode} exists only in
 *     multi-currency orgs); nullable
 * @param subscriptionObject the custom object holding subscriptions
 * @param subscriptionAccount lookup to the Account
 * @param subscriptionStatus picklist: Trial, Active, Past Due, Canceled
 * @param subscriptionStart start date
 * @param subscriptionLastRenewed date of the last renewal; nullable
 * @param subscriptionChurnedOn date the customer left; nullable
 * @param subscriptionRenewalDate next renewal date; nullable
 * @param subscriptionArr currency field; nullable
 * @param subscriptionPaymentFailed checkbox; nullable
 */
public record SalesforceFieldMapping(
    String accountArr,
    String accountPlan,
    String accountSeats,
    String accountRenewalDate,
    String accountExternalId,
    String accountCurrency,
    String subscriptionObject,
    String subscriptionAccount,
    String subscriptionStatus,
    String subscriptionStart,
    String subscriptionLastRenewed,
    String subscriptionChurnedOn,
    String subscriptionRenewalDate,
    String subscriptionArr,
    String subscriptionPaymentFailed) {

  private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");

  public static final SalesforceFieldMapping DEFAULTS =
      new SalesforceFieldMapping(
          "ARR__c",
          "Plan__c",
          "Seats__c",
          "Renewal_Date__c",
          "Workspace_Id__c",
          "CurrencyIsoCode",
          "Subscription__c",
          "Account__c",
          "Status__c",
          "Start_Date__c",
          "Last_Renewed__c",
          "Churned_On__c",
          "Renewal_Date__c",
          "ARR__c",
          "Payment_Failed__c");

  public SalesforceFieldMapping {
    accountArr = optional(accountArr, "accountArr");
    accountPlan = optional(accountPlan, "accountPlan");
    accountSeats = optional(accountSeats, "accountSeats");
    accountRenewalDate = optional(accountRenewalDate, "accountRenewalDate");
    accountExternalId = optional(accountExternalId, "accountExternalId");
    accountCurrency = optional(accountCurrency, "accountCurrency");
    subscriptionObject = required(subscriptionObject, "subscriptionObject");
    subscriptionAccount = required(subscriptionAccount, "subscriptionAccount");
    subscriptionStatus = required(subscriptionStatus, "subscriptionStatus");
    subscriptionStart = required(subscriptionStart, "subscriptionStart");
    subscriptionLastRenewed = optional(subscriptionLastRenewed, "subscriptionLastRenewed");
    subscriptionChurnedOn = optional(subscriptionChurnedOn, "subscriptionChurnedOn");
    subscriptionRenewalDate = optional(subscriptionRenewalDate, "subscriptionRenewalDate");
    subscriptionArr = optional(subscriptionArr, "subscriptionArr");
    subscriptionPaymentFailed = optional(subscriptionPaymentFailed, "subscriptionPaymentFailed");
  }

  /** The defaults without {@code CurrencyIsoCode}, for orgs without multi-currency. */
  public SalesforceFieldMapping withoutCurrency() {
    return withAccountCurrency(null);
  }

  public SalesforceFieldMapping withAccountCurrency(String field) {
    return new SalesforceFieldMapping(
        accountArr,
        accountPlan,
        accountSeats,
        accountRenewalDate,
        accountExternalId,
        field,
        subscriptionObject,
        subscriptionAccount,
        subscriptionStatus,
        subscriptionStart,
        subscriptionLastRenewed,
        subscriptionChurnedOn,
        subscriptionRenewalDate,
        subscriptionArr,
        subscriptionPaymentFailed);
  }

  private static String required(String value, String key) {
    requireNonNull(value, "salesforce.fields." + key + " is required");
    return optional(value, key);
  }

  private static String optional(String value, String key) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (!API_NAME.matcher(v).matches()) {
      throw new IllegalArgumentException(
          "salesforce.fields."
              + key
              + " must be a Salesforce API name (letters, digits, underscores), got: '"
              + value
              + "'");
    }
    return v;
  }
}
