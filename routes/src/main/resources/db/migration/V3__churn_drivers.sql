-- The churn model's side of a score: whether the probability reached the model's operating
-- threshold, and the features that moved it most (as mart.score_drivers does for the scorecard).
-- Both stay empty until a churn model is active in scoring-service.

alter table mart.customer_health_daily add column churn_flagged boolean;

create table mart.churn_drivers (
  customer_id   text             not null,
  as_of         date             not null,
  rank          integer          not null,
  feature       text             not null,
  value         text,
  contribution  double precision not null,
  reason        text             not null,
  primary key (customer_id, as_of, rank)
);

-- What a risk ticket last said about the churn probability, for the comment on changes.
alter table mart.risk_tickets add column last_churn text;
