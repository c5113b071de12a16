package dev.retain.routes.publish;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The publish stage: the customer dimension ({@code mart.customers}, with the company domain only
 * as a keyed HMAC) that scores, tickets and dashboards read.
 */
@Component
public class PublishStage {
  private static final Logger log = LoggerFactory.getLogger(PublishStage.class);
  private final JdbcTemplate jdbc;
  private final Pseudonymizer pseudonymizer;

  PublishStage(JdbcTemplate jdbc, Pseudonymizer pseudonymizer) {
    this.jdbc = jdbc;
    this.pseudonymizer = pseudonymizer;
  }

  @Transactional
  public int run(LocalDate asOf) {
    List<Object[]> rows = new ArrayList<>();
    jdbc.query(
        """
        with cw as (
          select c.customer_id, c.source, c.source_id from core.crosswalk c
          where c.entity = 'account'
        ), acc as (
          select cw.customer_id, a.*,
                 row_number() over (partition by cw.customer_id
                   order by (a.arr is null), a.source, a.updated_at desc) as pick
          from cw join raw.account a on a.source = cw.source and a.source_id = cw.source_id
          where not a.deleted
        ), sub as (
          select cw.customer_id, max(s.churned) as churned, max(s.arr) as arr,
                 min(s.renewal_date) filter (where s.churned is null) as renewal_date
          from cw join raw.subscription s on s.source = cw.source and s.account_id = cw.source_id
          where not s.deleted group by cw.customer_id
        ), src as (
          select customer_id, string_agg(distinct source, ',' order by source) as sources
          from core.crosswalk group by customer_id
        )
        select acc.customer_id, acc.name, acc.domain, acc.plan, coalesce(sub.arr, acc.arr),
               acc.seats, coalesce(sub.renewal_date, acc.renewal_date), acc.owner,
               case when sub.churned <= ? then 'churned' else 'active' end,
               case when sub.churned <= ? then sub.churned end, src.sources
        from acc left join sub on sub.customer_id = acc.customer_id
        join src on src.customer_id = acc.customer_id
        where acc.pick = 1
        """,
        rs -> {
          rows.add(
              new Object[] {
                rs.getString(1),
                rs.getString(2),
                pseudonymizer.hmac(dev.retain.routes.unify.Domains.normalise(rs.getString(3))),
                rs.getString(4),
                rs.getBigDecimal(5),
                rs.getObject(6),
                rs.getObject(7),
                rs.getString(8),
                rs.getString(9),
                rs.getObject(10),
                rs.getString(11)
              });
        },
        asOf,
        asOf);
    jdbc.batchUpdate(
        "insert into mart.customers (customer_id, name, domain_hmac, plan, arr, seats,"
            + " renewal_date, owner, status, churned_on, sources) values"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (customer_id) do update set"
            + " name = excluded.name, domain_hmac = excluded.domain_hmac, plan = excluded.plan,"
            + " arr = excluded.arr, seats = excluded.seats, renewal_date = excluded.renewal_date,"
            + " owner = excluded.owner, status = excluded.status, churned_on = excluded.churned_on,"
            + " sources = excluded.sources, updated_at = now()",
        rows);
    // customers that a later unify merged away
    jdbc.update(
        "delete from mart.customers m where not exists"
            + " (select 1 from core.crosswalk c where c.customer_id = m.customer_id)");
    log.info("publish: {} customers as of {}", rows.size(), asOf);
    return rows.size();
  }
}
