package dev.retain.connectors.files;

import static java.util.Objects.requireNonNull;

import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.model.Subscription;
import dev.retain.model.SurveyResponse;
import dev.retain.model.Ticket;
import dev.retain.model.UsageDaily;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps one flat row (a CSV record, a JSON Lines object, a JDBC result row) to a canonical record.
 * The row is read through canonical column names (below); a column mapping renames them to what the
 * source calls them. Every failure is an {@link IllegalArgumentException} naming the column.
 *
 * <ul>
 *   <li>account: {@code id, name, domain, external_id, arr, currency, plan, seats, renewal_date,
 *       owner, updated_at}
 *   <li>contact: {@code id, account_id, name, email, phone, external_id, updated_at}
 *   <li>subscription: {@code id, account_id, status (trial|active|past_due|canceled), started,
 *       renewed, churned, renewal_date, arr, payment_failed, updated_at}
 *   <li>ticket: {@code id, account_id, requester_id, subject, priority, status, created_at,
 *       solved_at, satisfaction, updated_at}
 *   <li>survey_response: {@code id, respondent_id, respondent_email, account_external_id, score,
 *       comment, created_at, updated_at}
 *   <li>usage_daily: {@code account_id (or workspace_id), day, logins, core_events,
 *       secondary_events, active_seats, updated_at}; its id is {@code account_id:day}
 * </ul>
 *
 * Times are ISO-8601 with an offset (a time without one is read as UTC); days are {@code
 * yyyy-MM-dd}; booleans are {@code true/false/1/0/yes/no}.
 */
public final class CanonicalRows {
  private static final Map<Entity, List<String>> REQUIRED =
      Map.of(
          Entity.ACCOUNT, List.of("id", "name", "updated_at"),
          Entity.CONTACT, List.of("id", "updated_at"),
          Entity.SUBSCRIPTION, List.of("id", "account_id", "status", "started", "updated_at"),
          Entity.TICKET, List.of("id", "status", "created_at", "updated_at"),
          Entity.SURVEY_RESPONSE, List.of("id", "score", "created_at", "updated_at"),
          Entity.USAGE_DAILY, List.of("account_id", "day", "updated_at"));

  private final String system;
  private final Entity entity;
  private final Map<String, String> columns;

  /**
   * @param columns canonical column name to the source's column name; unmapped columns keep their
   *     canonical name
   */
  public CanonicalRows(String system, Entity entity, Map<String, String> columns) {
    this.system = requireNonNull(system, "system is null");
    this.entity = requireNonNull(entity, "entity is null");
    this.columns = Map.copyOf(requireNonNull(columns, "columns is null"));
    SourceRef.of(system, "probe"); // validates the token
  }

  public Entity entity() {
    return entity;
  }

  /** The source's name for a canonical column. */
  public String column(String canonical) {
    return columns.getOrDefault(canonical, canonical);
  }

  /** The source column names a row must carry (for a header check). */
  public List<String> requiredColumns() {
    return REQUIRED.get(entity).stream()
        .map(c -> entity == Entity.USAGE_DAILY && c.equals("account_id") ? c : column(c))
        .toList();
  }

  /** The id of a row when it can be read, for a rejected record. */
  public String idOf(Function<String, String> row) {
    return blank(row.apply(column(entity == Entity.USAGE_DAILY ? "account_id" : "id")));
  }

