package dev.retain.connectors.sinks.servicenow;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How Retain opens risk incidents in ServiceNow.
 *
 * @param baseUrl {@code https://<instance>.service-now.com}
 * @param user basic-auth user (an integration user with the {@code itil} role), or null with an
 *     OAuth token
 * @param password never printed
 * @param oauthToken a bearer token instead of user and password; never printed
 * @param table the table, normally {@code incident}
 * @param correlationPrefix prepended to the dedupe key to form {@code correlation_id}
 * @param assignmentGroup sys_id or name of the group incidents go to; null for none
 * @param closeCode the {@code close_code} set on resolve (instance-specific choice list; {@code
 *     Solution provided} on current releases)
 * @param reopenState the {@code state} a reopened incident gets ({@code 2}, In Progress)
 */
public record ServiceNowSinkSettings(
    URI baseUrl,
    String user,
    String password,
    String oauthToken,
    String table,
    String correlationPrefix,
    String assignmentGroup,
    String closeCode,
    String reopenState,
    HttpSettings http) {

  public ServiceNowSinkSettings {
    requireNonNull(baseUrl, "servicenow.baseUrl is required");
    if (baseUrl.getScheme() == null
        || !baseUrl.getScheme().matches("https?")
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "servicenow.baseUrl must be an absolute http(s) URL, got: " + baseUrl);
    }
    baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
    boolean basic = user != null || password != null;
    if (basic == (oauthToken != null)) {
      throw new IllegalArgumentException(
          "servicenow: set either servicenow.user + servicenow.password or servicenow.oauthToken");
    }
    if (basic && (user == null || user.isBlank() || password == null || password.isEmpty())) {
      throw new IllegalArgumentException(
          "servicenow.user and servicenow.password must both be set");
    }
    if (table == null || !table.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("servicenow.table must be a table name, got: " + table);
    }
    if (correlationPrefix == null || correlationPrefix.isBlank()) {
      throw new IllegalArgumentException("servicenow.correlationPrefix is blank");
    }
    if (closeCode == null || closeCode.isBlank()) {
      throw new IllegalArgumentException("servicenow.closeCode is blank");
    }
    if (reopenState == null || !reopenState.matches("-?\\d+")) {
      throw new IllegalArgumentException(
          "servicenow.reopenState must be a state number, got: " + reopenState);
    }
    requireNonNull(http, "servicenow.http is required");
  }

  public static ServiceNowSinkSettings basic(URI baseUrl, String user, String password) {
    return new ServiceNowSinkSettings(
        baseUrl,
        user,
        password,
        null,
        "incident",
        "retain-risk-",
        null,
        "Solution provided",
        "2",
        HttpSettings.DEFAULT);
  }

  public ServiceNowSinkSettings withHttp(HttpSettings http) {
    return new ServiceNowSinkSettings(
        baseUrl,
        user,
        password,
        oauthToken,
        table,
        correlationPrefix,
        assignmentGroup,
        closeCode,
        reopenState,
        http);
  }

  public ServiceNowSinkSettings withPassword(String password) {
    return new ServiceNowSinkSettings(
        baseUrl,
        user,
        password,
        oauthToken,
        table,
        correlationPrefix,
        assignmentGroup,
        closeCode,
        reopenState,
        http);
  }

  String authorization() {
    if (oauthToken != null) {
      return "Bearer " + oauthToken;
    }
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "ServiceNowSinkSettings[baseUrl="
        + baseUrl
        + ", user="
        + user
        + ", password=****, oauthToken="
        + (oauthToken == null ? null : "****")
        + ", table="
        + table
        + ", correlationPrefix="
        + correlationPrefix
        + ", assignmentGroup="
        + assignmentGroup
        + ", closeCode="
        + closeCode
        + ", reopenState="
        + reopenState
        + ", http="
        + http
        + "]";
  }
}
