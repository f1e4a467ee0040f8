package io.carbonwatch.api.baselines;

import io.carbonwatch.api.alerts.ControlPublisher;
import io.carbonwatch.api.audit.AuditChain;
import io.carbonwatch.api.auth.Principal;
import io.carbonwatch.api.history.InfluxHistory;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.core.baseline.BaselineCriteria;
import io.carbonwatch.core.baseline.BaselineFitter;
import io.carbonwatch.core.baseline.BaselineModel;
import io.carbonwatch.core.baseline.BaselineModelCodec;
import io.carbonwatch.core.baseline.BaselineSpec;
import io.carbonwatch.core.baseline.GateReport;
import io.carbonwatch.core.baseline.GateResult;
import io.carbonwatch.core.baseline.Granularity;
import io.carbonwatch.core.baseline.Observation;
import io.carbonwatch.core.baseline.Term;
import io.carbonwatch.core.wire.ApprovedBaseline;
import io.carbonwatch.core.wire.BaselinesControl;
import io.carbonwatch.core.wire.ControlKind;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Baselines (6.1.5): fit from InfluxDB history with the core fitter, judge with the validity gates,
 * keep the candidate server-side, and on an engineer's approval store a new version (append-only,
 * hash-chained) and republish the site's approved baselines on the retained control topic. Periods
 * are hours, or days and calendar months of the site's local calendar (its time zone from the site
 * model; UTC for a site the model does not know), as the job's daily windows are.
 */
public final class BaselineService {
  private final Pool pool;
  private final InfluxHistory influx;
  private final ControlPublisher control;
  private final BaselineCriteria criteria;
  private final BaselineModelCodec codec = new BaselineModelCodec();
  private final Counter approvals;
  private final Function<String, ZoneId> zones;

  /**
   * @param zones the time zone of a site (its local calendar decides where days and months start)
   */
  public BaselineService(
      Pool pool,
      InfluxHistory influx,
      ControlPublisher control,
      BaselineCriteria criteria,
      MeterRegistry registry,
      Function<String, ZoneId> zones) {
    this.zones = zones;
    this.pool = pool;
    this.influx = influx;
    this.control = control;
    this.criteria = criteria;
    this.approvals =
        Counter.builder("api.baselines.approvals")
            .description("Baseline versions approved")
            .baseUnit("approvals")
            .register(registry);
  }

