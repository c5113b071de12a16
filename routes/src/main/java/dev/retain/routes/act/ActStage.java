package dev.retain.routes.act;

import dev.retain.connectors.spi.RemoteTicket;
import dev.retain.connectors.spi.RiskTicketDraft;
import dev.retain.connectors.spi.TicketingSink;
import dev.retain.routes.act.RiskTicketWriter.AtRisk;
import dev.retain.routes.act.RiskTicketWriter.Churn;
import dev.retain.routes.act.RiskTicketWriter.Reason;
import dev.retain.routes.scoring.client.api.ScorecardsApi;
import dev.retain.routes.scoring.client.model.Measure;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The act stage: one risk ticket per red customer in the ticketing system, updated in place when
 * what it says changes, resolved when the customer recovers and reopened if they fall back. The
 * ticket carries a dedupe key, so a ticket this stage lost track of is found again, not duplicated.
 */
@Component
public class ActStage {
  private static final Logger log = LoggerFactory.getLogger(ActStage.class);

  public record Summary(int opened, int updated, int unchanged, int resolved, int reopened) {}

  /**
   * The smallest churn-driver contribution (log-odds) a ticket lists as a reason; scoring-service
   * words anything smaller as "hardly changes the churn risk".
   */
  static final double RAISES_CHURN_RISK = 0.005;

  private final JdbcTemplate jdbc;
  private final TicketingSink sink;
  private final ScorecardsApi scorecards;
  private final RiskTicketWriter writer;
  private final Clock clock;

  ActStage(
      JdbcTemplate jdbc,
      TicketingSink sink,
      ScorecardsApi scorecards,
      TicketSettings settings,
      Clock clock) {
    this.jdbc = jdbc;
    this.sink = sink;
    this.scorecards = scorecards;
    this.writer = new RiskTicketWriter(settings.dashboardUrlTemplate(), settings.maxReasons());
    this.clock = clock;
  }

  public Summary run(LocalDate asOf) throws Exception {
    Map<String, String> groupOf = new HashMap<>();
    for (Measure m : scorecards.getCurrentScorecard().getMeasures()) {
      groupOf.put(m.getName(), m.getGroup());
    }
    Map<String, Existing> existing = existingTickets();
    int opened = 0;
    int updated = 0;
    int unchanged = 0;
    int resolved = 0;
    int reopened = 0;
    for (AtRisk customer : atRisk(asOf, groupOf)) {
      RiskTicketDraft draft = writer.draft(customer);
      String hash = hash(draft);
      Existing known = existing.remove(customer.customerId());
      if (known == null) {
        Optional<RemoteTicket> found = sink.find(draft.dedupeKey());
        RemoteTicket ticket;
        if (found.isPresent()) {
          ticket = found.get();
          sink.update(ticket, draft);
          if (!ticket.open()) {
            sink.reopen(ticket, RiskTicketWriter.changes(null, draft));
            reopened++;
          } else {
            updated++;
          }
        } else {
          ticket = sink.create(draft);
          opened++;
        }
        save(customer, draft, ticket, "open", hash);
      } else if (!known.open()) {
        RemoteTicket ticket = known.remote(true);
        sink.update(ticket, draft);
        sink.reopen(ticket, RiskTicketWriter.changes(null, draft));
        save(customer, draft, ticket, "open", hash);
        reopened++;
      } else if (!hash.equals(known.contentHash())) {
        RemoteTicket ticket = known.remote(true);
        sink.update(ticket, draft);
        sink.comment(ticket, RiskTicketWriter.changes(known.lastDraft(), draft));
        save(customer, draft, ticket, "open", hash);
        updated++;
      } else {
        unchanged++;
      }
    }
    // whoever is left and still open is no longer red: the customer recovered (or left)
    for (Existing known : existing.values()) {
      if (!known.open()) {
        continue;
      }
      String why = recoveryNote(known.customerId(), asOf);
      sink.resolve(known.remote(true), why);
      jdbc.update(
          "update mart.risk_tickets set status = 'resolved', resolved_at = ?, updated_at = ?"
              + " where customer_id = ?",
          now(),
          now(),
          known.customerId());
      resolved++;
    }
    Summary summary = new Summary(opened, updated, unchanged, resolved, reopened);
    log.info("act: {}", summary);
    return summary;
  }

