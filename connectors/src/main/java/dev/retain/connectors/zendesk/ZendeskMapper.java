package dev.retain.connectors.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.model.Ticket;
import dev.retain.model.Tombstone;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps Zendesk JSON objects (organizations, users, tickets) to canonical records. A record that
 * cannot be mapped throws {@link BadRecord} with a reason naming the field.
 */
final class ZendeskMapper {
  static final String SYSTEM = "zendesk";

  /** A record Retain cannot map; the message names the field. */
  static final class BadRecord extends Exception {
    BadRecord(String message) {
      super(message, null, false, false);
    }
  }

  private final String accountIdField;

  ZendeskMapper(String accountIdField) {
    this.accountIdField = accountIdField;
  }

  /** The record's id as text, when it has a usable one. */
  static Optional<String> id(JsonNode item) {
    JsonNode id = item.path("id");
    if (id.isIntegralNumber() || (id.isTextual() && !id.asText().isBlank())) {
      return Optional.of(id.asText());
    }
    return Optional.empty();
  }

  /**
   * An organization becomes an {@link Account}; one with {@code deleted_at} set becomes a {@link
   * Tombstone}.
   */
  CanonicalRecord organization(JsonNode org) throws BadRecord {
    SourceRef ref = ref(org);
    Instant updatedAt = requiredTime(org, "updated_at");
    Instant deletedAt = optionalTime(org, "deleted_at");
    if (deletedAt != null) {
      return new Tombstone(ref, Entity.ACCOUNT, later(updatedAt, deletedAt));
    }
    String name = optionalText(org, "name");
    if (name == null || name.isBlank()) {
      throw new BadRecord("name is missing or blank");
    }
    String domain = null;
    JsonNode domains = org.path("domain_names");
    if (!domains.isMissingNode() && !domains.isNull()) {
      if (!domains.isArray()) {
        throw new BadRecord("domain_names is not an array");
      }
      if (!domains.isEmpty()) {
        if (!domains.get(0).isTextual()) {
          throw new BadRecord("domain_names[0] is not a string");
        }
        domain = domains.get(0).asText();
      }
    }
    String externalId;
    if (accountIdField.equals(ZendeskSettings.EXTERNAL_ID)) {
      externalId = optionalText(org, "external_id");
    } else {
      JsonNode fields = org.path("organization_fields");
      if (!fields.isMissingNode() && !fields.isNull() && !fields.isObject()) {
        throw new BadRecord("organization_fields is not an object");
      }
      externalId = optionalText(fields, accountIdField, "organization_fields." + accountIdField);
    }
    return new Account(
        ref, name, domain, externalId, null, null, null, null, null, null, updatedAt);
  }

  /**
   * An end user becomes a {@link Contact}; a deleted user ({@code active: false}, which is how
   * Zendesk marks deleted users) becomes a {@link Tombstone}. Agents and admins are staff, not
   * customers: {@link Optional#empty()} (skipped, not rejected).
   */
  Optional<CanonicalRecord> user(JsonNode user) throws BadRecord {
    SourceRef ref = ref(user);
    Instant updatedAt = requiredTime(user, "updated_at");
    String role = optionalText(user, "role");
    if (role == null) {
      throw new BadRecord("role is missing");
    }
    if (!role.equals("end-user")) {
      return Optional.empty();
    }
    JsonNode active = user.path("active");
    if (!active.isMissingNode() && !active.isNull() && !active.isBoolean()) {
      throw new BadRecord("active is not a boolean");
    }
    if (active.isBoolean() && !active.booleanValue()) {
      return Optional.of(new Tombstone(ref, Entity.CONTACT, updatedAt));
    }
    SourceRef account = optionalRef(user, "organization_id");
    try {
      return Optional.of(
          new Contact(
              ref,
              account,
              optionalText(user, "name"),
              optionalText(user, "email"),
              optionalText(user, "phone"),
              optionalText(user, "external_id"),
              updatedAt));
    } catch (IllegalArgumentException e) {
      throw new BadRecord(e.getMessage());
    }
  }

