-- Fitted baseline candidates awaiting an engineer's approval (not records: no chain).
CREATE TABLE baseline_fits (
  id          uuid PRIMARY KEY,
  site        text NOT NULL,
  baseline_id text NOT NULL,
  model       text NOT NULL,
  gates       text NOT NULL,
  valid       boolean NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX baseline_fits_site ON baseline_fits (site, baseline_id, created_at DESC);