  /** Fits a candidate baseline; nothing is approved or published yet. */
  public Future<JsonObject> fit(Principal who, String site, JsonObject b) {
    if (influx == null) {
      return Future.failedFuture(io.carbonwatch.api.history.HistoryVerticle.notConfigured());
    }
    Granularity g = Granularity.valueOf(b.getString("granularity").toUpperCase(Locale.ROOT));
    Instant from = Instant.parse(b.getString("from"));
    Instant to = Instant.parse(b.getString("to"));
    if (!to.isAfter(from)) {
      return Future.failedFuture(ApiException.invalid("to", "必须晚于 from", "must be after from"));
    }
    if (Duration.between(from, to).compareTo(Duration.ofDays(3 * 366)) > 0) {
      return Future.failedFuture(
          ApiException.invalid("to", "基准期最长 3 年", "the base period may span at most 3 years"));
    }
    Duration step = g == Granularity.HOURLY ? Duration.ofHours(1) : Duration.ofDays(1);
    ZoneId zone = zones.apply(site);
    String metric = b.getString("metric");
    String measurement = metric.equals("emissions") ? "emissions" : "activity";
    String level = b.getString("level", "seu");
    JsonArray vars = b.getJsonArray("variables", new JsonArray());
    List<Future<List<InfluxHistory.Bucket>>> queries = new ArrayList<>();
    queries.add(
        influx.series(
            measurement,
            "value",
            "sum",
            site,
            level,
            b.getString("target"),
            metric,
            from,
            to,
            step,
            zone,
            null));
    for (int i = 0; i < vars.size(); i++) {
      queries.add(
          influx.series(
              "variables",
              "value",
              "sum",
              site,
              "variable",
              vars.getJsonObject(i).getString("name"),
              null,
              from,
              to,
              step,
              zone,
              null));
    }
    return Future.all(queries)
        .compose(
            all -> {
              List<Map<Instant, Double>> series = new ArrayList<>();
              for (int i = 0; i < queries.size(); i++) {
                series.add(periods(queries.get(i).result(), g, zone));
              }
              List<Observation> obs = new ArrayList<>();
              int skipped = 0;
              for (Map.Entry<Instant, Double> e : series.get(0).entrySet()) {
                Map<String, Double> values = new HashMap<>();
                boolean complete = true;
                for (int i = 0; i < vars.size(); i++) {
                  Double v = series.get(i + 1).get(e.getKey());
                  if (v == null) {
                    complete = false;
                    break;
                  }
                  values.put(vars.getJsonObject(i).getString("name"), v);
                }
                if (!complete || e.getValue() == null) {
                  skipped++;
                  continue;
                }
                obs.add(
                    new Observation(e.getKey(), end(e.getKey(), g, zone), e.getValue(), values));
              }
              List<BaselineSpec.Variable> specVars = new ArrayList<>();
              for (int i = 0; i < vars.size(); i++) {
                specVars.add(
                    new BaselineSpec.Variable(
                        vars.getJsonObject(i).getString("name"),
                        vars.getJsonObject(i).getString("unit", "")));
              }
              BaselineModel model;
              try {
                BaselineSpec spec =
                    new BaselineSpec(
                        b.getString("baselineId"),
                        1,
                        site,
                        b.getString("target"),
                        metric,
                        b.getString("unit"),
                        g,
                        specVars,
                        b.getBoolean("intercept", true),
                        b.getString("reason"));
                model =
                    switch (b.getString("kind", "regression")) {
                      case "intensity" -> BaselineFitter.intensity(spec, obs);
                      case "absolute" -> BaselineFitter.absolute(spec, obs);
                      default -> BaselineFitter.regression(spec, obs);
                    };
              } catch (IllegalArgumentException e) {
                return Future.failedFuture(
                    new ApiException(
                        422,
                        "baseline.fit_failed",
                        "无法拟合基准（" + obs.size() + " 个完整周期）：" + e.getMessage(),
                        "Cannot fit the baseline from "
                            + obs.size()
                            + " complete periods: "
                            + e.getMessage()));
              }
              GateReport gates = criteria.evaluate(model);
              UUID fitId = UUID.randomUUID();
              String json = codec.toJson(model);
              JsonObject out =
                  new JsonObject()
                      .put("fitId", fitId.toString())
                      .put("model", new JsonObject(json))
                      .put("gates", gatesJson(gates))
                      .put("timeZone", zone.getId())
                      .put("observations", obs.size())
                      .put("skippedPeriods", skipped);
              return pool.preparedQuery(
                      "INSERT INTO baseline_fits(id, site, baseline_id, model, gates, valid,"
                          + " created_by) VALUES ($1,$2,$3,$4,$5,$6,$7)")
                  .execute(
                      Tuple.of(
                          fitId,
                          site,
                          model.id(),
                          json,
                          out.getJsonObject("gates").encode(),
                          gates.valid(),
                          who.username()))
                  .map(out);
            });
  }

  private static Instant end(Instant start, Granularity g, ZoneId zone) {
    return switch (g) {
      case HOURLY -> start.plus(1, ChronoUnit.HOURS);
      // Local days: 23 or 25 hours across a daylight-saving change.
      case DAILY -> start.atZone(zone).plusDays(1).toInstant();
      case MONTHLY -> monthStart(start, zone).atZone(zone).plusMonths(1).toInstant();
    };
  }

  /** The start of the site's local calendar month that contains {@code t}. */
  static Instant monthStart(Instant t, ZoneId zone) {
    return YearMonth.from(t.atZone(zone)).atDay(1).atStartOfDay(zone).toInstant();
  }

  /**
   * Buckets keyed by period start; daily buckets (which start at the site's local midnight) are
   * summed into the site's local calendar months.
   */
  private static Map<Instant, Double> periods(
      List<InfluxHistory.Bucket> buckets, Granularity g, ZoneId zone) {
    Map<Instant, Double> out = new TreeMap<>();
    for (InfluxHistory.Bucket b : buckets) {
      if (b.value() == null) {
        continue;
      }
      Instant key = g == Granularity.MONTHLY ? monthStart(b.start(), zone) : b.start();
      out.merge(key, b.value(), Double::sum);
    }
    return out;
  }

  static JsonObject gatesJson(GateReport report) {
    JsonArray results = new JsonArray();
    for (GateResult r : report.results()) {
      results.add(
          new JsonObject()
              .put("gate", r.gate().id())
              .put("set", r.gate().gateSet())
              .put("metric", r.gate().metric().code())
              .put("comparison", r.gate().comparison().symbol())
              .put("threshold", r.threshold())
              .put("value", r.value())
              .put("status", r.status().name().toLowerCase(Locale.ROOT))
              .put("explanation", r.explanation())
              .put("source", r.gate().source())
              .put("verification", r.gate().verification()));
    }
    return new JsonObject().put("valid", report.valid()).put("results", results);
  }

