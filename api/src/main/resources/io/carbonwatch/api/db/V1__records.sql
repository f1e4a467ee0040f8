-- CarbonWatch API records. Chained tables (alert_transitions, calibration_checks, baseline_versions)
-- and their chain (audit_log) are append-only: triggers refuse UPDATE, DELETE and TRUNCATE (7.5.3).

CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  roles         text[] NOT NULL,
  sites         text[] NOT NULL,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id_hash    text PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

CREATE TABLE api_tokens (
  id         bigserial PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id    bigint NOT NULL REFERENCES users(id),
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz
);

-- Current state of each alert; history lives in alert_events (from the stream job) and
-- alert_transitions (people's actions).
CREATE TABLE alerts (
  id                  uuid PRIMARY KEY,
  alert_id            text NOT NULL UNIQUE,
  site                text NOT NULL,
  rule                text NOT NULL,
  target              text NOT NULL,
  target_kind         text NOT NULL,
  metric              text NOT NULL,
  unit                text NOT NULL,
  severity            text NOT NULL,
  state               text NOT NULL,
  condition           text NOT NULL,
  last_event_seq      integer NOT NULL,
  raised_at           timestamptz NOT NULL,
  last_event_at       timestamptz NOT NULL,
  cleared_at          timestamptz,
  window_start        timestamptz,
  window_end          timestamptz,
  expected            double precision,
  actual              double precision,
  deviation           double precision,
  deviation_percent   double precision,
  consecutive_windows integer,
  message_zh          text NOT NULL,
  message_en          text NOT NULL,
  assignee            text,
  cause               text,
  correction          text,
  corrective_action   text,
  effectiveness_check text,
  closure             text,
  updated_at          timestamptz NOT NULL
);
CREATE INDEX alerts_site_updated ON alerts (site, updated_at DESC, id);
CREATE INDEX alerts_site_state ON alerts (site, state);

CREATE TABLE alert_events (
  alert_id    text NOT NULL,
  event_seq   integer NOT NULL,
  event       text NOT NULL,
  site        text NOT NULL,
  event_time  timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  payload     text NOT NULL,
  PRIMARY KEY (alert_id, event_seq)
);

CREATE TABLE alert_transitions (
  id         bigserial PRIMARY KEY,
  alert_uuid uuid NOT NULL REFERENCES alerts(id),
  site       text NOT NULL,
  from_state text NOT NULL,
  to_state   text NOT NULL,
  actor      text NOT NULL,
  at         timestamptz NOT NULL,
  fields     text NOT NULL
);
CREATE INDEX alert_transitions_alert ON alert_transitions (alert_uuid, id);

CREATE TABLE instruments (
  site                      text NOT NULL,
  id                        text NOT NULL,
  name                      text,
  metering_level            text NOT NULL,
  energy_type               text NOT NULL,
  accuracy_class            text NOT NULL,
  range_min                 double precision,
  range_max                 double precision,
  range_unit                text,
  serial                    text,
  location                  text,
  calibration_interval_months integer NOT NULL,
  status                    text NOT NULL,
  calibration               text NOT NULL,
  last_calibrated           date,
  next_due                  date,
  updated_at                timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, id)
);

CREATE TABLE calibration_checks (
  id                 bigserial PRIMARY KEY,
  site               text NOT NULL,
  instrument_id      text NOT NULL,
  checked_on         date NOT NULL,
  technician         text NOT NULL,
  reference_standard text NOT NULL,
  certificate_no     text NOT NULL,
  accuracy_class     text NOT NULL,
  mpe_percent        double precision NOT NULL,
  test_points        text NOT NULL,
  result             text NOT NULL,
  next_due           date NOT NULL,
  attachments        text NOT NULL,
  notes              text,
  recorded_at        timestamptz NOT NULL,
  FOREIGN KEY (site, instrument_id) REFERENCES instruments (site, id)
);
CREATE INDEX calibration_checks_instrument ON calibration_checks (site, instrument_id, id);

CREATE TABLE baseline_versions (
  id          bigserial PRIMARY KEY,
  site        text NOT NULL,
  baseline_id text NOT NULL,
  version     integer NOT NULL,
  model       text NOT NULL,
  reason      text NOT NULL,
  approved_by text NOT NULL,
  approved_at timestamptz NOT NULL,
  UNIQUE (site, baseline_id, version)
);

CREATE TABLE notification_rules (
  id           bigserial PRIMARY KEY,
  site         text NOT NULL,
  min_severity text NOT NULL,
  channel      text NOT NULL,
  target       text NOT NULL,
  secret       text,
  events       text[] NOT NULL,
  enabled      boolean NOT NULL DEFAULT true,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notification_deliveries (
  id         bigserial PRIMARY KEY,
  rule_id    bigint NOT NULL REFERENCES notification_rules(id),
  alert_id   text NOT NULL,
  event      text NOT NULL,
  status     text NOT NULL,
  attempts   integer NOT NULL,
  last_error text,
  at         timestamptz NOT NULL DEFAULT now()
);

-- The hash chain over every chained record, in one global order.
-- hash = sha256(prev_hash || canonical JSON of the referenced row).
CREATE TABLE audit_log (
  seq       bigint PRIMARY KEY,
  kind      text NOT NULL,
  ref_id    bigint NOT NULL,
  site      text NOT NULL,
  prev_hash text NOT NULL,
  hash      text NOT NULL,
  at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, ref_id)
);

CREATE FUNCTION cw_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'carbonwatch: % is append-only (7.5.3); % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION cw_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION cw_refuse_change();
CREATE TRIGGER alert_transitions_append_only BEFORE UPDATE OR DELETE ON alert_transitions
  FOR EACH ROW EXECUTE FUNCTION cw_refuse_change();
CREATE TRIGGER alert_transitions_no_truncate BEFORE TRUNCATE ON alert_transitions
  FOR EACH STATEMENT EXECUTE FUNCTION cw_refuse_change();
CREATE TRIGGER calibration_checks_append_only BEFORE UPDATE OR DELETE ON calibration_checks
  FOR EACH ROW EXECUTE FUNCTION cw_refuse_change();
CREATE TRIGGER calibration_checks_no_truncate BEFORE TRUNCATE ON calibration_checks
  FOR EACH STATEMENT EXECUTE FUNCTION cw_refuse_change();
CREATE TRIGGER baseline_versions_append_only BEFORE UPDATE OR DELETE ON baseline_versions
  FOR EACH ROW EXECUTE FUNCTION cw_refuse_change();
CREATE TRIGGER baseline_versions_no_truncate BEFORE TRUNCATE ON baseline_versions
  FOR EACH STATEMENT EXECUTE FUNCTION cw_refuse_change();
CREATE TRIGGER alert_events_append_only BEFORE UPDATE OR DELETE ON alert_events
  FOR EACH ROW EXECUTE FUNCTION cw_refuse_change();
