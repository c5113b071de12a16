package dev.retain.connectors.jsm;

import static dev.retain.connectors.support.SettingsChecks.between;
import static dev.retain.connectors.support.SettingsChecks.httpUrl;
import static dev.retain.connectors.support.SettingsChecks.notBlank;
import static dev.retain.connectors.support.SettingsChecks.notNegative;
import static dev.retain.connectors.support.SettingsChecks.required;

import dev.retain.connectors.http.HttpSettings;
import dev.retain.model.Ticket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How Retain reaches a Jira Service Management site.
 *
 * @param baseUrl {@code https://<site>.atlassian.net}
 * @param email the Atlassian account's email, the Basic-auth user
 * @param apiToken the account's API token; never printed
 * @param jql a JQL filter that selects the service desk's requests, e.g. {@code project = SUP}; the
 *     stream adds {@code updated >= "…" ORDER BY updated ASC}
 * @param pageSize issues per page ({@code maxResults}), 1 to 100
 * @param organizationField the issue field holding the JSM organizations (an array of {@code {id,
 *     name}}); its first organization becomes the ticket's account. Sites differ: look it up under
 *     Issues, Custom fields ("Organizations")
 * @param customerField the issue field holding the customer (a user object with {@code accountId});
 *     {@code reporter} by default, or a custom field
 * @param statusNames status names mapped to a canonical status ahead of the status category (e.g.
 *     "Waiting for customer" to PENDING); names not listed map by category: new to NEW,
 *     indeterminate to OPEN, done to SOLVED
 * @param userTimeZone the API user's profile time zone: Jira reads the minutes in JQL dates in it
 * @param lookback how far before the saved cursor each new query starts
 * @param http transport settings
 */
public record JsmSettings(
    URI baseUrl,
    String email,
    String apiToken,
    String jql,
    int pageSize,
    String organizationField,
    String customerField,
    Map<String, Ticket.Status> statusNames,
    ZoneId userTimeZone,
    Duration lookback,
    HttpSettings http) {

  public static final String DEFAULT_ORGANIZATION_FIELD = "customfield_10002";
  public static final Map<String, Ticket.Status> DEFAULT_STATUS_NAMES =
      Map.of(
          "Waiting for customer", Ticket.Status.PENDING,
          "Pending", Ticket.Status.PENDING,
          "Closed", Ticket.Status.CLOSED,
          "Canceled", Ticket.Status.CLOSED);

  public JsmSettings {
    baseUrl = httpUrl(baseUrl, "jsm.baseUrl");
    email = notBlank(email, "jsm.email");
    apiToken = notBlank(apiToken, "jsm.apiToken");
    jql = notBlank(jql, "jsm.jql");
    if (jql.toUpperCase(Locale.ROOT).contains("ORDER BY")) {
      throw new IllegalArgumentException(
          "jsm.jql must not have an ORDER BY clause; the stream orders by updated");
    }
    between(pageSize, 1, 100, "jsm.pageSize");
    organizationField = notBlank(organizationField, "jsm.organizationField");
    customerField = notBlank(customerField, "jsm.customerField");
    statusNames = Map.copyOf(new TreeMap<>(required(statusNames, "jsm.statusNames")));
    required(userTimeZone, "jsm.userTimeZone");
    notNegative(lookback, "jsm.lookback");
    required(http, "jsm.http");
  }

  public static JsmSettings of(URI baseUrl, String email, String apiToken, String jql) {
    return new JsmSettings(
        baseUrl,
        email,
        apiToken,
        jql,
        100,
        DEFAULT_ORGANIZATION_FIELD,
        "reporter",
        DEFAULT_STATUS_NAMES,
        ZoneId.of("UTC"),
        Duration.ZERO,
        HttpSettings.DEFAULT);
  }

  public JsmSettings withPageSize(int pageSize) {
    return new JsmSettings(
        baseUrl,
        email,
        apiToken,
        jql,
        pageSize,
        organizationField,
        customerField,
        statusNames,
        userTimeZone,
        lookback,
        http);
  }

  public JsmSettings withApiToken(String apiToken) {
    return new JsmSettings(
        baseUrl,
        email,
        apiToken,
        jql,
        pageSize,
        organizationField,
        customerField,
        statusNames,
        userTimeZone,
        lookback,
        http);
  }

  public JsmSettings withFields(String organizationField, String customerField) {
    return new JsmSettings(
        baseUrl,
        email,
        apiToken,
        jql,
        pageSize,
        organizationField,
        customerField,
        statusNames,
        userTimeZone,
        lookback,
        http);
  }

  public JsmSettings withUserTimeZone(ZoneId userTimeZone) {
    return new JsmSettings(
        baseUrl,
        email,
        apiToken,
        jql,
        pageSize,
        organizationField,
        customerField,
        statusNames,
        userTimeZone,
        lookback,
        http);
  }

  public JsmSettings withLookback(Duration lookback) {
    return new JsmSettings(
        baseUrl,
        email,
        apiToken,
        jql,
        pageSize,
        organizationField,
        customerField,
        statusNames,
        userTimeZone,
        lookback,
        http);
  }

  public JsmSettings withHttp(HttpSettings http) {
    return new JsmSettings(
        baseUrl,
        email,
        apiToken,
        jql,
        pageSize,
        organizationField,
        customerField,
        statusNames,
        userTimeZone,
        lookback,
        http);
  }

  @Override
  public String toString() {
    return "JsmSettings[baseUrl="
        + baseUrl
        + ", email="
        + email
        + ", apiToken=****, jql="
        + jql
        + ", pageSize="
        + pageSize
        + ", organizationField="
        + organizationField
        + ", customerField="
        + customerField
        + ", statusNames="
        + statusNames
        + ", userTimeZone="
        + userTimeZone
        + ", lookback="
        + lookback
        + ", http="
        + http
        + "]";
  }
}