  /**
   * Approves a fitted candidate as the next version of its baseline with the engineer's recorded
   * reason; refused when a validity gate failed. Publishes the site's approved baselines.
   */
  public Future<JsonObject> approve(Principal who, String site, String baselineId, JsonObject b) {
    UUID fitId = UUID.fromString(b.getString("fitId"));
    String reason = b.getString("reason");
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "SELECT * FROM baseline_fits WHERE id = $1 AND site = $2 AND baseline_id = $3")
                    .execute(Tuple.of(fitId, site, baselineId))
                    .compose(
                        rs -> {
                          if (rs.size() == 0) {
                            return Future.failedFuture(
                                ApiException.notFound(
                                    "fit " + fitId + " of baseline " + baselineId));
                          }
                          Row fit = rs.iterator().next();
                          if (!fit.getBoolean("valid")) {
                            return Future.failedFuture(
                                new ApiException(
                                    422,
                                    "baseline.gates_failed",
                                    "该拟合未通过有效性检验，不能批准",
                                    "This fit failed a validity gate and cannot be approved",
                                    "fitId"));
                          }
                          return tx.preparedQuery(
                                  "SELECT COALESCE(max(version), 0) + 1 AS next FROM baseline_versions"
                                      + " WHERE site = $1 AND baseline_id = $2")
                              .execute(Tuple.of(site, baselineId))
                              .compose(
                                  v -> {
                                    int version = v.iterator().next().getInteger("next");
                                    BaselineModel model =
                                        codec
                                            .fromJson(fit.getString("model"))
                                            .withVersion(version, reason);
                                    return tx.preparedQuery(
                                            "INSERT INTO baseline_versions(site, baseline_id, version,"
                                                + " model, reason, approved_by, approved_at)"
                                                + " VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id")
                                        .execute(
                                            Tuple.of(
                                                site,
                                                baselineId,
                                                version,
                                                codec.toJson(model),
                                                reason,
                                                who.username(),
                                                OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                                        .compose(
                                            ins ->
                                                AuditChain.append(
                                                    tx,
                                                    "baseline_version",
                                                    ins.iterator().next().getLong("id"),
                                                    site))
                                        .map(
                                            seq ->
                                                new JsonObject()
                                                    .put("baselineId", baselineId)
                                                    .put("version", version)
                                                    .put("reason", reason)
                                                    .put("approvedBy", who.username())
                                                    .put("approvedAt", at.toString())
                                                    .put(
                                                        "model",
                                                        new JsonObject(codec.toJson(model))));
                                  });
                        }))
        .compose(
            out -> {
              approvals.increment();
              return publish(site).map(out);
            });
  }

  /** Publishes the latest approved version of each baseline of the site (retained). */
  public Future<Void> publish(String site) {
    return pool.preparedQuery(
            "SELECT DISTINCT ON (baseline_id) * FROM baseline_versions WHERE site = $1"
                + " ORDER BY baseline_id, version DESC")
        .execute(Tuple.of(site))
        .compose(
            rs -> {
              List<ApprovedBaseline> list = new ArrayList<>();
              for (Row r : rs) {
                BaselineModel m = codec.fromJson(r.getString("model"));
                Map<String, Double> coefficients = new LinkedHashMap<>();
                for (Term t : m.terms()) {
                  coefficients.put(t.variable(), t.coefficient());
                }
                list.add(
                    new ApprovedBaseline(
                        m.id(),
                        r.getInteger("version"),
                        m.target(),
                        "emissions".equals(m.metric()) ? "emissions" : "energy",
                        switch (m.granularity()) {
                          case HOURLY -> "hour";
                          case DAILY -> "day";
                          case MONTHLY -> "month";
                        },
                        m.unit(),
                        m.intercept() == null ? 0.0 : m.intercept(),
                        coefficients,
                        m.statistics() == null ? null : m.statistics().residualStandardError(),
                        r.getOffsetDateTime("approved_at").toInstant(),
                        r.getString("approved_by"),
                        r.getString("reason")));
              }
              return control.publishRetained(
                  Topics.control(site, ControlKind.BASELINES),
                  new String(WireCodec.encode(new BaselinesControl(list)), StandardCharsets.UTF_8));
            });
  }

  /** Every approved version of every baseline of the site, newest first. */
  public Future<JsonArray> versions(String site, String baselineId) {
    return pool.preparedQuery(
            "SELECT * FROM baseline_versions WHERE site = $1 AND ($2::text IS NULL OR baseline_id = $2)"
                + " ORDER BY baseline_id, version DESC")
        .execute(Tuple.of(site, baselineId))
        .map(
            rs -> {
              JsonArray a = new JsonArray();
              for (Row r : rs) {
                a.add(
                    new JsonObject()
                        .put("baselineId", r.getString("baseline_id"))
                        .put("version", r.getInteger("version"))
                        .put("reason", r.getString("reason"))
                        .put("approvedBy", r.getString("approved_by"))
                        .put(
                            "approvedAt", r.getOffsetDateTime("approved_at").toInstant().toString())
                        .put("model", new JsonObject(r.getString("model"))));
              }
              return a;
            });
  }
}
