package dev.retain.routes.unify;

import dev.retain.routes.unify.IdentityInput.AccountNode;
import dev.retain.routes.unify.IdentityInput.Key;
import dev.retain.routes.unify.IdentityInput.PersonNode;
import dev.retain.routes.unify.IdentityInput.TicketNode;
import dev.retain.routes.unify.IdentityResolver.Link;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The unify stage: resolves identities over everything landed in {@code raw.*} and keeps the
 * crosswalk in {@code core.*}. Customer ids are stable: a cluster keeps the id its members already
 * had; when one cluster holds several ids the oldest survives and the merge is recorded.
 */
@Component
public class UnifyStage {
  private static final Logger log = LoggerFactory.getLogger(UnifyStage.class);

  /** Counts for the run log and the demo summary. */
  public record Summary(int customers, int linked, int unmatched, int newCustomers, int merges) {}

  private final JdbcTemplate jdbc;
  private final IdentityResolver resolver;

  UnifyStage(JdbcTemplate jdbc, IdentitySettings settings) {
    this.jdbc = jdbc;
    this.resolver = new IdentityResolver(settings);
  }

  @Transactional
  public Summary run() {
    IdentityInput input = load();
    IdentityResolver.Result result = resolver.resolve(input, overrides());
    writeReviewQueue(result.review());
    Map<Key, String> existing = existingCrosswalk();

    // the id of each cluster: the oldest id any member already had, else a new one
    Map<Integer, TreeSet<String>> idsOfCluster = new HashMap<>();
    result
        .links()
        .forEach(
            (key, link) -> {
              String id = existing.get(key);
              if (id != null) {
                idsOfCluster.computeIfAbsent(link.cluster(), c -> new TreeSet<>()).add(id);
              }
            });
    Map<Integer, String> customerOf = new HashMap<>();
    int created = 0;
    int merges = 0;
    for (Link link : result.links().values()) {
      if (customerOf.containsKey(link.cluster())) {
        continue;
      }
      TreeSet<String> ids = idsOfCluster.get(link.cluster());
      String id;
      if (ids == null) {
        id = newCustomerId();
        created++;
      } else {
        id = ids.first();
        for (String merged : ids.tailSet(id, false)) {
          recordMerge(merged, id);
          merges++;
        }
      }
      customerOf.put(link.cluster(), id);
    }

    List<Object[]> upserts = new ArrayList<>();
    result
        .links()
        .forEach(
            (key, link) -> {
              String id = customerOf.get(link.cluster());
              if (!id.equals(existing.get(key))) {
                upserts.add(
                    new Object[] {
                      key.source(), key.entity(), key.sourceId(), id, link.rule(), link.evidence()
                    });
              }
            });
    jdbc.batchUpdate(
        "insert into core.crosswalk (source, entity, source_id, customer_id, rule, evidence)"
            + " values (?, ?, ?, ?, ?, ?) on conflict (source, entity, source_id) do update set"
            + " customer_id = excluded.customer_id, rule = excluded.rule,"
            + " evidence = excluded.evidence, linked_at = now()",
        upserts);

    List<Object[]> gone = new ArrayList<>();
    for (Key key : existing.keySet()) {
      if (!result.links().containsKey(key)) {
        gone.add(new Object[] {key.source(), key.entity(), key.sourceId()});
      }
    }
    jdbc.batchUpdate(
        "delete from core.crosswalk where source = ? and entity = ? and source_id = ?", gone);

    jdbc.update("delete from core.unmatched");
    jdbc.batchUpdate(
        "insert into core.unmatched (source, entity, source_id, reason) values (?, ?, ?, ?)",
        result.unmatched().stream()
            .map(
                u ->
                    new Object[] {
                      u.key().source(), u.key().entity(), u.key().sourceId(), u.reason()
                    })
            .toList());

    Summary summary =
        new Summary(
            customerOf.size(), result.links().size(), result.unmatched().size(), created, merges);
    log.info(
        "unify: {} customers ({} new, {} merges), {} records linked, {} unmatched",
        summary.customers(),
        created,
        merges,
        summary.linked(),
        summary.unmatched());
    return summary;
  }

