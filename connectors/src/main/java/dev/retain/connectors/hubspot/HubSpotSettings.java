package dev.retain.connectors.hubspot;

import static dev.retain.connectors.support.SettingsChecks.between;
import static dev.retain.connectors.support.SettingsChecks.httpUrl;
import static dev.retain.connectors.support.SettingsChecks.notBlank;
import static dev.retain.connectors.support.SettingsChecks.notNegative;
import static dev.retain.connectors.support.SettingsChecks.required;

import dev.retain.connectors.http.HttpSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * How Retain reaches a HubSpot account through the CRM v3 API.
 *
 * @param baseUrl {@code https://api.hubapi.com}
 * @param accessToken a private app's access token, sent as {@code Authorization: Bearer}; the app
 *     needs the scopes {@code crm.objects.companies.read}, {@code crm.objects.contacts.read} and
 *     {@code crm.objects.deals.read}; never printed
 * @param pageSize search {@code limit} and list {@code limit}, 1 to 200 (HubSpot's search maximum)
 * @param searchCap how many results one search may page through; HubSpot answers 400 past 10,000,
 *     so the stream restarts the search from the last modification time it saw before reaching it
 *     (1 to 10000)
 * @param accountIdProperty the company property holding the CRM account id (HubSpot's Salesforce
 *     integration writes {@code salesforceaccountid}); it becomes {@link
 *     dev.retain.model.Account#externalId()}
 * @param wonStages the {@code dealstage} values that mean closed-won; a deal in one of them is an
 *     active {@link dev.retain.model.Subscription}, any other deal a tombstone for its subscription
 * @param arrProperty the deal property holding annual recurring revenue ({@code hs_arr}, which
 *     HubSpot computes from recurring line items; {@code amount} where deals carry the yearly
 *     value)
 * @param renewalDateProperty the deal property holding the renewal date; null when there is none
 * @param lookback how far before the saved cursor each new search starts
 * @param http transport settings
 */
public record HubSpotSettings(
    URI baseUrl,
    String accessToken,
    int pageSize,
    int searchCap,
    String accountIdProperty,
    Set<String> wonStages,
    String arrProperty,
    String renewalDateProperty,
    Duration lookback,
    HttpSettings http) {

  public static final URI DEFAULT_BASE_URL = URI.create("https://api.hubapi.com");
  public static final int MAX_SEARCH_RESULTS = 10_000;

  public HubSpotSettings {
    baseUrl = httpUrl(baseUrl, "hubspot.baseUrl");
    accessToken = notBlank(accessToken, "hubspot.accessToken");
    between(pageSize, 1, 200, "hubspot.pageSize");
    between(searchCap, 1, MAX_SEARCH_RESULTS, "hubspot.searchCap");
    if (searchCap < pageSize) {
      throw new IllegalArgumentException(
          "hubspot.searchCap ("
              + searchCap
              + ") must be at least hubspot.pageSize ("
              + pageSize
              + ")");
    }
    accountIdProperty = notBlank(accountIdProperty, "hubspot.accountIdProperty");
    wonStages = Set.copyOf(new TreeSet<>(required(wonStages, "hubspot.wonStages")));
    if (wonStages.isEmpty()) {
      throw new IllegalArgumentException("hubspot.wonStages is empty");
    }
    arrProperty = notBlank(arrProperty, "hubspot.arrProperty");
    if (renewalDateProperty != null) {
      renewalDateProperty = notBlank(renewalDateProperty, "hubspot.renewalDateProperty");
    }
    notNegative(lookback, "hubspot.lookback");
    required(http, "hubspot.http");
  }

  public static HubSpotSettings of(URI baseUrl, String accessToken) {
    return new HubSpotSettings(
        baseUrl,
        accessToken,
        100,
        MAX_SEARCH_RESULTS,
        "salesforceaccountid",
        Set.of("closedwon"),
        "hs_arr",
        null,
        Duration.ZERO,
        HttpSettings.DEFAULT);
  }

  public HubSpotSettings withPaging(int pageSize, int searchCap) {
    return new HubSpotSettings(
        baseUrl,
        accessToken,
        pageSize,
        searchCap,
        accountIdProperty,
        wonStages,
        arrProperty,
        renewalDateProperty,
        lookback,
        http);
  }

  public HubSpotSettings withAccessToken(String accessToken) {
    return new HubSpotSettings(
        baseUrl,
        accessToken,
        pageSize,
        searchCap,
        accountIdProperty,
        wonStages,
        arrProperty,
        renewalDateProperty,
        lookback,
        http);
  }

  public HubSpotSettings withDeals(
      Set<String> wonStages, String arrProperty, String renewalDateProperty) {
    return new HubSpotSettings(
        baseUrl,
        accessToken,
        pageSize,
        searchCap,
        accountIdProperty,
        wonStages,
        arrProperty,
        renewalDateProperty,
        lookback,
        http);
  }

  public HubSpotSettings withAccountIdProperty(String accountIdProperty) {
    return new HubSpotSettings(
        baseUrl,
        accessToken,
        pageSize,
        searchCap,
        accountIdProperty,
        wonStages,
        arrProperty,
        renewalDateProperty,
        lookback,
        http);
  }

  public HubSpotSettings withLookback(Duration lookback) {
    return new HubSpotSettings(
        baseUrl,
        accessToken,
        pageSize,
        searchCap,
        accountIdProperty,
        wonStages,
        arrProperty,
        renewalDateProperty,
        lookback,
        http);
  }

  public HubSpotSettings withHttp(HttpSettings http) {
    return new HubSpotSettings(
        baseUrl,
        accessToken,
        pageSize,
        searchCap,
        accountIdProperty,
        wonStages,
        arrProperty,
        renewalDateProperty,
        lookback,
        http);
  }

  @Override
  public String toString() {
    return "HubSpotSettings[baseUrl="
        + baseUrl
        + ", accessToken=****, pageSize="
        + pageSize
        + ", searchCap="
        + searchCap
        + ", accountIdProperty="
        + accountIdProperty
        + ", wonStages="
        + wonStages
        + ", arrProperty="
        + arrProperty
        + ", renewalDateProperty="
        + renewalDateProperty
        + ", lookback="
        + lookback
        + ", http="
        + http
        + "]";
  }
}
