-- Change control of access rights (7.5.3): every user creation and change, append-only and chained.
CREATE TABLE user_changes (
  id       bigserial PRIMARY KEY,
  site     text NOT NULL DEFAULT '*',
  actor    text NOT NULL,
  action   text NOT NULL,
  username text NOT NULL,
  roles    text,
  sites    text,
  disabled boolean,
  at       timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);
CREATE TRIGGER user_changes_append_only BEFORE UPDATE OR DELETE ON user_changes
  FOR EACH ROW EXECUTE FUNCTION cw_refuse_change();
CREATE TRIGGER user_changes_no_truncate BEFORE TRUNCATE ON user_changes
  FOR EACH STATEMENT EXECUTE FUNCTION cw_refuse_change();
