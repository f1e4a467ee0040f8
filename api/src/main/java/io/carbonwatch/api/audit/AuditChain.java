package io.carbonwatch.api.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The hash chain over the records 7.5.3 asks to protect. Each chained row gets an audit entry
 * {@code hash = sha256(prev_hash || canonical row)}, where the canonical row is PostgreSQL's {@code
 * row_to_json} of the stored row rendered in UTC. Re-reading the stored row (rather than hashing
 * what the application meant to write) means the verifier and the writer hash exactly the same
 * bytes, and an edit of either the record or the chain breaks the link.
 */
public final class AuditChain {
  public static final String GENESIS = "0".repeat(64);

  /** Serialises appends; any constant works as long as every writer uses it. */
  private static final long LOCK_KEY = 0x43570001L;

  /** Chained record kinds and their tables. */
  public static final Map<String, String> TABLES =
      Map.of(
          "alert_transition", "alert_transitions",
          "calibration_check", "calibration_checks",
          "baseline_version", "baseline_versions",
          "user_change", "user_changes",
          "offset_record", "offset_records",
          "offset_withdrawal", "offset_withdrawals");

  private final Pool pool;

  public AuditChain(Pool pool) {
    this.pool = pool;
  }

  /**
   * Appends the row {@code kind/refId} to the chain. Must run inside the transaction that inserted
   * the row, so the record and its link commit together.
   */
  public static Future<Long> append(SqlConnection tx, String kind, long refId, String site) {
    String table = TABLES.get(kind);
    if (table == null) {
      return Future.failedFuture(new IllegalArgumentException("kind: not chained: " + kind));
    }
    return tx.query("SET LOCAL TIME ZONE 'UTC'")
        .execute()
        .compose(
            v -> tx.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY)))
        .compose(
            v ->
                tx.preparedQuery(
                        "SELECT (SELECT row_to_json(t)::text FROM "
                            + table
                            + " t WHERE t.id = $1) AS canon,"
                            + " (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1) AS seq,"
                            + " (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS hash")
                    .execute(Tuple.of(refId)))
        .compose(
            rs -> {
              Row r = rs.iterator().next();
              String canon = r.getString("canon");
              if (canon == null) {
                return Future.failedFuture(
                    new IllegalStateException("audit: " + kind + " " + refId + " not found"));
              }
              long seq = r.getLong("seq") == null ? 1 : r.getLong("seq") + 1;
              String prev = r.getString("hash") == null ? GENESIS : r.getString("hash");
              String hash = link(prev, canon);
              return tx.preparedQuery(
                      "INSERT INTO audit_log(seq, kind, ref_id, site, prev_hash, hash)"
                          + " VALUES ($1,$2,$3,$4,$5,$6)")
                  .execute(Tuple.of(seq, kind, refId, site, prev, hash))
                  .map(seq);
            });
  }

  public static String link(String prevHash, String canonicalRow) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(prevHash.getBytes(StandardCharsets.UTF_8));
      md.update(canonicalRow.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Recomputes the whole chain page by page and reports the first broken link: a changed or missing
   * record, an edited hash, a gap in the sequence, or a chained record with no link.
   */
  public Future<JsonObject> verify() {
    return pool.withTransaction(
        tx ->
            tx.query("SET LOCAL TIME ZONE 'UTC'")
                .execute()
                .compose(v -> verifyFrom(tx, 0, GENESIS, 0))
                .compose(
                    result -> {
                      if (!result.getBoolean("ok")) {
                        return Future.succeededFuture(result);
                      }
                      return unlinked(tx, result);
                    }));
  }

  private static final int PAGE = 2000;

  private Future<JsonObject> verifyFrom(
      SqlConnection tx, long afterSeq, String prevHash, long checked) {
    StringBuilder canon = new StringBuilder("CASE a.kind");
    TABLES.forEach(
        (kind, table) ->
            canon
                .append(" WHEN '")
                .append(kind)
                .append("' THEN (SELECT row_to_json(t)::text FROM ")
                .append(table)
                .append(" t WHERE t.id = a.ref_id)"));
    canon.append(" END");
    return tx.preparedQuery(
            "SELECT a.seq, a.kind, a.ref_id, a.site, a.prev_hash, a.hash, "
                + canon
                + " AS canon FROM audit_log a WHERE a.seq > $1 ORDER BY a.seq LIMIT "
                + PAGE)
        .execute(Tuple.of(afterSeq))
        .compose(
            rs -> {
              long expectedSeq = afterSeq + 1;
              String prev = prevHash;
              long n = checked;
              for (Row r : rs) {
                long seq = r.getLong("seq");
                String reason = null;
                if (seq != expectedSeq) {
                  reason = "sequence gap: expected " + expectedSeq + ", found " + seq;
                } else if (!prev.equals(r.getString("prev_hash"))) {
                  reason = "prev_hash does not match the previous link's hash";
                } else if (r.getString("canon") == null) {
                  reason = "record missing";
                } else if (!link(prev, r.getString("canon")).equals(r.getString("hash"))) {
                  reason = "record or hash changed after it was written";
                }
                if (reason != null) {
                  return Future.succeededFuture(
                      new JsonObject()
                          .put("ok", false)
                          .put("checked", n)
                          .put(
                              "firstBroken",
                              new JsonObject()
                                  .put("seq", seq)
                                  .put("kind", r.getString("kind"))
                                  .put("refId", r.getLong("ref_id"))
                                  .put("site", r.getString("site"))
                                  .put("reason", reason)));
                }
                prev = r.getString("hash");
                expectedSeq++;
                n++;
              }
              if (rs.size() < PAGE) {
                return Future.succeededFuture(
                    new JsonObject().put("ok", true).put("checked", n).put("head", prev));
              }
              return verifyFrom(tx, expectedSeq - 1, prev, n);
            });
  }

  private Future<JsonObject> unlinked(SqlConnection tx, JsonObject result) {
    StringBuilder sql = new StringBuilder();
    TABLES.forEach(
        (kind, table) -> {
          if (sql.length() > 0) {
            sql.append(" UNION ALL ");
          }
          sql.append("(SELECT '")
              .append(kind)
              .append("' AS kind, t.id, t.site FROM ")
              .append(table)
              .append(" t WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.kind = '")
              .append(kind)
              .append("' AND a.ref_id = t.id) LIMIT 1)");
        });
    return tx.query(sql.toString())
        .execute()
        .map(
            rs -> {
              if (rs.size() == 0) {
                return result;
              }
              Row r = rs.iterator().next();
              return result
                  .put("ok", false)
                  .put(
                      "firstBroken",
                      new JsonObject()
                          .put("seq", (Long) null)
                          .put("kind", r.getString("kind"))
                          .put("refId", r.getLong("id"))
                          .put("site", r.getString("site"))
                          .put(
                              "reason",
                              "record has no link in the chain (inserted around the API)"));
            });
  }
}
