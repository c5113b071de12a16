-- Retain warehouse: raw (landed source records), core (identity), mart (what dashboards read),
-- ops (cursors, dead letters, run log). Each stage owns the tables it writes.

create schema if not exists raw;
create schema if not exists core;
create schema if not exists mart;
-- ops is created by Flyway, which keeps its history table there (spring.flyway.schemas)

-- raw.*: the latest version of every source record, keyed by (source, source_id).
-- A delete from the source is kept as a tombstone (deleted = true), never dropped.

create table raw.account (
  source        text        not null,
  source_id     text        not null,
  name          text,
  domain        text,
  external_id   text,
  arr           numeric(14, 2),
  currency      text,
  plan          text,
  seats         integer,
  renewal_date  date,
  owner         text,
  updated_at    timestamptz not null,
  deleted       boolean     not null default false,
  ingested_at   timestamptz not null default now(),
  primary key (source, source_id)
);

create table raw.contact (
  source        text        not null,
  source_id     text        not null,
  account_id    text,
  name          text,
  email         text,
  phone         text,
  external_id   text,
  updated_at    timestamptz not null,
  deleted       boolean     not null default false,
  ingested_at   timestamptz not null default now(),
  primary key (source, source_id)
);

create table raw.subscription (
  source          text        not null,
  source_id       text        not null,
  account_id      text,
  status          text,
  started         date,
  renewed         date,
  churned         date,
  renewal_date    date,
  arr             numeric(14, 2),
  payment_failed  boolean,
  updated_at      timestamptz not null,
  deleted         boolean     not null default false,
  ingested_at     timestamptz not null default now(),
  primary key (source, source_id)
);

create table raw.ticket (
  source        text        not null,
  source_id     text        not null,
  account_id    text,
  requester_id  text,
  subject       text,
  priority      text,
  status        text,
  created_at    timestamptz,
  solved_at     timestamptz,
  satisfaction  text,
  updated_at    timestamptz not null,
  deleted       boolean     not null default false,
  ingested_at   timestamptz not null default now(),
  primary key (source, source_id)
);

create table raw.survey_response (
  source              text        not null,
  source_id           text        not null,
  respondent_id       text,
  respondent_email    text,
  account_external_id text,
  score               integer,
  comment             text,
  created_at          timestamptz,
  updated_at          timestamptz not null,
  deleted             boolean     not null default false,
  ingested_at         timestamptz not null default now(),
  primary key (source, source_id)
);

create table raw.usage_daily (
  source            text        not null,
  source_id         text        not null,
  account_id        text,
  day               date,
  logins            integer,
  core_events       integer,
  secondary_events  integer,
  active_seats      integer,
  updated_at        timestamptz not null,
  deleted           boolean     not null default false,
  ingested_at       timestamptz not null default now(),
  primary key (source, source_id)
);
create index usage_daily_account_day on raw.usage_daily (source, account_id, day);

-- core.*: one stable customer id across systems.

create sequence core.customer_seq;

create table core.customer (
  customer_id   text        primary key,
  created_at    timestamptz not null default now(),
  merged_into   text        references core.customer (customer_id)
);

-- Every identity-bearing record (account, contact, survey respondent, product workspace) and
-- every ticket and survey response, with the customer it belongs to and the rule that decided it.
create table core.crosswalk (
  source       text        not null,
  entity       text        not null,
  source_id    text        not null,
  customer_id  text        not null references core.customer (customer_id),
  rule         text        not null,
  evidence     text,
  linked_at    timestamptz not null default now(),
  primary key (source, entity, source_id)
);
create index crosswalk_customer on core.crosswalk (customer_id);

-- When two customers turn out to be one, the younger id is merged into the older one.
create table core.merge_lineage (
  merged_id    text        not null,
  survivor_id  text        not null,
  reason       text        not null,
  merged_at    timestamptz not null default now(),
  primary key (merged_id)
);

-- Records that matched no customer, per source, with the reason; nothing is dropped silently.
create table core.unmatched (
  source       text        not null,
  entity       text        not null,
  source_id    text        not null,
  reason       text        not null,
  seen_at      timestamptz not null default now(),
  primary key (source, entity, source_id)
);

-- ops.*: sync state, dead letters and the run log.

create table ops.stream_cursor (
  stream       text        primary key,
  state        jsonb       not null,
  updated_at   timestamptz not null default now()
);

create table ops.dead_letter (
  id           bigserial   primary key,
  run_id       bigint,
  stream       text        not null,
  source_id    text,
  payload      text        not null,
  reason       text        not null,
  created_at   timestamptz not null default now()
);

create table ops.run_log (
  run_id       bigserial   primary key,
  started_at   timestamptz not null default now(),
  finished_at  timestamptz,
  as_of        date,
  status       text        not null default 'running',
  summary      jsonb
);

create table ops.stage_log (
  run_id       bigint      not null references ops.run_log (run_id),
  stage        text        not null,
  status       text        not null,
  records      bigint      not null default 0,
  rejected     bigint      not null default 0,
  detail       text,
  started_at   timestamptz not null,
  finished_at  timestamptz not null,
  primary key (run_id, stage)
);

-- mart.*: what Superset reads through Trino. No personal identifier in clear.

create table mart.customers (
  customer_id     text        primary key,
  name            text        not null,
  domain_hmac     text,
  plan            text,
  arr             numeric(14, 2),
  seats           integer,
  renewal_date    date,
  owner           text,
  status          text        not null,
  churned_on      date,
  sources         text        not null,
  updated_at      timestamptz not null default now()
);

create table mart.customer_features (
  customer_id                 text    not null,
  as_of                       date    not null,
  logins_30d                  integer,
  logins_prev_30d             integer,
  logins_change_30d           double precision,
  days_since_last_login       integer,
  seat_utilisation            double precision,
  core_events_per_seat_30d    double precision,
  tickets_30d                 integer,
  urgent_open_tickets         integer,
  oldest_urgent_open_days     integer,
  median_resolution_hours_90d double precision,
  csat_bad_share_90d          double precision,
  nps_last                    integer,
  nps_change                  integer,
  payment_failed              integer,
  days_to_renewal             integer,
  computed_at                 timestamptz not null default now(),
  primary key (customer_id, as_of)
);

create table mart.customer_health_daily (
  customer_id        text             not null,
  as_of              date             not null,
  health_score       double precision not null,
  band               text             not null,
  score_change       double precision,
  churn_probability  double precision,
  horizon_days       integer,
  scorecard_version  text             not null,
  model_version      text,
  arr                numeric(14, 2),
  scored_at          timestamptz      not null default now(),
  primary key (customer_id, as_of)
);
create index customer_health_daily_as_of on mart.customer_health_daily (as_of, band);

create table mart.score_drivers (
  customer_id   text             not null,
  as_of         date             not null,
  rank          integer          not null,
  measure       text             not null,
  feature       text,
  value         double precision,
  contribution  double precision not null,
  weight        double precision not null,
  reason        text             not null,
  primary key (customer_id, as_of, rank)
);

create table mart.risk_tickets (
  customer_id      text        primary key,
  system           text        not null,
  ticket_id        text        not null,
  ticket_key       text        not null,
  url              text,
  status           text        not null,
  opened_at        timestamptz not null,
  updated_at       timestamptz not null,
  resolved_at      timestamptz,
  last_score       double precision,
  last_band        text,
  last_reasons     text,
  content_hash     text
);

create table mart.source_freshness (
  stream              text        primary key,
  last_record_at      timestamptz,
  last_success_at     timestamptz,
  last_error          text,
  records_total       bigint      not null default 0,
  rejected_total      bigint      not null default 0
);
