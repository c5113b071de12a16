package dev.retain.connectors.servicenow;

import static dev.retain.connectors.support.SettingsChecks.between;
import static dev.retain.connectors.support.SettingsChecks.httpUrl;
import static dev.retain.connectors.support.SettingsChecks.notBlank;
import static dev.retain.connectors.support.SettingsChecks.notNegative;
import static dev.retain.connectors.support.SettingsChecks.required;

import dev.retain.connectors.http.HttpSettings;
import dev.retain.model.Ticket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How Retain reaches a ServiceNow instance's Table API.
 *
 * @param baseUrl {@code https://<instance>.service-now.com}
 * @param username basic-auth user (with {@code password}); null when {@code bearerToken} is used
 * @param password never printed
 * @param bearerToken an OAuth access token, sent as {@code Authorization: Bearer}; null with basic
 *     auth; never printed
 * @param table the task table to read: {@code incident} or a case table such as {@code
 *     sn_customerservice_case}
 * @param accountField the reference field naming the customer company ({@code company}; {@code
 *     account} on CSM cases)
 * @param requesterField the reference field naming the person ({@code caller_id}; {@code contact}
 *     on CSM cases)
 * @param states the table's {@code state} choice values mapped to canonical statuses (incident's by
 *     default); a value not listed rejects the record
 * @param pageSize {@code sysparm_limit}, 1 to 10000
 * @param readDeletes also read {@code sys_audit_delete} for the table and deliver tombstones (the
 *     user needs read access to that table, usually the admin role)
 * @param lookback how far before the saved cursor the next run starts
 * @param http transport settings
 */
public record ServiceNowSettings(
    URI baseUrl,
    String username,
    String password,
    String bearerToken,
    String table,
    String accountField,
    String requesterField,
    Map<String, Ticket.Status> states,
    int pageSize,
    boolean readDeletes,
    Duration lookback,
    HttpSettings http) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /** The incident table's out-of-the-box states. */
  public static final Map<String, Ticket.Status> INCIDENT_STATES =
      Map.of(
          "1", Ticket.Status.NEW,
          "2", Ticket.Status.OPEN,
          "3", Ticket.Status.HOLD,
          "6", Ticket.Status.SOLVED,
          "7", Ticket.Status.CLOSED,
          "8", Ticket.Status.CLOSED);

  public ServiceNowSettings {
    baseUrl = httpUrl(baseUrl, "servicenow.baseUrl");
    boolean basic = username != null || password != null;
    if (basic == (bearerToken != null)) {
      throw new IllegalArgumentException(
          "servicenow: set either servicenow.username and servicenow.password, or"
              + " servicenow.bearerToken");
    }
    if (basic) {
      username = notBlank(username, "servicenow.username");
      password = notBlank(password, "servicenow.password");
    } else {
      bearerToken = notBlank(bearerToken, "servicenow.bearerToken");
    }
    table = name(table, "servicenow.table");
    accountField = name(accountField, "servicenow.accountField");
    requesterField = name(requesterField, "servicenow.requesterField");
    states = Map.copyOf(new TreeMap<>(required(states, "servicenow.states")));
    if (states.isEmpty()) {
      throw new IllegalArgumentException("servicenow.states is empty");
    }
    between(pageSize, 1, 10_000, "servicenow.pageSize");
    notNegative(lookback, "servicenow.lookback");
    required(http, "servicenow.http");
  }

  private static String name(String value, String key) {
    notBlank(value, key);
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(key + " must be a table or field name, got: " + value);
    }
    return value;
  }

  /** Basic auth on the incident table, 1000 records a page, no deletes. */
  public static ServiceNowSettings basic(URI baseUrl, String username, String password) {
    return new ServiceNowSettings(
        baseUrl,
        username,
        password,
        null,
        "incident",
        "company",
        "caller_id",
        INCIDENT_STATES,
        1000,
        false,
        Duration.ZERO,
        HttpSettings.DEFAULT);
  }

  /** OAuth bearer token on the incident table. */
  public static ServiceNowSettings bearer(URI baseUrl, String bearerToken) {
    return new ServiceNowSettings(
        baseUrl,
        null,
        null,
        bearerToken,
        "incident",
        "company",
        "caller_id",
        INCIDENT_STATES,
        1000,
        false,
        Duration.ZERO,
        HttpSettings.DEFAULT);
  }

  public ServiceNowSettings withTable(
      String table, String accountField, String requesterField, Map<String, Ticket.Status> states) {
    return new ServiceNowSettings(
        baseUrl,
        username,
        password,
        bearerToken,
        table,
        accountField,
        requesterField,
        states,
        pageSize,
        readDeletes,
        lookback,
        http);
  }

  public ServiceNowSettings withPageSize(int pageSize) {
    return new ServiceNowSettings(
        baseUrl,
        username,
        password,
        bearerToken,
        table,
        accountField,
        requesterField,
        states,
        pageSize,
        readDeletes,
        lookback,
        http);
  }

  public ServiceNowSettings withReadDeletes(boolean readDeletes) {
    return new ServiceNowSettings(
        baseUrl,
        username,
        password,
        bearerToken,
        table,
        accountField,
        requesterField,
        states,
        pageSize,
        readDeletes,
        lookback,
        http);
  }

  public ServiceNowSettings withLookback(Duration lookback) {
    return new ServiceNowSettings(
        baseUrl,
        username,
        password,
        bearerToken,
        table,
        accountField,
        requesterField,
        states,
        pageSize,
        readDeletes,
        lookback,
        http);
  }

  public ServiceNowSettings withPassword(String password) {
    return new ServiceNowSettings(
        baseUrl,
        username,
        password,
        bearerToken,
        table,
        accountField,
        requesterField,
        states,
        pageSize,
        readDeletes,
        lookback,
        http);
  }

  public ServiceNowSettings withHttp(HttpSettings http) {
    return new ServiceNowSettings(
        baseUrl,
        username,
        password,
        bearerToken,
        table,
        accountField,
        requesterField,
        states,
        pageSize,
        readDeletes,
        lookback,
        http);
  }

  @Override
  public String toString() {
    return "ServiceNowSettings[baseUrl="
        + baseUrl
        + (username != null ? ", username=" + username + ", password=****" : ", bearerToken=****")
        + ", table="
        + table
        + ", accountField="
        + accountField
        + ", requesterField="
        + requesterField
        + ", states="
        + states
        + ", pageSize="
        + pageSize
        + ", readDeletes="
        + readDeletes
        + ", lookback="
        + lookback
        + ", http="
        + http
        + "]";
  }
}
