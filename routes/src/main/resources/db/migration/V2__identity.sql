-- Identity resolution with the identity engine: the review queue and link overrides.

-- Borderline pairs (between the review and the match probability, or links the guards refused),
-- with the explanation: each comparison with its level and weight, or the rule and its value.
-- A person decides a pair by setting `decision` ('link' or 'separate'); the next unify run takes
-- a decision as a must-link or cannot-link override. Undecided pairs are replaced on every run.
create table core.review_queue (
  a_source     text        not null,
  a_entity     text        not null,
  a_source_id  text        not null,
  b_source     text        not null,
  b_entity     text        not null,
  b_source_id  text        not null,
  probability  double precision not null,
  reason       text        not null,
  decision     text        check (decision in ('link', 'separate')),
  decided_by   text,
  decided_at   timestamptz,
  seen_at      timestamptz not null default now(),
  primary key (a_source, a_entity, a_source_id, b_source, b_entity, b_source_id)
);

-- Must-link and cannot-link overrides kept in the warehouse; configuration adds its own
-- (retain.identity.must-link / retain.identity.cannot-link).
create table core.link_overrides (
  kind         text        not null check (kind in ('must_link', 'cannot_link')),
  a_source     text        not null,
  a_entity     text        not null,
  a_source_id  text        not null,
  b_source     text        not null,
  b_entity     text        not null,
  b_source_id  text        not null,
  origin       text        not null default 'manual',
  created_at   timestamptz not null default now(),
  primary key (a_source, a_entity, a_source_id, b_source, b_entity, b_source_id)
);
