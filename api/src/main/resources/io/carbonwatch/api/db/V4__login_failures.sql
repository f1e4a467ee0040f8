-- Failed logins for the login rate limit (docs/security.md): in the database, so every API instance
-- on it counts the same failures and a restart does not reset the count. Rows older than the
-- window are deleted as new failures arrive.
CREATE TABLE login_failures (
  id  bigserial PRIMARY KEY,
  key text NOT NULL,
  at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);
CREATE INDEX login_failures_at ON login_failures (at);
