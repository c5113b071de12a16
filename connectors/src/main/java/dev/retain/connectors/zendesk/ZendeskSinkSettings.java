package dev.retain.connectors.zendesk;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How Retain opens risk tickets in Zendesk Support.
 *
 * @param connection the account and credentials (only {@code baseUrl}, the credentials and {@code
 *     http} are used)
 * @param externalIdPrefix prepended to the dedupe key to form the ticket's {@code external_id}
 * @param tags tags every risk ticket carries (e.g. {@code retain}, {@code churn-risk})
 * @param groupId the group tickets are assigned to; null for Zendesk's default routing
 */
public record ZendeskSinkSettings(
    ZendeskSettings connection, String externalIdPrefix, List<String> tags, Long groupId) {

  public ZendeskSinkSettings {
    requireNonNull(connection, "zendesk connection settings are required");
    if (externalIdPrefix == null || externalIdPrefix.isBlank() || externalIdPrefix.contains(" ")) {
      throw new IllegalArgumentException(
          "zendesk.sink.externalIdPrefix must be a non-blank token, got: " + externalIdPrefix);
    }
    tags = List.copyOf(requireNonNull(tags, "zendesk.sink.tags is required"));
    for (String tag : tags) {
      if (tag.isBlank() || tag.contains(" ")) {
        throw new IllegalArgumentException("zendesk.sink.tags: \"" + tag + "\" is not a tag");
      }
    }
  }

  public static ZendeskSinkSettings of(ZendeskSettings connection) {
    return new ZendeskSinkSettings(
        connection, "retain-risk-", List.of("retain", "churn-risk"), null);
  }
}
