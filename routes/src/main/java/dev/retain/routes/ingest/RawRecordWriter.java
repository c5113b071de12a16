package dev.retain.routes.ingest;

import dev.retain.model.Account;
import dev.retain.model.CanonicalRecord;
import dev.retain.model.Contact;
import dev.retain.model.Entity;
import dev.retain.model.SourceRef;
import dev.retain.model.Subscription;
import dev.retain.model.SurveyResponse;
import dev.retain.model.Ticket;
import dev.retain.model.Tombstone;
import dev.retain.model.UsageDaily;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Lands canonical records in {@code raw.*} with idempotent upserts keyed by (source, source_id). A
 * version older than the one already landed never overwrites it, so replaying a page changes
 * nothing. A tombstone marks the row deleted and keeps it.
 */
@Component
class RawRecordWriter {
  private final JdbcTemplate jdbc;

  RawRecordWriter(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Lands a page's records; returns how many rows were inserted or changed. */
  int land(List<CanonicalRecord> records) {
    Map<Entity, List<CanonicalRecord>> byEntity = new EnumMap<>(Entity.class);
    List<Tombstone> tombstones = new ArrayList<>();
    for (CanonicalRecord record : records) {
      if (record instanceof Tombstone t) {
        tombstones.add(t);
      } else {
        byEntity.computeIfAbsent(record.entity(), e -> new ArrayList<>()).add(record);
      }
    }
    int changed = 0;
    for (var entry : byEntity.entrySet()) {
      changed += upsert(entry.getKey(), entry.getValue());
    }
    for (Tombstone t : tombstones) {
      changed += markDeleted(t);
    }
    return changed;
  }

  private int upsert(Entity entity, List<CanonicalRecord> records) {
    Table table = TABLES.get(entity);
    int[][] counts =
        jdbc.batchUpdate(
            table.upsertSql(),
            records,
            1000,
            (ps, record) -> {
              SourceRef ref = record.ref();
              ps.setString(1, ref.system());
              ps.setString(2, ref.id());
              table.binder().bind(ps, record, 3);
            });
    int total = 0;
    for (int[] batch : counts) {
      for (int c : batch) {
        total += Math.max(c, 0);
      }
    }
    return total;
  }

  private int markDeleted(Tombstone t) {
    String table = "raw." + t.deletedEntity().table();
    int updated =
        jdbc.update(
            "update "
                + table
                + " set deleted = true, updated_at = ?, ingested_at = now()"
                + " where source = ? and source_id = ? and updated_at <= ?",
            Timestamp.from(t.updatedAt()),
            t.ref().system(),
            t.ref().id(),
            Timestamp.from(t.updatedAt()));
    // a record deleted before we ever saw it: keep the tombstone all the same
    if (updated == 0) {
      return jdbc.update(
          "insert into "
              + table
              + " (source, source_id, updated_at, deleted)"
              + " values (?, ?, ?, true) on conflict do nothing",
          t.ref().system(),
          t.ref().id(),
          Timestamp.from(t.updatedAt()));
    }
    return updated;
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps, CanonicalRecord record, int first) throws SQLException;
  }

  private record Table(String name, List<String> columns, Binder binder) {
    String upsertSql() {
      String cols = String.join(", ", columns);
      String params = "?, ".repeat(columns.size()).replaceAll(", $", "");
      StringBuilder set = new StringBuilder();
      for (String c : columns) {
        set.append(c).append(" = excluded.").append(c).append(", ");
      }
      return "insert into raw."
          + name
          + " (source, source_id, "
          + cols
          + ", deleted, ingested_at)"
          + " values (?, ?, "
          + params
          + ", false, now())"
          + " on conflict (source, source_id) do update set "
          + set
          + "deleted = false, ingested_at = now()"
          + " where raw."
          + name
          + ".updated_at <= excluded.updated_at"
          + " and (raw."
          + name
          + ".deleted or ("
          + changedPredicate()
          + "))";
    }

    /** Only rows whose content differs are rewritten, so a replayed page touches nothing. */
    private String changedPredicate() {
      StringBuilder sb = new StringBuilder();
      for (String c : columns) {
        if (sb.length() > 0) {
          sb.append(" or ");
        }
        sb.append("raw.")
            .append(name)
            .append('.')
            .append(c)
            .append(" is distinct from excluded.")
            .append(c);
      }
      return sb.toString();
    }
  }

  private static final Map<Entity, Table> TABLES = new EnumMap<>(Entity.class);

