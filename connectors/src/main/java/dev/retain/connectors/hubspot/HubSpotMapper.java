package dev.retain.connectors.hubspot;

import static dev.retain.connectors.support.Json.requiredText;
import static dev.retain.connectors.support.Json.text;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.connectors.spi.RejectedRecord;
import dev.retain.connectors.support.Json;
import dev.retain.connectors.support.Mapped;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.model.Subscription;
import dev.retain.model.Tombstone;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Maps CRM records ({@code {id, properties, createdAt, updatedAt, archived}}) to the canonical
 * model. Property values arrive as strings; dates as ISO-8601 or {@code yyyy-MM-dd}.
 *
 * <p>Deals: a deal in a won stage is an {@link Subscription.Status#ACTIVE} subscription of its
 * (primary) associated company, started on {@code closedate}, with ARR from the configured
 * property. A deal in any other stage is a {@link Tombstone} of its subscription, so a deal moved
 * out of closed-won retracts the subscription it made.
 */
final class HubSpotMapper {
  private static final String SYSTEM = HubSpotConnector.SYSTEM;

  private final HubSpotSettings settings;

  HubSpotMapper(HubSpotSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  boolean isWon(JsonNode deal) {
    String stage = text(deal, "properties.dealstage");
    return stage != null && settings.wonStages().contains(stage);
  }

  Mapped map(String stream, HubSpotObject object, JsonNode node, Map<String, String> companies) {
    String id = null;
    Instant cursor = null;
    try {
      id = requiredText(node, "id");
      cursor = time(node, "properties." + object.modifiedProperty());
      CanonicalRecord record =
          switch (object) {
            case COMPANIES -> company(node, id, cursor);
            case CONTACTS -> contact(node, id, cursor);
            case DEALS -> deal(node, id, cursor, companies);
          };
      return Mapped.of(record, cursor, id);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Mapped.rejected(
          new RejectedRecord(stream, id, node.toString(), String.valueOf(e.getMessage())),
          cursor,
          id);
    }
  }

  /** An archived record: a tombstone at its {@code archivedAt}. */
  Mapped archived(String stream, HubSpotObject object, JsonNode node) {
    String id = null;
    Instant at = null;
    try {
      id = requiredText(node, "id");
      at = time(node, "archivedAt");
      return Mapped.of(new Tombstone(ref(id), object.entity(), at), at, id);
    } catch (IllegalArgumentException e) {
      return Mapped.rejected(
          new RejectedRecord(stream, id, node.toString(), String.valueOf(e.getMessage())), at, id);
    }
  }

  private Account company(JsonNode node, String id, Instant updated) {
    return new Account(
        ref(id),
        text(node, "properties.name"),
        text(node, "properties.domain"),
        text(node, "properties." + settings.accountIdProperty()),
        null,
        null,
        null,
        null,
        null,
        text(node, "properties.hubspot_owner_id"),
        updated);
  }

  private Contact contact(JsonNode node, String id, Instant updated) {
    String first = text(node, "properties.firstname");
    String last = text(node, "properties.lastname");
    String name = first == null ? last : last == null ? first : first + " " + last;
    String company = text(node, "properties.associatedcompanyid");
    return new Contact(
        ref(id),
        company == null ? null : ref(company),
        name,
        text(node, "properties.email"),
        text(node, "properties.phone"),
        null,
        updated);
  }

  private CanonicalRecord deal(
      JsonNode node, String id, Instant updated, Map<String, String> companies) {
    if (!isWon(node)) {
      return new Tombstone(ref(id), Entity.SUBSCRIPTION, updated);
    }
    String company = companies.get(id);
    if (company == null) {
      throw new IllegalArgumentException(
          "associations 'companies': closed-won deal has no associated company");
    }
    LocalDate closed = date(node, "properties.closedate");
    if (closed == null) {
      throw new IllegalArgumentException("field 'properties.closedate' is missing");
    }
    return new Subscription(
        ref(id),
        ref(company),
        Subscription.Status.ACTIVE,
        closed,
        null,
        null,
        settings.renewalDateProperty() == null
            ? null
            : date(node, "properties." + settings.renewalDateProperty()),
        Json.decimal(node, "properties." + settings.arrProperty()),
        false,
        updated);
  }

  private static SourceRef ref(String id) {
    return SourceRef.of(SYSTEM, id);
  }

  static Instant time(JsonNode node, String path) {
    String value = requiredText(node, path);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(value));
      } catch (NumberFormatException notMillis) {
        throw new IllegalArgumentException(
            "field '" + path + "': expected an ISO-8601 time, got " + value);
      }
    }
  }

  private static LocalDate date(JsonNode node, String path) {
    String value = text(node, path);
    if (value == null) {
      return null;
    }
    try {
      return value.length() == 10
          ? LocalDate.parse(value)
          : Instant.parse(value).atZone(ZoneOffset.UTC).toLocalDate();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("field '" + path + "': not a date: " + value);
    }
  }
}