  /**
   * A ticket becomes a {@link Ticket}; a deleted ticket ({@code status: "deleted"}) becomes a
   * {@link Tombstone}. {@code solved_at} comes from the side-loaded metric set, when there is one.
   */
  CanonicalRecord ticket(JsonNode ticket, JsonNode metricSet) throws BadRecord {
    SourceRef ref = ref(ticket);
    Instant updatedAt = requiredTime(ticket, "updated_at");
    String status = optionalText(ticket, "status");
    if (status == null) {
      throw new BadRecord("status is missing");
    }
    if (status.equals("deleted")) {
      return new Tombstone(ref, Entity.TICKET, updatedAt);
    }
    Ticket.Status canonicalStatus =
        switch (status) {
          case "new" -> Ticket.Status.NEW;
          case "open" -> Ticket.Status.OPEN;
          case "pending" -> Ticket.Status.PENDING;
          case "hold" -> Ticket.Status.HOLD;
          case "solved" -> Ticket.Status.SOLVED;
          case "closed" -> Ticket.Status.CLOSED;
          default -> throw new BadRecord("status has an unknown value: " + status);
        };
    String priority = optionalText(ticket, "priority");
    Ticket.Priority canonicalPriority =
        priority == null
            ? null
            : switch (priority) {
              case "urgent" -> Ticket.Priority.URGENT;
              case "high" -> Ticket.Priority.HIGH;
              case "normal" -> Ticket.Priority.NORMAL;
              case "low" -> Ticket.Priority.LOW;
              default -> throw new BadRecord("priority has an unknown value: " + priority);
            };
    Ticket.Satisfaction satisfaction = null;
    JsonNode rating = ticket.path("satisfaction_rating");
    if (!rating.isMissingNode() && !rating.isNull()) {
      if (!rating.isObject()) {
        throw new BadRecord("satisfaction_rating is not an object");
      }
      String score = optionalText(rating, "score", "satisfaction_rating.score");
      satisfaction =
          score == null
              ? null
              : switch (score) {
                case "unoffered" -> Ticket.Satisfaction.UNOFFERED;
                case "offered" -> Ticket.Satisfaction.OFFERED;
                case "good" -> Ticket.Satisfaction.GOOD;
                case "bad" -> Ticket.Satisfaction.BAD;
                default ->
                    throw new BadRecord("satisfaction_rating.score has an unknown value: " + score);
              };
    }
    String subject = optionalText(ticket, "subject");
    if (subject == null) {
      subject = optionalText(ticket, "raw_subject");
    }
    Instant createdAt = requiredTime(ticket, "created_at");
    Instant solvedAt =
        metricSet == null ? null : optionalTime(metricSet, "solved_at", "metric_set.solved_at");
    try {
      return new Ticket(
          ref,
          optionalRef(ticket, "organization_id"),
          optionalRef(ticket, "requester_id"),
          subject,
          canonicalPriority,
          canonicalStatus,
          createdAt,
          solvedAt,
          satisfaction,
          updatedAt);
    } catch (IllegalArgumentException e) {
      throw new BadRecord(e.getMessage());
    }
  }

  private static SourceRef ref(JsonNode item) throws BadRecord {
    if (!item.isObject()) {
      throw new BadRecord("the record is not a JSON object");
    }
    return SourceRef.of(SYSTEM, id(item).orElseThrow(() -> new BadRecord("id is missing")));
  }

  private static SourceRef optionalRef(JsonNode item, String field) throws BadRecord {
    JsonNode id = item.path(field);
    if (id.isMissingNode() || id.isNull()) {
      return null;
    }
    if (id.isIntegralNumber() || (id.isTextual() && !id.asText().isBlank())) {
      return SourceRef.of(SYSTEM, id.asText());
    }
    throw new BadRecord(field + " is not an id: " + id);
  }

  private static String optionalText(JsonNode item, String field) throws BadRecord {
    return optionalText(item, field, field);
  }

  private static String optionalText(JsonNode item, String field, String label) throws BadRecord {
    JsonNode value = item.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (value.isTextual() || value.isNumber()) {
      return value.asText();
    }
    throw new BadRecord(label + " is not a string: " + value);
  }

  private static Instant requiredTime(JsonNode item, String field) throws BadRecord {
    Instant time = optionalTime(item, field, field);
    if (time == null) {
      throw new BadRecord(field + " is missing");
    }
    return time;
  }

  private static Instant optionalTime(JsonNode item, String field) throws BadRecord {
    return optionalTime(item, field, field);
  }

  private static Instant optionalTime(JsonNode item, String field, String label) throws BadRecord {
    JsonNode value = item.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadRecord(label + " is not an ISO-8601 timestamp: " + value);
    }
    try {
      return OffsetDateTime.parse(value.asText().strip().toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRecord(label + " is not an ISO-8601 timestamp: " + value.asText());
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
