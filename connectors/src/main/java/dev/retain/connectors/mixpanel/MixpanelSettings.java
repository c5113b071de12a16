package dev.retain.connectors.mixpanel;

import static java.util.Objects.requireNonNull;

import dev.retain.connectors.http.HttpSettings;
import java.net.URI;
import java.time.LocalDate;
import java.util.Set;

/**
 * How Retain reads one Mixpanel project's raw events.
 *
 * @param baseUrl {@code https://data.mixpanel.com} ({@code data-eu} / {@code data-in} for data
 *     residency); {@code /api/2.0/export} is appended
 * @param projectId the project id, sent as {@code project_id} (required with a service account)
 * @param serviceAccountUser the service account's username (Basic-auth user)
 * @param serviceAccountSecret the service account's secret (Basic-auth password); never printed
 * @param accountProperty the event property holding the customer account (a group key such as
 *     {@code company_id}); events without it are counted as unattributed and skipped
 * @param loginEvents event names counted as logins
 * @param coreEvents event names counted as core feature use
 * @param secondaryEvents event names counted as secondary use; empty means every other event
 * @param startDate the first day a full read exports
 * @param lagDays days after a UTC day ends before it counts as complete (late events)
 */
public record MixpanelSettings(
    URI baseUrl,
    String projectId,
    String serviceAccountUser,
    String serviceAccountSecret,
    String accountProperty,
    Set<String> loginEvents,
    Set<String> coreEvents,
    Set<String> secondaryEvents,
    LocalDate startDate,
    int lagDays,
    HttpSettings http) {

  public static final URI DEFAULT_BASE_URL = URI.create("https://data.mixpanel.com");

  public MixpanelSettings {
    requireNonNull(baseUrl, "mixpanel.baseUrl is required");
    if (baseUrl.getScheme() == null
        || !baseUrl.getScheme().matches("https?")
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "mixpanel.baseUrl must be an absolute http(s) URL, got: " + baseUrl);
    }
    baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
    if (projectId == null || !projectId.matches("\\d+")) {
      throw new IllegalArgumentException("mixpanel.projectId must be numeric, got: " + projectId);
    }
    if (serviceAccountUser == null || serviceAccountUser.isBlank()) {
      throw new IllegalArgumentException("mixpanel.serviceAccountUser is blank");
    }
    if (serviceAccountSecret == null || serviceAccountSecret.isBlank()) {
      throw new IllegalArgumentException("mixpanel.serviceAccountSecret is blank");
    }
    if (accountProperty == null || accountProperty.isBlank()) {
      throw new IllegalArgumentException("mixpanel.accountProperty is blank");
    }
    loginEvents = Set.copyOf(requireNonNull(loginEvents, "mixpanel.loginEvents is required"));
    coreEvents = Set.copyOf(requireNonNull(coreEvents, "mixpanel.coreEvents is required"));
    secondaryEvents =
        Set.copyOf(requireNonNull(secondaryEvents, "mixpanel.secondaryEvents is required"));
    requireNonNull(startDate, "mixpanel.startDate is required");
    if (lagDays < 0 || lagDays > 30) {
      throw new IllegalArgumentException("mixpanel.lagDays must be 0..30, got " + lagDays);
    }
    requireNonNull(http, "mixpanel.http is required");
  }

  public MixpanelSettings withBaseUrl(URI baseUrl) {
    return new MixpanelSettings(
        baseUrl,
        projectId,
        serviceAccountUser,
        serviceAccountSecret,
        accountProperty,
        loginEvents,
        coreEvents,
        secondaryEvents,
        startDate,
        lagDays,
        http);
  }

  public MixpanelSettings withSecret(String serviceAccountSecret) {
    return new MixpanelSettings(
        baseUrl,
        projectId,
        serviceAccountUser,
        serviceAccountSecret,
        accountProperty,
        loginEvents,
        coreEvents,
        secondaryEvents,
        startDate,
        lagDays,
        http);
  }

  /** Which counter an event name adds to: login, core, secondary, or null (not counted). */
  String classify(String event) {
    if (loginEvents.contains(event)) {
      return "login";
    }
    if (coreEvents.contains(event)) {
      return "core";
    }
    if (secondaryEvents.isEmpty() || secondaryEvents.contains(event)) {
      return "secondary";
    }
    return null;
  }

  @Override
  public String toString() {
    return "MixpanelSettings[baseUrl="
        + baseUrl
        + ", projectId="
        + projectId
        + ", serviceAccountUser="
        + serviceAccountUser
        + ", serviceAccountSecret=****, accountProperty="
        + accountProperty
        + ", loginEvents="
        + loginEvents
        + ", coreEvents="
        + coreEvents
        + ", secondaryEvents="
        + secondaryEvents
        + ", startDate="
        + startDate
        + ", lagDays="
        + lagDays
        + ", http="
        + http
        + "]";
  }
}
