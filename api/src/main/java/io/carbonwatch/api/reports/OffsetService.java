package io.carbonwatch.api.reports;

import io.carbonwatch.api.audit.AuditChain;
import io.carbonwatch.api.auth.Principal;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.core.site.CarbonSource;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SourceType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Offset records (碳抵消): retired credits (CCER, VCS, GEC, …) claimed against an offset-type source
 * of the site model, which has no meter. Records are append-only and hash-chained (7.5.3); a
 * certificate is claimed at most once per site. Periods are half-open {@code [periodStart,
 * periodEnd)} instants, like the inventory's {@code [from, to)}.
 */
public final class OffsetService {
  private final Pool pool;
  private final SiteModel model;

  public OffsetService(Pool pool, SiteModel model) {
    this.pool = pool;
    this.model = model;
  }

  /** Records an offset; the body has passed the contract's schema. */
  public Future<JsonObject> record(Principal who, String site, JsonObject b) {
    String sourceId = b.getString("source");
    Site s = model == null ? null : model.site(site).orElse(null);
    CarbonSource source = s == null ? null : s.source(sourceId).orElse(null);
    if (source == null || source.type() != SourceType.OFFSET) {
      return Future.failedFuture(
          ApiException.invalid(
              "source",
              "不是场所 " + site + " 的抵消类（offset）碳源：" + sourceId,
              "not an offset-type carbon source of site " + site + ": " + sourceId));
    }
    double amount = b.getDouble("amountTco2e");
    if (!(amount > 0) || Double.isInfinite(amount)) {
      return Future.failedFuture(
          ApiException.invalid("amountTco2e", "必须大于 0", "must be greater than 0"));
    }
    Instant start;
    Instant end;
    try {
      start = Instant.parse(b.getString("periodStart"));
    } catch (RuntimeException e) {
      return Future.failedFuture(
          ApiException.invalid(
              "periodStart", "需要 ISO-8601 时刻（UTC）", "expected an ISO-8601 instant"));
    }
    try {
      end = Instant.parse(b.getString("periodEnd"));
    } catch (RuntimeException e) {
      return Future.failedFuture(
          ApiException.invalid("periodEnd", "需要 ISO-8601 时刻（UTC）", "expected an ISO-8601 instant"));
    }
    if (!end.isAfter(start)) {
      return Future.failedFuture(
          ApiException.invalid("periodEnd", "必须晚于 periodStart", "must be after periodStart"));
    }
    String certificate = b.getString("certificateRef");
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "INSERT INTO offset_records(site, source_id, period_start, period_end,"
                        + " amount_tco2e, registry, certificate_ref, reason, recorded_by,"
                        + " recorded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,"
                        + " date_trunc('milliseconds', now()))"
                        + " ON CONFLICT (site, certificate_ref) DO NOTHING RETURNING *")
                .execute(
                    Tuple.from(
                        new Object[] {
                          site,
                          sourceId,
                          OffsetDateTime.ofInstant(start, ZoneOffset.UTC),
                          OffsetDateTime.ofInstant(end, ZoneOffset.UTC),
                          amount,
                          b.getString("registry"),
                          certificate,
                          b.getString("reason"),
                          who.username()
                        }))
                .compose(
                    rs -> {
                      if (rs.size() == 0) {
                        return Future.failedFuture(
                            ApiException.conflict(
                                "offset.duplicate_certificate",
                                "证书编号已在场所 " + site + " 登记过：" + certificate,
                                "Certificate already recorded for site "
                                    + site
                                    + ": "
                                    + certificate));
                      }
                      Row r = rs.iterator().next();
                      return AuditChain.append(tx, "offset_record", r.getLong("id"), site)
                          .map(seq -> json(r));
                    }));
  }

  /**
   * Withdraws a record: the record stays as written, a chained withdrawal row references it and the
   * inventory stops counting it. At most one withdrawal per record.
   */
  public Future<JsonObject> withdraw(Principal who, String site, long offsetId, JsonObject b) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery("SELECT id FROM offset_records WHERE site = $1 AND id = $2")
                    .execute(Tuple.of(site, offsetId))
                    .compose(
                        rs -> {
                          if (rs.size() == 0) {
                            return Future.failedFuture(
                                ApiException.notFound("offset " + offsetId + " in site " + site));
                          }
                          return tx.preparedQuery(
                                  "INSERT INTO offset_withdrawals(site, withdraws, reason,"
                                      + " withdrawn_by, withdrawn_at) VALUES ($1,$2,$3,$4,"
                                      + " date_trunc('milliseconds', now()))"
                                      + " ON CONFLICT (withdraws) DO NOTHING RETURNING id")
                              .execute(
                                  Tuple.of(site, offsetId, b.getString("reason"), who.username()))
                              .compose(
                                  ins -> {
                                    if (ins.size() == 0) {
                                      return Future.failedFuture(
                                          ApiException.conflict(
                                              "offset.already_withdrawn",
                                              "抵消记录 " + offsetId + " 已撤销",
                                              "Offset record "
                                                  + offsetId
                                                  + " is already withdrawn"));
                                    }
                                    return AuditChain.append(
                                        tx,
                                        "offset_withdrawal",
                                        ins.iterator().next().getLong("id"),
                                        site);
                                  });
                        }))
        .compose(
            seq ->
                pool.preparedQuery(SELECT + " WHERE o.site = $1 AND o.id = $2")
                    .execute(Tuple.of(site, offsetId))
                    .map(rs -> json(rs.iterator().next())));
  }

  private static final String SELECT =
      "SELECT o.*, w.id AS w_id, w.reason AS w_reason, w.withdrawn_by, w.withdrawn_at"
          + " FROM offset_records o LEFT JOIN offset_withdrawals w ON w.withdraws = o.id";

  /** Records whose period overlaps {@code [from, to)}; either bound may be null (open). */
  public Future<JsonArray> list(String site, Instant from, Instant to) {
    if (from != null && to != null && !to.isAfter(from)) {
      return Future.failedFuture(ApiException.invalid("to", "必须晚于 from", "must be after from"));
    }
    return pool.preparedQuery(
            SELECT
                + " WHERE o.site = $1"
                + " AND ($2::timestamptz IS NULL OR o.period_end > $2)"
                + " AND ($3::timestamptz IS NULL OR o.period_start < $3)"
                + " ORDER BY o.period_start, o.id")
        .execute(Tuple.of(site, odt(from), odt(to)))
        .map(
            rs -> {
              JsonArray out = new JsonArray();
              rs.forEach(r -> out.add(json(r)));
              return out;
            });
  }

  /**
   * Records counted in an inventory of {@code [from, to)}: only those whose whole period lies
   * inside it. A claim is not pro-rated, since a retired credit is a single certificate; one that
   * straddles the period boundary is listed apart so it is not lost from sight.
   */
  Future<Contained> forInventory(String site, Instant from, Instant to) {
    return list(site, from, to)
        .map(
            all -> {
              List<JsonObject> inside = new ArrayList<>();
              List<JsonObject> straddling = new ArrayList<>();
              List<JsonObject> withdrawn = new ArrayList<>();
              for (Object o : all) {
                JsonObject r = (JsonObject) o;
                if (r.getValue("withdrawal") != null) {
                  withdrawn.add(r);
                  continue;
                }
                Instant s = Instant.parse(r.getString("periodStart"));
                Instant e = Instant.parse(r.getString("periodEnd"));
                if (!s.isBefore(from) && !e.isAfter(to)) {
                  inside.add(r);
                } else {
                  straddling.add(r);
                }
              }
              return new Contained(inside, straddling, withdrawn);
            });
  }

  record Contained(
      List<JsonObject> inside, List<JsonObject> straddling, List<JsonObject> withdrawn) {}

  private static boolean hasColumn(Row r, String name) {
    return r.getColumnIndex(name) >= 0;
  }

  private static OffsetDateTime odt(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static JsonObject json(Row r) {
    Long withdrawalId = hasColumn(r, "w_id") ? r.getLong("w_id") : null;
    JsonObject withdrawal =
        withdrawalId == null
            ? null
            : new JsonObject()
                .put("id", withdrawalId)
                .put("reason", r.getString("w_reason"))
                .put("withdrawnBy", r.getString("withdrawn_by"))
                .put("withdrawnAt", r.getOffsetDateTime("withdrawn_at").toInstant().toString());
    return new JsonObject()
        .put("withdrawal", withdrawal)
        .put("id", r.getLong("id"))
        .put("site", r.getString("site"))
        .put("source", r.getString("source_id"))
        .put("periodStart", r.getOffsetDateTime("period_start").toInstant().toString())
        .put("periodEnd", r.getOffsetDateTime("period_end").toInstant().toString())
        .put("amountTco2e", r.getDouble("amount_tco2e"))
        .put("registry", r.getString("registry"))
        .put("certificateRef", r.getString("certificate_ref"))
        .put("reason", r.getString("reason"))
        .put("recordedBy", r.getString("recorded_by"))
        .put("recordedAt", r.getOffsetDateTime("recorded_at").toInstant().toString());
  }
}