  static {
    TABLES.put(
        Entity.ACCOUNT,
        new Table(
            "account",
            List.of(
                "name",
                "domain",
                "external_id",
                "arr",
                "currency",
                "plan",
                "seats",
                "renewal_date",
                "owner",
                "updated_at"),
            (ps, r, i) -> {
              Account a = (Account) r;
              ps.setString(i++, a.name());
              ps.setString(i++, a.domain());
              ps.setString(i++, a.externalId());
              ps.setBigDecimal(i++, a.arr());
              ps.setString(i++, a.currency());
              ps.setString(i++, a.plan());
              setInt(ps, i++, a.seats());
              setDate(ps, i++, a.renewalDate());
              ps.setString(i++, a.owner());
              setTime(ps, i, a.updatedAt());
            }));
    TABLES.put(
        Entity.CONTACT,
        new Table(
            "contact",
            List.of("account_id", "name", "email", "phone", "external_id", "updated_at"),
            (ps, r, i) -> {
              Contact c = (Contact) r;
              ps.setString(i++, c.account() == null ? null : c.account().id());
              ps.setString(i++, c.name());
              ps.setString(i++, c.email());
              ps.setString(i++, c.phone());
              ps.setString(i++, c.externalId());
              setTime(ps, i, c.updatedAt());
            }));
    TABLES.put(
        Entity.SUBSCRIPTION,
        new Table(
            "subscription",
            List.of(
                "account_id",
                "status",
                "started",
                "renewed",
                "churned",
                "renewal_date",
                "arr",
                "payment_failed",
                "updated_at"),
            (ps, r, i) -> {
              Subscription s = (Subscription) r;
              ps.setString(i++, s.account().id());
              ps.setString(i++, s.status().name());
              setDate(ps, i++, s.started());
              setDate(ps, i++, s.renewed());
              setDate(ps, i++, s.churned());
              setDate(ps, i++, s.renewalDate());
              ps.setBigDecimal(i++, s.arr());
              ps.setBoolean(i++, s.paymentFailed());
              setTime(ps, i, s.updatedAt());
            }));
    TABLES.put(
        Entity.TICKET,
        new Table(
            "ticket",
            List.of(
                "account_id",
                "requester_id",
                "subject",
                "priority",
                "status",
                "created_at",
                "solved_at",
                "satisfaction",
                "updated_at"),
            (ps, r, i) -> {
              Ticket t = (Ticket) r;
              ps.setString(i++, t.account() == null ? null : t.account().id());
              ps.setString(i++, t.requester() == null ? null : t.requester().id());
              ps.setString(i++, t.subject());
              ps.setString(i++, t.priority().name());
              ps.setString(i++, t.status().name());
              setTime(ps, i++, t.createdAt());
              setTime(ps, i++, t.solvedAt());
              ps.setString(i++, t.satisfaction().name());
              setTime(ps, i, t.updatedAt());
            }));
    TABLES.put(
        Entity.SURVEY_RESPONSE,
        new Table(
            "survey_response",
            List.of(
                "respondent_id",
                "respondent_email",
                "account_external_id",
                "score",
                "comment",
                "created_at",
                "updated_at"),
            (ps, r, i) -> {
              SurveyResponse s = (SurveyResponse) r;
              ps.setString(i++, s.respondent() == null ? null : s.respondent().id());
              ps.setString(i++, s.respondentEmail());
              ps.setString(i++, s.accountExternalId());
              ps.setInt(i++, s.score());
              ps.setString(i++, s.comment());
              setTime(ps, i++, s.createdAt());
              setTime(ps, i, s.updatedAt());
            }));
    TABLES.put(
        Entity.USAGE_DAILY,
        new Table(
            "usage_daily",
            List.of(
                "account_id",
                "day",
                "logins",
                "core_events",
                "secondary_events",
                "active_seats",
                "updated_at"),
            (ps, r, i) -> {
              UsageDaily u = (UsageDaily) r;
              ps.setString(i++, u.account().id());
              setDate(ps, i++, u.day());
              ps.setInt(i++, u.logins());
              ps.setInt(i++, u.coreEvents());
              ps.setInt(i++, u.secondaryEvents());
              ps.setInt(i++, u.activeSeats());
              setTime(ps, i, u.updatedAt());
            }));
  }

  private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, v);
    }
  }

  private static void setDate(PreparedStatement ps, int i, LocalDate v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.DATE);
    } else {
      ps.setDate(i, Date.valueOf(v));
    }
  }

  private static void setTime(PreparedStatement ps, int i, Instant v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setTimestamp(i, Timestamp.from(v));
    }
  }
}
