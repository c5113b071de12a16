package dev.retain.connectors.jira;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpSettings;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * How to reach one Jira Cloud project for risk tickets.
 *
 * @param baseUrl the site, e.g. {@code https://acme.atlassian.net}
 * @param email the Atlassian account's email; with {@code apiToken} sent as Basic auth
 * @param projectKey the project the tickets go to, e.g. {@code RISK}
 * @param issueType the issue type name; default {@code Task}
 * @param labelPrefix prefix of the dedupe label {@code <prefix><dedupeKey>}; default {@code
 *     retain-risk-}
 * @param resolveTransition the transition (or target status) name that resolves a ticket; null: the
 *     transition whose target status category is {@code done}
 * @param reopenTransition the transition (or target status) name that reopens a ticket; null: the
 *     transition whose target status category is {@code new}
 * @param setPriority whether to send {@code priority} (off for projects whose screens lack it)
 */
public record JiraSettings(
    URI baseUrl,
    String email,
    String apiToken,
    String projectKey,
    String issueType,
    String labelPrefix,
    String resolveTransition,
    String reopenTransition,
    boolean setPriority,
    HttpSettings http) {

  public static final String DEFAULT_ISSUE_TYPE = "Task";
  public static final String DEFAULT_LABEL_PREFIX = "retain-risk-";
  private static final Pattern PROJECT_KEY = Pattern.compile("[A-Z][A-Z0-9_]{1,9}");

  public JiraSettings {
    requireNonNull(baseUrl, "jira.baseUrl is null");
    if (baseUrl.getScheme() == null
        || !(baseUrl.getScheme().equals("https") || baseUrl.getScheme().equals("http"))
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "jira.baseUrl must be an http(s) URL such as https://acme.atlassian.net, got " + baseUrl);
    }
    String text = baseUrl.toString();
    if (text.endsWith("/")) {
      baseUrl = URI.create(text.substring(0, text.length() - 1));
    }
    if (email == null || email.indexOf('@') < 1) {
      throw new IllegalArgumentException(
          "jira.email must be the Atlassian account's email, got " + email);
    }
    if (apiToken == null || apiToken.isBlank()) {
      throw new IllegalArgumentException("jira.apiToken is blank");
    }
    requireNonNull(projectKey, "jira.projectKey is null");
    if (!PROJECT_KEY.matcher(projectKey).matches()) {
      throw new IllegalArgumentException(
          "jira.projectKey must be an upper-case project key such as RISK, got " + projectKey);
    }
    issueType = blankTo(issueType, DEFAULT_ISSUE_TYPE);
    labelPrefix = blankTo(labelPrefix, DEFAULT_LABEL_PREFIX);
    if (labelPrefix.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "jira.labelPrefix must not contain spaces (Jira labels cannot), got '"
              + labelPrefix
              + "'");
    }
    resolveTransition = blankTo(resolveTransition, null);
    reopenTransition = blankTo(reopenTransition, null);
    http = http == null ? HttpSettings.DEFAULT : http;
  }

  /**
   * Settings with the defaults: Task, {@code retain-risk-}, transitions by category, priority on.
   */
  public static JiraSettings of(URI baseUrl, String email, String apiToken, String projectKey) {
    return new JiraSettings(
        baseUrl, email, apiToken, projectKey, null, null, null, null, true, null);
  }

  public JiraSettings withTransitions(String resolve, String reopen) {
    return new JiraSettings(
        baseUrl,
        email,
        apiToken,
        projectKey,
        issueType,
        labelPrefix,
        resolve,
        reopen,
        setPriority,
        http);
  }

  public JiraSettings withPriority(boolean setPriority) {
    return new JiraSettings(
        baseUrl,
        email,
        apiToken,
        projectKey,
        issueType,
        labelPrefix,
        resolveTransition,
        reopenTransition,
        setPriority,
        http);
  }

  public JiraSettings withHttp(HttpSettings http) {
    return new JiraSettings(
        baseUrl,
        email,
        apiToken,
        projectKey,
        issueType,
        labelPrefix,
        resolveTransition,
        reopenTransition,
        setPriority,
        http);
  }

  String authorization() {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (email + ":" + apiToken).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String blankTo(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  @Override
  public String toString() {
    return "JiraSettings[baseUrl="
        + baseUrl
        + ", email="
        + email
        + ", apiToken=****, projectKey="
        + projectKey
        + ", issueType="
        + issueType
        + ", labelPrefix="
        + labelPrefix
        + ", resolveTransition="
        + resolveTransition
        + ", reopenTransition="
        + reopenTransition
        + ", setPriority="
        + setPriority
        + ", http="
        + http
        + "]";
  }
}