  private IdentityInput load() {
    List<AccountNode> accounts =
        new ArrayList<>(
            jdbc.query(
                "select source, source_id, name, domain, external_id from raw.account where not deleted",
                (rs, n) ->
                    new AccountNode(
                        new Key(rs.getString(1), "account", rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5))));
    accounts.addAll(
        jdbc.query(
            "select distinct source, account_id from raw.usage_daily where not deleted",
            (rs, n) ->
                new AccountNode(
                    new Key(rs.getString(1), "workspace", rs.getString(2)), null, null, null)));
    List<PersonNode> persons =
        new ArrayList<>(
            jdbc.query(
                "select source, source_id, account_id, email, null from raw.contact where not deleted",
                (rs, n) ->
                    new PersonNode(
                        new Key(rs.getString(1), "contact", rs.getString(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5))));
    persons.addAll(
        jdbc.query(
            "select source, respondent_id, max(respondent_email), max(account_external_id)"
                + " from raw.survey_response where not deleted and respondent_id is not null"
                + " group by source, respondent_id",
            (rs, n) ->
                new PersonNode(
                    new Key(rs.getString(1), "respondent", rs.getString(2)),
                    null,
                    rs.getString(3),
                    rs.getString(4))));
    List<TicketNode> tickets =
        jdbc.query(
            "select source, source_id, account_id, requester_id from raw.ticket where not deleted",
            (rs, n) ->
                new TicketNode(
                    new Key(rs.getString(1), "ticket", rs.getString(2)),
                    rs.getString(3),
                    rs.getString(4)));
    return new IdentityInput(accounts, persons, tickets);
  }

  /** Overrides kept in the warehouse: core.link_overrides and decided review pairs. */
  private List<LinkOverride> overrides() {
    List<LinkOverride> out = new ArrayList<>();
    jdbc.query(
        "select kind, a_source, a_entity, a_source_id, b_source, b_entity, b_source_id"
            + " from core.link_overrides"
            + " union all select case decision when 'link' then 'must_link' else 'cannot_link' end,"
            + " a_source, a_entity, a_source_id, b_source, b_entity, b_source_id"
            + " from core.review_queue where decision is not null",
        rs -> {
          out.add(
              new LinkOverride(
                  "must_link".equals(rs.getString(1))
                      ? LinkOverride.Kind.MUST_LINK
                      : LinkOverride.Kind.CANNOT_LINK,
                  new Key(rs.getString(2), rs.getString(3), rs.getString(4)),
                  new Key(rs.getString(5), rs.getString(6), rs.getString(7))));
        });
    return out;
  }

  /** Replaces the undecided pairs of the review queue; decided pairs stay as they are. */
  private void writeReviewQueue(List<IdentityResolver.Review> review) {
    jdbc.update("delete from core.review_queue where decision is null");
    jdbc.batchUpdate(
        "insert into core.review_queue (a_source, a_entity, a_source_id, b_source, b_entity,"
            + " b_source_id, probability, reason) values (?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict do nothing",
        review.stream()
            .map(
                r ->
                    new Object[] {
                      r.a().source(),
                      r.a().entity(),
                      r.a().sourceId(),
                      r.b().source(),
                      r.b().entity(),
                      r.b().sourceId(),
                      r.probability(),
                      r.reason()
                    })
            .toList());
  }

  private Map<Key, String> existingCrosswalk() {
    Map<Key, String> existing = new HashMap<>();
    jdbc.query(
        "select source, entity, source_id, customer_id from core.crosswalk",
        rs -> {
          existing.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4));
        });
    return existing;
  }

  private String newCustomerId() {
    Long n = jdbc.queryForObject("select nextval('core.customer_seq')", Long.class);
    String id = String.format("C%07d", n);
    jdbc.update("insert into core.customer (customer_id) values (?)", id);
    return id;
  }

  private void recordMerge(String merged, String survivor) {
    jdbc.update("update core.customer set merged_into = ? where customer_id = ?", survivor, merged);
    jdbc.update(
        "insert into core.merge_lineage (merged_id, survivor_id, reason) values (?, ?, ?)"
            + " on conflict (merged_id) do nothing",
        merged,
        survivor,
        "records of both customers were linked");
  }
}
