-- Offset records (碳抵消, 6.1.2): retired credits claimed against a site's offset-type carbon source.
-- Append-only and hash-chained like calibration checks (7.5.3); a certificate is claimed once per
-- site. Corrections are not supported yet: a record, once written, stays as written.
CREATE TABLE offset_records (
  id              bigserial PRIMARY KEY,
  site            text NOT NULL,
  source_id       text NOT NULL,
  period_start    timestamptz NOT NULL,
  period_end      timestamptz NOT NULL,
  amount_tco2e    double precision NOT NULL CHECK (amount_tco2e > 0),
  registry        text NOT NULL,
  certificate_ref text NOT NULL,
  reason          text NOT NULL,
  recorded_by     text NOT NULL,
  recorded_at     timestamptz NOT NULL,
  CHECK (period_end > period_start),
  UNIQUE (site, certificate_ref)
);
CREATE INDEX offset_records_site_period ON offset_records (site, period_start, period_end);

CREATE TRIGGER offset_records_append_only BEFORE UPDATE OR DELETE ON offset_records
  FOR EACH ROW EXECUTE FUNCTION cw_refuse_change();
CREATE TRIGGER offset_records_no_truncate BEFORE TRUNCATE ON offset_records
  FOR EACH STATEMENT EXECUTE FUNCTION cw_refuse_change();