  public CanonicalRecord map(Function<String, String> raw) {
    Row row = new Row(raw);
    return switch (entity) {
      case ACCOUNT ->
          new Account(
              ref(row.required("id")),
              row.required("name"),
              row.text("domain"),
              row.text("external_id"),
              row.decimal("arr"),
              row.text("currency"),
              row.text("plan"),
              row.integer("seats"),
              row.day("renewal_date"),
              row.text("owner"),
              row.instant("updated_at", true));
      case CONTACT ->
          new Contact(
              ref(row.required("id")),
              row.ref("account_id"),
              row.text("name"),
              row.text("email"),
              row.text("phone"),
              row.text("external_id"),
              row.instant("updated_at", true));
      case SUBSCRIPTION ->
          new Subscription(
              ref(row.required("id")),
              ref(row.required("account_id")),
              row.enumValue("status", Subscription.Status.class, true),
              row.day("started"),
              row.day("renewed"),
              row.day("churned"),
              row.day("renewal_date"),
              row.decimal("arr"),
              row.bool("payment_failed"),
              row.instant("updated_at", true));
      case TICKET ->
          new Ticket(
              ref(row.required("id")),
              row.ref("account_id"),
              row.ref("requester_id"),
              row.text("subject"),
              row.enumValue("priority", Ticket.Priority.class, false),
              row.enumValue("status", Ticket.Status.class, true),
              row.instant("created_at", true),
              row.instant("solved_at", false),
              row.enumValue("satisfaction", Ticket.Satisfaction.class, false),
              row.instant("updated_at", true));
      case SURVEY_RESPONSE -> {
        Integer score = row.integer("score");
        if (score == null) {
          throw new IllegalArgumentException("column '" + column("score") + "' is empty");
        }
        yield new SurveyResponse(
            ref(row.required("id")),
            row.ref("respondent_id"),
            row.text("respondent_email"),
            row.text("account_external_id"),
            score,
            row.text("comment"),
            row.instant("created_at", true),
            row.instant("updated_at", true));
      }
      case USAGE_DAILY -> {
        String account = row.text("account_id");
        if (account == null) {
          account = row.text("workspace_id");
        }
        if (account == null) {
          throw new IllegalArgumentException(
              "column '" + column("account_id") + "' is missing or empty");
        }
        LocalDate day = row.day("day");
        if (day == null) {
          throw new IllegalArgumentException("column '" + column("day") + "' is empty");
        }
        yield new UsageDaily(
            ref(account + ":" + day),
            ref(account),
            day,
            row.count("logins"),
            row.count("core_events"),
            row.count("secondary_events"),
            row.count("active_seats"),
            row.instant("updated_at", true));
      }
    };
  }

  private SourceRef ref(String id) {
    return SourceRef.of(system, id);
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** Typed reads of one row, each naming the source column on failure. */
  private final class Row {
    private final Function<String, String> raw;

    Row(Function<String, String> raw) {
      this.raw = raw;
    }

    String text(String canonical) {
      return blank(raw.apply(column(canonical)));
    }

    String required(String canonical) {
      String value = text(canonical);
      if (value == null) {
        throw new IllegalArgumentException(
            "column '" + column(canonical) + "' is missing or empty");
      }
      return value;
    }

    SourceRef ref(String canonical) {
      String value = text(canonical);
      return value == null ? null : SourceRef.of(system, value);
    }

    BigDecimal decimal(String canonical) {
      String value = text(canonical);
      try {
        return value == null ? null : new BigDecimal(value);
      } catch (NumberFormatException e) {
        throw bad(canonical, "a decimal number", value);
      }
    }

    Integer integer(String canonical) {
      String value = text(canonical);
      try {
        return value == null ? null : Integer.valueOf(value);
      } catch (NumberFormatException e) {
        throw bad(canonical, "a whole number", value);
      }
    }

    int count(String canonical) {
      Integer value = integer(canonical);
      if (value == null) {
        return 0;
      }
      if (value < 0) {
        throw bad(canonical, "a count >= 0", value.toString());
      }
      return value;
    }

    boolean bool(String canonical) {
      String value = text(canonical);
      if (value == null) {
        return false;
      }
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes", "y", "t" -> true;
        case "false", "0", "no", "n", "f" -> false;
        default -> throw bad(canonical, "true or false", value);
      };
    }

    LocalDate day(String canonical) {
      String value = text(canonical);
      if (value == null) {
        return null;
      }
      try {
        return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
      } catch (DateTimeParseException e) {
        throw bad(canonical, "a yyyy-MM-dd day", value);
      }
    }

    Instant instant(String canonical, boolean required) {
      String value = text(canonical);
      if (value == null) {
        if (required) {
          throw new IllegalArgumentException(
              "column '" + column(canonical) + "' is missing or empty");
        }
        return null;
      }
      return parseInstant(value, column(canonical));
    }

    <E extends Enum<E>> E enumValue(String canonical, Class<E> type, boolean required) {
      String value = text(canonical);
      if (value == null) {
        if (required) {
          throw new IllegalArgumentException(
              "column '" + column(canonical) + "' is missing or empty");
        }
        return null;
      }
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw bad(
            canonical,
            "one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT),
            value);
      }
    }

    private IllegalArgumentException bad(String canonical, String expected, String value) {
      return new IllegalArgumentException(
          "column '" + column(canonical) + "': expected " + expected + ", got \"" + value + "\"");
    }
  }

  /** ISO-8601 with an offset or {@code Z}; a local date-time is read as UTC. */
  public static Instant parseInstant(String value, String column) {
    String v = value.strip().replace(' ', 'T');
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "column '" + column + "': expected an ISO-8601 time, got \"" + value + "\"");
      }
    }
  }
}
