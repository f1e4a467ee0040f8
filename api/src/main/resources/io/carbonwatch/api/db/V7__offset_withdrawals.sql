-- Withdrawal of an offset record: the record itself stays as written (append-only, 7.5.3); a separate,
-- chained withdrawal row references it, and the inventory stops counting it. At most one per record.
CREATE TABLE offset_withdrawals (
  id           bigserial PRIMARY KEY,
  site         text NOT NULL,
  withdraws    bigint NOT NULL UNIQUE REFERENCES offset_records (id),
  reason       text NOT NULL,
  withdrawn_by text NOT NULL,
  withdrawn_at timestamptz NOT NULL
);

CREATE TRIGGER offset_withdrawals_append_only BEFORE UPDATE OR DELETE ON offset_withdrawals
  FOR EACH ROW EXECUTE FUNCTION cw_refuse_change();
CREATE TRIGGER offset_withdrawals_no_truncate BEFORE TRUNCATE ON offset_withdrawals
  FOR EACH STATEMENT EXECUTE FUNCTION cw_refuse_change();
