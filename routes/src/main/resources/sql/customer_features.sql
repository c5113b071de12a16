-- Per-customer feature snapshot as of a date (the only parameter), point-in-time correct:
-- "as of D" means everything known by the end of day D (UTC).
insert into mart.customer_features (
  customer_id, as_of, logins_30d, logins_prev_30d, logins_change_30d, days_since_last_login,
  seat_utilisation, core_events_per_seat_30d, tickets_30d, urgent_open_tickets,
  oldest_urgent_open_days, median_resolution_hours_90d, csat_bad_share_90d, nps_last, nps_change,
  payment_failed, days_to_renewal)
with params as (
  select d, (d + 1)::timestamp at time zone 'UTC' as cutoff from (select ?::date as d) p
),
cw as (
  select c.source, c.entity, c.source_id, coalesce(cu.merged_into, c.customer_id) as customer_id
  from core.crosswalk c join core.customer cu on cu.customer_id = c.customer_id
),
subscription as (
  select cw.customer_id,
         min(s.started) as started,
         max(s.churned) filter (where s.churned <= p.d) as churned,
         bool_or(s.payment_failed and s.updated_at < p.cutoff) as payment_failed,
         min(case when s.renewed > p.d then s.renewed else s.renewal_date end)
           filter (where s.churned is null or s.churned > p.d) as renewal_date
  from raw.subscription s
  join raw.account a on a.source = s.source and a.source_id = s.account_id
  join cw on cw.source = a.source and cw.entity = 'account' and cw.source_id = a.source_id
  cross join params p
  where not s.deleted
  group by cw.customer_id
),
account as (
  select cw.customer_id, max(a.seats) as seats, min(a.renewal_date) as renewal_date
  from raw.account a
  join cw on cw.source = a.source and cw.entity = 'account' and cw.source_id = a.source_id
  where not a.deleted
  group by cw.customer_id
),
active as (
  select distinct cw.customer_id
  from cw
  left join subscription s on s.customer_id = cw.customer_id
  cross join params p
  where cw.entity in ('account', 'workspace')
    and s.churned is null
    and (s.started is null or s.started <= p.d)
),
workspace as (
  select distinct customer_id from cw where entity = 'workspace'
),
usage as (
  select cw.customer_id,
         sum(u.logins) filter (where u.day > p.d - 30) as logins_30d,
         sum(u.logins) filter (where u.day <= p.d - 30) as logins_prev_30d,
         sum(u.core_events) filter (where u.day > p.d - 30) as core_30d,
         sum(u.active_seats) filter (where u.day > p.d - 30) / 30.0 as active_seats_30d
  from raw.usage_daily u
  join cw on cw.source = u.source and cw.entity = 'workspace' and cw.source_id = u.account_id
  cross join params p
  where not u.deleted and u.day <= p.d and u.day > p.d - 60
  group by cw.customer_id
),
last_login as (
  select cw.customer_id, max(u.day) as last_day
  from raw.usage_daily u
  join cw on cw.source = u.source and cw.entity = 'workspace' and cw.source_id = u.account_id
  cross join params p
  where not u.deleted and u.day <= p.d and u.logins > 0
  group by cw.customer_id
),
ticket as (
  select cw.customer_id, t.priority, t.created_at, t.satisfaction,
         case when t.solved_at < p.cutoff then t.solved_at end as solved_at
  from raw.ticket t
  join cw on cw.source = t.source and cw.entity = 'ticket' and cw.source_id = t.source_id
  cross join params p
  where not t.deleted and t.created_at < p.cutoff
),
support as (
  select t.customer_id,
         count(*) filter (where t.created_at >= p.cutoff - interval '30 days') as tickets_30d,
         count(*) filter (where t.priority = 'URGENT' and t.solved_at is null) as urgent_open,
         max(extract(epoch from p.cutoff - t.created_at) / 86400)
           filter (where t.priority = 'URGENT' and t.solved_at is null) as oldest_urgent_days,
         percentile_cont(0.5) within group (
           order by extract(epoch from t.solved_at - t.created_at) / 3600)
           filter (where t.solved_at >= p.cutoff - interval '90 days') as median_resolution_hours,
         count(*) filter (where t.solved_at >= p.cutoff - interval '90 days'
                            and t.satisfaction = 'BAD')::double precision
           / nullif(count(*) filter (where t.solved_at >= p.cutoff - interval '90 days'
                                       and t.satisfaction in ('GOOD', 'BAD')), 0) as csat_bad_share
  from ticket t cross join params p
  group by t.customer_id
),
nps as (
  select customer_id,
         max(score) filter (where rn = 1) as last_score,
         max(score) filter (where rn = 1) - max(score) filter (where rn = 2) as change
  from (
    select cw.customer_id, r.score,
           row_number() over (partition by cw.customer_id order by r.created_at desc, r.source_id desc) as rn
    from raw.survey_response r
    join cw on cw.source = r.source and cw.entity = 'respondent' and cw.source_id = r.respondent_id
    cross join params p
    where not r.deleted and r.created_at < p.cutoff
  ) ranked
  where rn <= 2
  group by customer_id
)
select a.customer_id, p.d,
       case when w.customer_id is not null then coalesce(u.logins_30d, 0) end,
       case when w.customer_id is not null then coalesce(u.logins_prev_30d, 0) end,
       case when coalesce(u.logins_prev_30d, 0) = 0 then null
            else (coalesce(u.logins_30d, 0) - u.logins_prev_30d)::double precision / u.logins_prev_30d end,
       -- usage measures only for customers whose product workspace is known; no login in the
       -- whole history counts as 90 days
       case when w.customer_id is not null then coalesce(p.d - l.last_day, 90) end,
       case when w.customer_id is not null and acc.seats > 0
            then coalesce(u.active_seats_30d, 0) / acc.seats end,
       case when w.customer_id is not null and acc.seats > 0
            then coalesce(u.core_30d, 0)::double precision / acc.seats end,
       coalesce(sup.tickets_30d, 0),
       coalesce(sup.urgent_open, 0),
       coalesce(floor(sup.oldest_urgent_days)::integer, 0),
       sup.median_resolution_hours,
       sup.csat_bad_share,
       n.last_score,
       n.change,
       case when s.customer_id is null then null when s.payment_failed then 1 else 0 end,
       coalesce(s.renewal_date, acc.renewal_date) - p.d
from active a
cross join params p
left join account acc on acc.customer_id = a.customer_id
left join subscription s on s.customer_id = a.customer_id
left join workspace w on w.customer_id = a.customer_id
left join usage u on u.customer_id = a.customer_id
left join last_login l on l.customer_id = a.customer_id
left join support sup on sup.customer_id = a.customer_id
left join nps n on n.customer_id = a.customer_id