  private List<AtRisk> atRisk(LocalDate asOf, Map<String, String> groupOf) {
    Map<String, List<Reason>> reasons = new HashMap<>();
    jdbc.query(
        "select d.customer_id, d.measure, d.contribution, d.reason from mart.score_drivers d"
            + " join mart.customer_health_daily h on h.customer_id = d.customer_id"
            + " and h.as_of = d.as_of"
            + " where d.as_of = ? and h.band = 'red' and d.contribution < 0"
            + " order by d.customer_id, d.contribution",
        rs -> {
          reasons
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(
                  new Reason(
                      groupOf.get(rs.getString(2)),
                      rs.getString(2),
                      rs.getDouble(3),
                      rs.getString(4)));
        },
        asOf);
    Map<String, List<String>> churnReasons = new HashMap<>();
    jdbc.query(
        "select d.customer_id, d.reason from mart.churn_drivers d"
            + " join mart.customer_health_daily h on h.customer_id = d.customer_id"
            + " and h.as_of = d.as_of"
            + " where d.as_of = ? and h.band = 'red' and d.contribution >= ?"
            + " order by d.customer_id, d.rank",
        rs -> {
          churnReasons
              .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(rs.getString(2));
        },
        asOf,
        RAISES_CHURN_RISK);
    return jdbc.query(
        "select h.customer_id, c.name, c.plan, c.arr, c.renewal_date, c.owner, h.health_score,"
            + " h.band, h.score_change, h.churn_probability, h.horizon_days, h.churn_flagged,"
            + " h.model_version from mart.customer_health_daily h"
            + " left join mart.customers c on c.customer_id = h.customer_id"
            + " where h.as_of = ? and h.band = 'red' and coalesce(c.status, 'active') = 'active'"
            + " order by h.health_score, h.customer_id",
        (rs, n) ->
            new AtRisk(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getBigDecimal(4),
                rs.getObject(5, LocalDate.class),
                rs.getString(6),
                asOf,
                rs.getDouble(7),
                rs.getString(8),
                (Double) rs.getObject(9),
                reasons.getOrDefault(rs.getString(1), List.of()),
                rs.getObject(10) == null
                    ? null
                    : new Churn(
                        rs.getDouble(10),
                        (Integer) rs.getObject(11),
                        (Boolean) rs.getObject(12),
                        rs.getString(13),
                        churnReasons.getOrDefault(rs.getString(1), List.of()))),
        asOf);
  }

  private String recoveryNote(String customerId, LocalDate asOf) {
    List<String> rows =
        jdbc.query(
            "select h.band || ' at ' || round(h.health_score::numeric) || '/100' from"
                + " mart.customer_health_daily h where h.customer_id = ? and h.as_of = ?",
            (rs, n) -> rs.getString(1),
            customerId,
            asOf);
    return rows.isEmpty()
        ? "Resolved by Retain: the customer is no longer active or was not scored on " + asOf + "."
        : "Resolved by Retain: the customer recovered to " + rows.get(0) + " on " + asOf + ".";
  }

  private void save(
      AtRisk c, RiskTicketDraft draft, RemoteTicket ticket, String status, String hash) {
    jdbc.update(
        "insert into mart.risk_tickets (customer_id, system, ticket_id, ticket_key, url, status,"
            + " opened_at, updated_at, resolved_at, last_score, last_band, last_reasons,"
            + " last_churn, content_hash) values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?)"
            + " on conflict (customer_id) do update"
            + " set system = excluded.system, ticket_id = excluded.ticket_id,"
            + " ticket_key = excluded.ticket_key, url = excluded.url, status = excluded.status,"
            + " updated_at = excluded.updated_at, resolved_at = null,"
            + " last_score = excluded.last_score, last_band = excluded.last_band,"
            + " last_reasons = excluded.last_reasons, last_churn = excluded.last_churn,"
            + " content_hash = excluded.content_hash",
        c.customerId(),
        sink.system(),
        ticket.id(),
        ticket.key(),
        ticket.url(),
        status,
        now(),
        now(),
        c.score(),
        c.band(),
        String.join("\n", draft.reasons()),
        draft.sections().stream()
            .filter(s -> s.title().equals(RiskTicketWriter.CHURN_SECTION))
            .map(RiskTicketDraft.Section::text)
            .findFirst()
            .orElse(null),
        hash);
  }

  private Map<String, Existing> existingTickets() {
    Map<String, Existing> map = new HashMap<>();
    jdbc.query(
        "select customer_id, ticket_id, ticket_key, url, status, content_hash, last_score,"
            + " last_band, last_reasons, last_churn from mart.risk_tickets where system = ?",
        rs -> {
          map.put(
              rs.getString(1),
              new Existing(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  "open".equals(rs.getString(5)),
                  rs.getString(6),
                  (Double) rs.getObject(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10)));
        },
        sink.system());
    return map;
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }

  private static String hash(RiskTicketDraft d) {
    try {
      var digest = java.security.MessageDigest.getInstance("SHA-256");
      digest.update(
          (d.summary()
                  + "\n"
                  + d.headline()
                  + "\n"
                  + d.reasons()
                  + "\n"
                  + d.facts()
                  + "\n"
                  + d.priority()
                  // only drafts with sections hash them, so tickets written before stay unchanged
                  + (d.sections().isEmpty() ? "" : "\n" + d.sections()))
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Existing(
      String customerId,
      String id,
      String key,
      String url,
      boolean open,
      String contentHash,
      Double lastScore,
      String lastBand,
      String lastReasons,
      String lastChurn) {
    RemoteTicket remote(boolean isOpen) {
      return new RemoteTicket(id, key, url, isOpen);
    }

    /** What the ticket said before, as far as the comment on changes needs it. */
    RiskTicketDraft lastDraft() {
      Map<String, String> facts = new java.util.LinkedHashMap<>();
      if (lastScore != null) {
        facts.put(
            "Health score", String.format(java.util.Locale.ROOT, "%.0f (%s)", lastScore, lastBand));
      }
      List<String> reasons =
          lastReasons == null || lastReasons.isEmpty()
              ? List.of()
              : List.of(lastReasons.split("\n"));
      List<RiskTicketDraft.Section> sections =
          lastChurn == null
              ? List.of()
              : List.of(
                  new RiskTicketDraft.Section(
                      RiskTicketWriter.CHURN_SECTION, lastChurn, List.of()));
      return new RiskTicketDraft(customerId, "", "", reasons, facts, "High", sections);
    }
  }
}
