package io.carbonwatch.api.calibration;

import io.carbonwatch.api.alerts.AlertService;
import io.carbonwatch.api.alerts.ControlPublisher;
import io.carbonwatch.api.audit.AuditChain;
import io.carbonwatch.api.auth.Principal;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.core.factors.EquippingRate;
import io.carbonwatch.core.factors.MeteringRequirements;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.wire.AlertEvent;
import io.carbonwatch.core.wire.AlertEventType;
import io.carbonwatch.core.wire.AlertSeverity;
import io.carbonwatch.core.wire.Bilingual;
import io.carbonwatch.core.wire.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The GB 17167 instrument ledger and calibration records (7.1.5, 9.1.1). Checks are append-only and
 * hash-chained; each check updates the instrument's status, raises an alert when it failed or is
 * overdue, and republishes the site's retained {@code control/instrument-status}.
 */
public final class CalibrationService {
  /** Meter names in both languages from the last synchronised site model, by site/id. */
  private final Map<String, io.carbonwatch.core.site.Names> names =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Pool pool;
  private final AlertService alerts;
  private final ControlPublisher control;
  private final MeteringRequirements requirements;
  private final Clock clock;
  private final Counter checks;
  private final Counter raised;

  public CalibrationService(
      Pool pool,
      AlertService alerts,
      ControlPublisher control,
      MeteringRequirements requirements,
      Clock clock,
      MeterRegistry registry) {
    this.pool = pool;
    this.alerts = alerts;
    this.control = control;
    this.requirements = requirements;
    this.clock = clock;
    this.checks =
        Counter.builder("api.calibration.checks")
            .description("Calibration checks recorded")
            .baseUnit("checks")
            .register(registry);
    this.raised =
        Counter.builder("api.calibration.raised")
            .description("Instruments raised as overdue or failed")
            .baseUnit("instruments")
            .register(registry);
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  /**
   * Synchronises the ledger from the site model: identity and metrology data come from the model;
   * calibration dates are kept when the ledger already has a newer check.
   */
  public Future<Integer> sync(SiteModel model) {
    List<Tuple> rows = new ArrayList<>();
    for (Site site : model.sites()) {
      for (Meter m : site.meters()) {
        names.put(site.id() + "/" + m.id(), m.name());
        var cal = m.calibration();
        rows.add(
            Tuple.from(
                new Object[] {
                  site.id(),
                  m.id(),
                  m.name().zh() != null ? m.name().zh() : m.name().en(),
                  m.level().wire(),
                  m.energyType(),
                  m.accuracyClass() == null ? "none" : m.accuracyClass(),
                  m.range() == null ? null : m.range().min(),
                  m.range() == null ? null : m.range().max(),
                  m.range() == null ? null : m.range().unit(),
                  m.serial(),
                  m.location(),
                  cal.intervalMonths(),
                  cal.status().wire(),
                  cal.lastCalibrated(),
                  cal.nextDue()
                }));
      }
    }
    if (rows.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return pool.preparedQuery(
            "INSERT INTO instruments(site, id, name, metering_level, energy_type, accuracy_class,"
                + " range_min, range_max, range_unit, serial, location, calibration_interval_months,"
                + " status, calibration, last_calibrated, next_due)"
                + " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,'ok',$14,$15)"
                + " ON CONFLICT (site, id) DO UPDATE SET name = EXCLUDED.name,"
                + " metering_level = EXCLUDED.metering_level, energy_type = EXCLUDED.energy_type,"
                + " accuracy_class = EXCLUDED.accuracy_class, range_min = EXCLUDED.range_min,"
                + " range_max = EXCLUDED.range_max, range_unit = EXCLUDED.range_unit,"
                + " serial = EXCLUDED.serial, location = EXCLUDED.location,"
                + " calibration_interval_months = EXCLUDED.calibration_interval_months,"
                + " last_calibrated = GREATEST(instruments.last_calibrated, EXCLUDED.last_calibrated),"
                + " next_due = CASE WHEN instruments.last_calibrated >= EXCLUDED.last_calibrated"
                + " THEN instruments.next_due ELSE EXCLUDED.next_due END, updated_at = now()")
        .executeBatch(rows)
        .map(rs -> rows.size());
  }

  public Future<JsonArray> list(String site) {
    return pool.preparedQuery("SELECT * FROM instruments WHERE site = $1 ORDER BY id")
        .execute(Tuple.of(site))
        .map(
            rs -> {
              JsonArray a = new JsonArray();
              rs.forEach(r -> a.add(instrumentJson(r)));
              return a;
            });
  }

  public Future<JsonObject> get(String site, String id) {
    return pool.preparedQuery("SELECT * FROM instruments WHERE site = $1 AND id = $2")
        .execute(Tuple.of(site, id))
        .compose(
            rs -> {
              if (rs.size() == 0) {
                return Future.failedFuture(
                    ApiException.notFound("instrument " + id + " in site " + site));
              }
              JsonObject inst = instrumentJson(rs.iterator().next());
              return pool.preparedQuery(
                      "SELECT * FROM calibration_checks WHERE site = $1 AND instrument_id = $2"
                          + " ORDER BY id DESC")
                  .execute(Tuple.of(site, id))
                  .map(
                      cs -> {
                        JsonArray h = new JsonArray();
                        cs.forEach(c -> h.add(checkJson(c)));
                        return inst.put("checks", h);
                      });
            });
  }

  /** Records a check; the body has passed the contract's schema. */
  public Future<JsonObject> record(Principal who, String site, String instrumentId, JsonObject b) {
    LocalDate checkedOn = LocalDate.parse(b.getString("checkedOn"));
    if (checkedOn.isAfter(today())) {
      return Future.failedFuture(
          ApiException.invalid("checkedOn", "不能晚于今天", "must not be in the future"));
    }
    return pool.withTransaction(
            tx ->
                tx.preparedQuery("SELECT * FROM instruments WHERE site = $1 AND id = $2 FOR UPDATE")
                    .execute(Tuple.of(site, instrumentId))
                    .compose(
                        rs -> {
                          if (rs.size() == 0) {
                            return Future.failedFuture(
                                ApiException.notFound(
                                    "instrument " + instrumentId + " in site " + site));
                          }
                          Row inst = rs.iterator().next();
                          String cls = inst.getString("accuracy_class");
                          double mpe = Mpe.percentFor(cls, b.getDouble("mpePercent"));
                          JsonArray points = b.getJsonArray("testPoints");
                          boolean foundOk = true;
                          boolean leftOk = true;
                          JsonArray judged = new JsonArray();
                          for (int i = 0; i < points.size(); i++) {
                            JsonObject p = points.getJsonObject(i);
                            double found = p.getDouble("asFoundErrorPercent");
                            double left = p.getDouble("asLeftErrorPercent", found);
                            boolean fOk = Math.abs(found) <= mpe;
                            boolean lOk = Math.abs(left) <= mpe;
                            foundOk &= fOk;
                            leftOk &= lOk;
                            judged.add(
                                new JsonObject()
                                    .put("point", p.getString("point"))
                                    .put("asFoundErrorPercent", found)
                                    .put("asLeftErrorPercent", left)
                                    .put("withinMpe", lOk));
                          }
                          String result = !leftOk ? "fail" : foundOk ? "pass" : "adjusted";
                          LocalDate nextDue =
                              b.getString("nextDue") != null
                                  ? LocalDate.parse(b.getString("nextDue"))
                                  : checkedOn.plusMonths(
                                      inst.getInteger("calibration_interval_months"));
                          if (!nextDue.isAfter(checkedOn)) {
                            return Future.failedFuture(
                                ApiException.invalid(
                                    "nextDue", "必须晚于检定日期", "must be after checkedOn"));
                          }
                          String calibration =
                              result.equals("fail")
                                  ? "failed"
                                  : nextDue.isBefore(today()) ? "overdue" : "ok";
                          String status =
                              switch (calibration) {
                                case "failed" -> "disabled";
                                case "overdue" -> "conditional";
                                default -> "qualified";
                              };
                          JsonArray attachments = b.getJsonArray("attachments", new JsonArray());
                          return tx.preparedQuery(
                                  "INSERT INTO calibration_checks(site, instrument_id, checked_on,"
                                      + " technician, reference_standard, certificate_no,"
                                      + " accuracy_class, mpe_percent, test_points, result, next_due,"
                                      + " attachments, notes, recorded_at)"
                                      + " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,"
                                      + " date_trunc('milliseconds', now())) RETURNING *")
                              .execute(
                                  Tuple.from(
                                      new Object[] {
                                        site,
                                        instrumentId,
                                        checkedOn,
                                        who.username(),
                                        b.getString("referenceStandard"),
                                        b.getString("certificateNo"),
                                        cls,
                                        mpe,
                                        judged.encode(),
                                        result,
                                        nextDue,
                                        attachments.encode(),
                                        b.getString("notes")
                                      }))
                              .compose(
                                  ins -> {
                                    Row check = ins.iterator().next();
                                    return AuditChain.append(
                                            tx, "calibration_check", check.getLong("id"), site)
                                        .compose(
                                            seq ->
                                                tx.preparedQuery(
                                                        "UPDATE instruments SET status = $3,"
                                                            + " calibration = $4,"
                                                            + " last_calibrated = $5, next_due = $6,"
                                                            + " updated_at = now()"
                                                            + " WHERE site = $1 AND id = $2"
                                                            + " RETURNING *")
                                                    .execute(
                                                        Tuple.of(
                                                            site,
                                                            instrumentId,
                                                            status,
                                                            calibration,
                                                            checkedOn,
                                                            nextDue)))
                                        .map(
                                            upd ->
                                                new JsonObject()
                                                    .put("check", checkJson(check))
                                                    .put(
                                                        "instrument",
                                                        instrumentJson(upd.iterator().next())));
                                  });
                        }))
        .compose(
            out -> {
              checks.increment();
              JsonObject inst = out.getJsonObject("instrument");
              JsonObject check = out.getJsonObject("check");
              Future<?> raise = Future.succeededFuture();
              if (!"ok".equals(inst.getString("calibration"))) {
                raise =
                    raise(
                        site,
                        inst,
                        check.getLong("id").toString(),
                        check.getDouble("mpePercent"),
                        maxAbsLeft(check));
              }
              return raise.compose(v -> publishStatus(site)).map(out);
            });
  }

  private static double maxAbsLeft(JsonObject check) {
    double m = 0;
    for (Object o : check.getJsonArray("testPoints")) {
      m = Math.max(m, Math.abs(((JsonObject) o).getDouble("asLeftErrorPercent")));
    }
    return m;
  }

  /** Raises an overdue or failed instrument as an alert so it enters the 10.1 lifecycle. */
  private Future<Boolean> raise(
      String site, JsonObject inst, String ref, double mpe, double actual) {
    String kind = inst.getString("calibration");
    String id = inst.getString("id");
    Instant now = clock.instant();
    LocalDate due = LocalDate.parse(inst.getString("nextDue"));
    Instant dueStart = due.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant windowStart = dueStart.isBefore(now) ? dueStart : now.minusSeconds(1);
    boolean failed = kind.equals("failed");
    AlertEvent e =
        new AlertEvent(
            AlertEventType.RAISED,
            site + "/calibration-" + kind + "/" + id + "/" + ref,
            1,
            site,
            "calibration-" + kind,
            id,
            "meter",
            "calibration",
            "%",
            failed ? AlertSeverity.MAJOR : AlertSeverity.MINOR,
            windowStart,
            now,
            mpe,
            actual,
            actual - mpe,
            null,
            0,
            now,
            failed
                ? new Bilingual(
                    "计量器具 " + id + " 检定不合格（误差超出最大允许误差 ±" + mpe + "%），已停用",
                    "Instrument "
                        + id
                        + " failed calibration (error beyond the ±"
                        + mpe
                        + " % MPE); disabled")
                : new Bilingual(
                    "计量器具 " + id + " 已超过检定有效期（应于 " + due + " 前检定）",
                    "Instrument " + id + " is overdue for calibration (due " + due + ")"));
    raised.increment();
    return alerts.ingest(
        e, new JsonObject().put("source", "api.calibration").put("instrument", id).encode());
  }

  /** Marks instruments whose next due date has passed as overdue, raises and publishes them. */
  public Future<Integer> scanOverdue() {
    return pool.preparedQuery(
            "UPDATE instruments SET calibration = 'overdue', status = 'conditional',"
                + " updated_at = now() WHERE calibration = 'ok' AND next_due < $1 RETURNING *")
        .execute(Tuple.of(today()))
        .compose(
            rs -> {
              Set<String> sites = new HashSet<>();
              List<Future<?>> all = new ArrayList<>();
              for (Row r : rs) {
                JsonObject inst = instrumentJson(r);
                sites.add(inst.getString("site"));
                all.add(raise(inst.getString("site"), inst, inst.getString("nextDue"), 0, 0));
              }
              return Future.join(all)
                  .compose(
                      v -> {
                        List<Future<?>> pubs = new ArrayList<>();
                        sites.forEach(s -> pubs.add(publishStatus(s)));
                        return Future.join(pubs);
                      })
                  .map(v -> rs.rowCount());
            });
  }

  /** Publishes the site's retained instrument-status control message. */
  public Future<Void> publishStatus(String site) {
    return pool.preparedQuery(
            "SELECT id, status, calibration, next_due FROM instruments WHERE site = $1 ORDER BY id")
        .execute(Tuple.of(site))
        .compose(
            rs -> {
              JsonArray a = new JsonArray();
              for (Row r : rs) {
                a.add(
                    new JsonObject()
                        .put("id", r.getString("id"))
                        .put("status", r.getString("status"))
                        .put("calibration", r.getString("calibration"))
                        .put(
                            "nextDue",
                            r.getLocalDate("next_due") == null
                                ? null
                                : r.getLocalDate("next_due").toString()));
              }
              return control.publishRetained(
                  Topics.control(site, io.carbonwatch.core.wire.ControlKind.INSTRUMENT_STATUS),
                  new JsonObject().put("v", 1).put("instruments", a).encode());
            });
  }

  /** Instruments overdue, failed, or due within {@code withinDays}, soonest first. */
  public Future<JsonObject> dueList(String site, int withinDays) {
    LocalDate until = today().plusDays(withinDays);
    return pool.preparedQuery(
            "SELECT * FROM instruments WHERE site = $1 AND (calibration <> 'ok' OR next_due IS NULL"
                + " OR next_due <= $2) ORDER BY next_due NULLS FIRST, id")
        .execute(Tuple.of(site, until))
        .map(
            rs -> {
              JsonArray items = new JsonArray();
              int overdue = 0;
              int failed = 0;
              for (Row r : rs) {
                JsonObject i = instrumentJson(r);
                overdue += "overdue".equals(i.getString("calibration")) ? 1 : 0;
                failed += "failed".equals(i.getString("calibration")) ? 1 : 0;
                items.add(i);
              }
              return new JsonObject()
                  .put("site", site)
                  .put("asOf", today().toString())
                  .put("withinDays", withinDays)
                  .put("overdue", overdue)
                  .put("failed", failed)
                  .put("items", items);
            });
  }

  /**
   * GB 17167 equipping rate per metering level and energy type: metering points in the ledger
   * (every instrument at that level and energy type is a required point) against points with a
   * usable instrument (not disabled, calibration not failed or overdue), compared with the required
   * rate from the standard's data file.
   */
  public Future<JsonObject> equippingRate(String site) {
    return pool.preparedQuery(
            "SELECT metering_level, energy_type, count(*) AS points,"
                + " count(*) FILTER (WHERE status <> 'disabled' AND calibration = 'ok') AS equipped"
                + " FROM instruments WHERE site = $1 GROUP BY metering_level, energy_type"
                + " ORDER BY metering_level, energy_type")
        .execute(Tuple.of(site))
        .map(
            rs -> {
              JsonArray rows = new JsonArray();
              boolean allCompliant = true;
              for (Row r : rs) {
                String level = r.getString("metering_level");
                String energy = r.getString("energy_type");
                long points = r.getLong("points");
                long equipped = r.getLong("equipped");
                double rate = points == 0 ? 0 : 100.0 * equipped / points;
                JsonObject row =
                    new JsonObject()
                        .put("level", level)
                        .put("energyType", energy)
                        .put("points", points)
                        .put("equipped", equipped)
                        .put("ratePercent", Math.round(rate * 10) / 10.0);
                io.carbonwatch.core.site.MeteringLevel fl =
                    io.carbonwatch.core.site.MeteringLevel.valueOf(level.toUpperCase(Locale.ROOT));
                var req = requirements.equippingRate(energy, fl);
                if (req.isPresent()) {
                  EquippingRate er = req.get();
                  boolean ok = rate >= er.requiredPercent();
                  allCompliant &= ok;
                  row.put("requiredPercent", er.requiredPercent())
                      .put("compliant", ok)
                      .put(
                          "source",
                          new JsonObject()
                              .put("citation", er.provenance().source())
                              .put(
                                  "verification",
                                  er.provenance()
                                      .verification()
                                      .toString()
                                      .toLowerCase(Locale.ROOT))
                              .put("file", er.provenance().fileAtVersion())
                              .put("note", er.provenance().note()));
                } else {
                  row.put("requiredPercent", (Double) null).put("compliant", (Boolean) null);
                }
                rows.add(row);
              }
              return new JsonObject()
                  .put("site", site)
                  .put("standard", "GB 17167-2006")
                  .put("compliant", allCompliant)
                  .put("rows", rows);
            });
  }

  JsonObject instrumentJson(Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("site", r.getString("site"));
    m.put("id", r.getString("id"));
    m.put("name", r.getString("name"));
    // Both languages from the site model (the ledger row keeps one name, the record's).
    io.carbonwatch.core.site.Names n = names.get(r.getString("site") + "/" + r.getString("id"));
    m.put(
        "names",
        n == null
            ? null
            : new JsonObject()
                .put("zh-CN", n.zh() != null ? n.zh() : n.en())
                .put("en", n.en() != null ? n.en() : n.zh()));
    m.put("meteringLevel", r.getString("metering_level"));
    m.put("energyType", r.getString("energy_type"));
    m.put("accuracyClass", r.getString("accuracy_class"));
    m.put(
        "range",
        r.getDouble("range_min") == null
            ? null
            : new JsonObject()
                .put("min", r.getDouble("range_min"))
                .put("max", r.getDouble("range_max"))
                .put("unit", r.getString("range_unit")));
    m.put("serial", r.getString("serial"));
    m.put("location", r.getString("location"));
    m.put("calibrationIntervalMonths", r.getInteger("calibration_interval_months"));
    m.put("status", r.getString("status"));
    m.put(
        "statusZh",
        switch (r.getString("status")) {
          case "qualified" -> "合格";
          case "conditional" -> "准用";
          default -> "停用";
        });
    m.put("calibration", r.getString("calibration"));
    m.put(
        "lastCalibrated",
        r.getLocalDate("last_calibrated") == null
            ? null
            : r.getLocalDate("last_calibrated").toString());
    m.put(
        "nextDue",
        r.getLocalDate("next_due") == null ? null : r.getLocalDate("next_due").toString());
    return new JsonObject(m);
  }

  static JsonObject checkJson(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("instrumentId", r.getString("instrument_id"))
        .put("checkedOn", r.getLocalDate("checked_on").toString())
        .put("technician", r.getString("technician"))
        .put("referenceStandard", r.getString("reference_standard"))
        .put("certificateNo", r.getString("certificate_no"))
        .put("accuracyClass", r.getString("accuracy_class"))
        .put("mpePercent", r.getDouble("mpe_percent"))
        .put("testPoints", new JsonArray(r.getString("test_points")))
        .put("result", r.getString("result"))
        .put("nextDue", r.getLocalDate("next_due").toString())
        .put("attachments", new JsonArray(r.getString("attachments")))
        .put("notes", r.getString("notes"))
        .put("recordedAt", r.getOffsetDateTime("recorded_at").toInstant().toString());
  }
}
