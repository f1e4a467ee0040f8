-- Notifications not yet delivered (an outbox): a row is written when an alert change matches a rule
-- and deleted once the notification is delivered or given up, the outcome going to
-- notification_deliveries in the same statement. Pending rows survive a restart and any API instance
-- on the database sends them when due (next_attempt_at, exponential back-off). claimed_until is a
-- lease, so two instances never send the same row at the same time; a lease left by an instance
-- that died mid-send expires and the row is sent again (at least once; receivers deduplicate by the
-- X-CarbonWatch-Delivery header, the row id).
CREATE TABLE notification_outbox (
  id              bigserial PRIMARY KEY,
  rule_id         bigint NOT NULL REFERENCES notification_rules(id),
  alert_id        text NOT NULL,
  event           text NOT NULL,
  alert           text NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_until   timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at);
