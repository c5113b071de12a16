package dev.retain.connectors.freshdesk;

import static dev.retain.connectors.support.Json.at;
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
import dev.retain.model.SourceRef;
import dev.retain.model.Ticket;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Maps Freshdesk tickets, companies and contacts; a record that cannot be mapped is rejected. */
final class FreshdeskMapper {
  private static final String SYSTEM = FreshdeskConnector.SYSTEM;

  private final FreshdeskSettings settings;

  FreshdeskMapper(FreshdeskSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  @FunctionalInterface
  private interface Body {
    CanonicalRecord map(JsonNode node, String id);
  }

  Mapped ticket(String stream, JsonNode node) {
    return map(
        stream,
        node,
        (n, id) -> {
          Instant created = instant(n, "created_at");
          Instant resolved = optionalInstant(n, "stats.resolved_at");
          Instant closed = optionalInstant(n, "stats.closed_at");
          Ticket.Status status = status(n);
          Instant solved = status.isOpen() ? null : resolved != null ? resolved : closed;
          return new Ticket(
              ref(id),
              optionalRef(n, "company_id"),
              optionalRef(n, "requester_id"),
              text(n, "subject"),
              priority(n),
              status,
              created,
              solved,
              null,
              instant(n, "updated_at"));
        });
  }

  Mapped company(String stream, JsonNode node) {
    return map(
        stream,
        node,
        (n, id) -> {
          JsonNode domains = at(n, "domains");
          if (domains != null && !domains.isArray()) {
            throw new IllegalArgumentException("field 'domains': expected an array");
          }
          String domain = domains == null || domains.isEmpty() ? null : domains.get(0).asText(null);
          return new Account(
              ref(id),
              text(n, "name"),
              domain,
              text(n, "custom_fields." + settings.accountIdField()),
              null,
              null,
              text(n, "account_tier"),
              null,
              date(n, "renewal_date"),
              null,
              instant(n, "updated_at"));
        });
  }

  Mapped contact(String stream, JsonNode node) {
    return map(
        stream,
        node,
        (n, id) -> {
          String phone = text(n, "phone");
          return new Contact(
              ref(id),
              optionalRef(n, "company_id"),
              text(n, "name"),
              text(n, "email"),
              phone != null ? phone : text(n, "mobile"),
              text(n, "unique_external_id"),
              instant(n, "updated_at"));
        });
  }

  private static Mapped map(String stream, JsonNode node, Body body) {
    String id = null;
    Instant cursor = null;
    try {
      cursor = optionalInstant(node, "updated_at");
      id = requiredText(node, "id");
      return Mapped.of(body.map(node, id), cursor, id);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Mapped.rejected(
          new RejectedRecord(stream, id, node.toString(), String.valueOf(e.getMessage())),
          cursor,
          id);
    }
  }

  /** 2 Open, 3 Pending, 4 Resolved, 5 Closed; custom statuses (6 and up) count as pending. */
  private static Ticket.Status status(JsonNode n) {
    Integer status = Json.integer(n, "status");
    if (status == null) {
      throw new IllegalArgumentException("field 'status' is missing");
    }
    return switch (status) {
      case 2 -> Ticket.Status.OPEN;
      case 3 -> Ticket.Status.PENDING;
      case 4 -> Ticket.Status.SOLVED;
      case 5 -> Ticket.Status.CLOSED;
      default -> {
        if (status >= 6) {
          yield Ticket.Status.PENDING;
        }
        throw new IllegalArgumentException("field 'status': unknown value " + status);
      }
    };
  }

  /** 1 Low, 2 Medium, 3 High, 4 Urgent. */
  private static Ticket.Priority priority(JsonNode n) {
    Integer priority = Json.integer(n, "priority");
    if (priority == null) {
      return null;
    }
    return switch (priority) {
      case 1 -> Ticket.Priority.LOW;
      case 2 -> Ticket.Priority.NORMAL;
      case 3 -> Ticket.Priority.HIGH;
      case 4 -> Ticket.Priority.URGENT;
      default -> throw new IllegalArgumentException("field 'priority': unknown value " + priority);
    };
  }

  private static SourceRef ref(String id) {
    return SourceRef.of(SYSTEM, id);
  }

  private static SourceRef optionalRef(JsonNode n, String field) {
    String id = text(n, field);
    return id == null ? null : ref(id);
  }

  static Instant instant(JsonNode n, String field) {
    Instant value = optionalInstant(n, field);
    if (value == null) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return value;
  }

  static Instant optionalInstant(JsonNode n, String field) {
    String value = text(n, field);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "field '"
              + field
              + "': expected an ISO-8601 time such as 2024-05-01T10:00:00Z, got "
              + value);
    }
  }

  private static LocalDate date(JsonNode n, String field) {
    String value = text(n, field);
    if (value == null) {
      return null;
    }
    try {
      return value.length() > 10
          ? Instant.parse(value).atZone(ZoneOffset.UTC).toLocalDate()
          : LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("field '" + field + "': not a date: " + value);
    }
  }
}
