package io.carbonwatch.api.alerts;

import io.carbonwatch.api.audit.AuditChain;
import io.carbonwatch.api.auth.Principal;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.api.live.LiveUpdate;
import io.carbonwatch.core.wire.AlertEvent;
import io.carbonwatch.core.wire.AlertEventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stores alert events from the stream job idempotently and drives the people's side of the
 * lifecycle. Every change is published on the event bus (a {@link LiveUpdate} for live push, {@link
 * #CHANGES_ADDRESS} for notifications).
 */
public final class AlertService {
  public static final String CHANGES_ADDRESS = "cw.alerts.changes";
  private static final JsonObject STALE = new JsonObject();

  private final Vertx vertx;
  private final Pool pool;
  private final Counter stored;
  private final Counter duplicates;
  private final Counter transitions;

  public AlertService(Vertx vertx, Pool pool, MeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.stored =
        Counter.builder("api.alerts.events.stored")
            .description("Alert events stored from MQTT")
            .baseUnit("events")
            .register(registry);
    this.duplicates =
        Counter.builder("api.alerts.events.duplicates")
            .description("Redelivered alert events ignored (same alertId and eventSeq)")
            .baseUnit("events")
            .register(registry);
    this.transitions =
        Counter.builder("api.alerts.transitions")
            .description("Lifecycle transitions recorded")
            .baseUnit("transitions")
            .register(registry);
  }

  private static OffsetDateTime odt(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  /**
   * Stores one event. Returns true when it changed anything; a redelivered {@code (alertId,
   * eventSeq)} returns false and changes nothing.
   */
  public Future<Boolean> ingest(AlertEvent e, String payload) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(
                        "INSERT INTO alert_events(alert_id, event_seq, event, site, event_time,"
                            + " payload) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING"
                            + " RETURNING alert_id")
                    .execute(
                        Tuple.of(
                            e.alertId(),
                            (int) e.eventSeq(),
                            e.event().wire(),
                            e.site(),
                            odt(e.time()),
                            payload))
                    .compose(
                        rs -> {
                          if (rs.size() == 0) {
                            return Future.succeededFuture((JsonObject) null);
                          }
                          return upsert(tx, e);
                        }))
        .map(
            alert -> {
              if (alert == null) {
                duplicates.increment();
                return false;
              }
              stored.increment();
              if (alert != STALE) {
                publish(alert, e.event().wire());
              }
              return true;
            });
  }

  private Future<JsonObject> upsert(SqlConnection tx, AlertEvent e) {
    boolean cleared = e.event() == AlertEventType.CLEARED;
    // Out-of-order events (a lower eventSeq arriving late) are kept in alert_events but do not
    // overwrite newer measurements.
    return tx.preparedQuery(
            "INSERT INTO alerts(id, alert_id, site, rule, target, target_kind, metric, unit,"
                + " severity, state, condition, last_event_seq, raised_at, last_event_at,"
                + " cleared_at, window_start, window_end, expected, actual, deviation,"
                + " deviation_percent, consecutive_windows, message_zh, message_en, updated_at)"
                + " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'open',$10,$11,$12,$12,$13,$14,$15,$16,$17,"
                + "$18,$19,$20,$21,$22,now())"
                + " ON CONFLICT (alert_id) DO UPDATE SET"
                + " severity = EXCLUDED.severity, condition = EXCLUDED.condition,"
                + " last_event_seq = EXCLUDED.last_event_seq, last_event_at = EXCLUDED.last_event_at,"
                + " cleared_at = EXCLUDED.cleared_at, window_start = EXCLUDED.window_start,"
                + " window_end = EXCLUDED.window_end, expected = EXCLUDED.expected,"
                + " actual = EXCLUDED.actual, deviation = EXCLUDED.deviation,"
                + " deviation_percent = EXCLUDED.deviation_percent,"
                + " consecutive_windows = EXCLUDED.consecutive_windows,"
                + " message_zh = EXCLUDED.message_zh, message_en = EXCLUDED.message_en,"
                + " updated_at = now()"
                + " WHERE alerts.last_event_seq < EXCLUDED.last_event_seq AND alerts.site = EXCLUDED.site"
                + " RETURNING *")
        .execute(
            Tuple.from(
                new Object[] {
                  UUID.randomUUID(),
                  e.alertId(),
                  e.site(),
                  e.rule(),
                  e.target(),
                  e.targetKind(),
                  e.metric(),
                  e.unit(),
                  e.severity().wire(),
                  cleared ? "cleared" : "active",
                  (int) e.eventSeq(),
                  odt(e.time()),
                  cleared ? odt(e.time()) : null,
                  odt(e.windowStart()),
                  odt(e.windowEnd()),
                  e.expected(),
                  e.actual(),
                  e.deviation(),
                  e.deviationPercent(),
                  e.consecutiveWindows(),
                  e.message().zhCn(),
                  e.message().en()
                }))
        .compose(
            rs -> {
              if (rs.size() > 0) {
                return Future.succeededFuture(toJson(rs.iterator().next()));
              }
              // Stale event (older eventSeq arriving late, or an alertId another site owns): kept
              // in alert_events, the alert is unchanged and nothing is published.
              return Future.succeededFuture(STALE);
            });
  }

  private void publish(JsonObject alert, String change) {
    String site = alert.getString("site");
    invalidate(site);
    JsonObject msg =
        new JsonObject().put("type", "alert").put("change", change).put("alert", alert);
    vertx.eventBus().publish(LiveUpdate.ADDRESS, new LiveUpdate(site, "alert", msg.encode()));
    vertx.eventBus().publish(CHANGES_ADDRESS, msg);
  }

  // First pages of the alert list per site, the request a console polls. Filled only when no
  // change happened while the query ran (version check), emptied on every change of the site.
  private final ConcurrentHashMap<String, Buffer> firstPages = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicLong> versions = new ConcurrentHashMap<>();

  private AtomicLong version(String site) {
    return versions.computeIfAbsent(site, k -> new AtomicLong());
  }

  private void invalidate(String site) {
    version(site).incrementAndGet();
    firstPages.keySet().removeIf(k -> k.startsWith(site + "|"));
  }

  /**
   * The list as encoded JSON; first pages (no cursor) come from a cache that every change of the
   * site empties, so a busy alert console costs no query.
   */
  public Future<Buffer> listEncoded(
      String site, String state, String severity, String condition, int limit, String cursor) {
    if (cursor != null) {
      return list(site, state, severity, condition, limit, cursor).map(JsonObject::toBuffer);
    }
    String key = site + "|" + state + "|" + severity + "|" + condition + "|" + limit;
    Buffer cached = firstPages.get(key);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    long before = version(site).get();
    return list(site, state, severity, condition, limit, null)
        .map(
            json -> {
              Buffer b = json.toBuffer();
              if (version(site).get() == before) {
                firstPages.put(key, b);
              }
              return b;
            });
  }

  /** Alerts of a site, newest first, keyset-paginated by {@code (updatedAt, id)}. */
  public Future<JsonObject> list(
      String site, String state, String severity, String condition, int limit, String cursor) {
    List<Object> args = new ArrayList<>(List.of(site));
    StringBuilder sql = new StringBuilder("SELECT * FROM alerts WHERE site = $1");
    if (state != null) {
      args.add(state);
      sql.append(" AND state = $").append(args.size());
    }
    if (severity != null) {
      args.add(severity);
      sql.append(" AND severity = $").append(args.size());
    }
    if (condition != null) {
      args.add(condition);
      sql.append(" AND condition = $").append(args.size());
    }
    if (cursor != null) {
      String[] c = Cursor.decode(cursor);
      args.add(OffsetDateTime.parse(c[0]));
      args.add(UUID.fromString(c[1]));
      sql.append(" AND (updated_at, id) < ($")
          .append(args.size() - 1)
          .append(", $")
          .append(args.size())
          .append(")");
    }
    args.add(limit + 1);
    sql.append(" ORDER BY updated_at DESC, id DESC LIMIT $").append(args.size());
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(args))
        .map(
            rs -> {
              JsonArray items = new JsonArray();
              String next = null;
              int i = 0;
              for (Row r : rs) {
                if (i++ == limit) {
                  break;
                }
                items.add(toJson(r));
                next =
                    Cursor.encode(
                        r.getOffsetDateTime("updated_at").toString(), r.getUUID("id").toString());
              }
              return new JsonObject()
                  .put("items", items)
                  .put("nextCursor", rs.size() > limit ? next : null);
            });
  }

  /** One alert with its stream events and lifecycle transitions. */
  public Future<JsonObject> get(String site, UUID id) {
    return pool.preparedQuery("SELECT * FROM alerts WHERE id = $1 AND site = $2")
        .execute(Tuple.of(id, site))
        .compose(
            rs -> {
              if (rs.size() == 0) {
                return Future.failedFuture(
                    ApiException.notFound("alert " + id + " in site " + site));
              }
              JsonObject alert = toJson(rs.iterator().next());
              Future<RowSet<Row>> events =
                  pool.preparedQuery(
                          "SELECT event_seq, event, event_time, received_at FROM alert_events"
                              + " WHERE alert_id = $1 ORDER BY event_seq")
                      .execute(Tuple.of(alert.getString("alertId")));
              Future<RowSet<Row>> trans =
                  pool.preparedQuery(
                          "SELECT id, from_state, to_state, actor, at, fields FROM alert_transitions"
                              + " WHERE alert_uuid = $1 ORDER BY id")
                      .execute(Tuple.of(id));
              return Future.all(events, trans)
                  .map(
                      v -> {
                        JsonArray ev = new JsonArray();
                        for (Row r : events.result()) {
                          ev.add(
                              new JsonObject()
                                  .put("eventSeq", r.getInteger("event_seq"))
                                  .put("event", r.getString("event"))
                                  .put("time", iso(r.getOffsetDateTime("event_time")))
                                  .put("receivedAt", iso(r.getOffsetDateTime("received_at"))));
                        }
                        JsonArray tr = new JsonArray();
                        for (Row r : trans.result()) {
                          tr.add(
                              new JsonObject()
                                  .put("id", r.getLong("id"))
                                  .put("from", r.getString("from_state"))
                                  .put("to", r.getString("to_state"))
                                  .put("actor", r.getString("actor"))
                                  .put("at", iso(r.getOffsetDateTime("at")))
                                  .put("fields", new JsonObject(r.getString("fields"))));
                        }
                        return alert.put("events", ev).put("transitions", tr);
                      });
            });
  }

  static final List<String> FIELDS =
      List.of(
          "assignee", "cause", "correction", "correctiveAction", "effectivenessCheck", "closure");

  /**
   * Moves an alert to {@code to}; refused when the transition is not allowed from the current
   * state, when a required field is missing, or when closing while the deviation is still active.
   * The transition row and its audit link commit with the state change.
   */
  public Future<JsonObject> transition(Principal who, String site, UUID id, JsonObject body) {
    AlertState to = AlertState.fromWire(body.getString("to"));
    Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    return pool.withTransaction(
            tx ->
                tx.preparedQuery("SELECT * FROM alerts WHERE id = $1 AND site = $2 FOR UPDATE")
                    .execute(Tuple.of(id, site))
                    .compose(
                        rs -> {
                          if (rs.size() == 0) {
                            return Future.failedFuture(
                                ApiException.notFound("alert " + id + " in site " + site));
                          }
                          Row row = rs.iterator().next();
                          AlertState from = AlertState.fromWire(row.getString("state"));
                          if (!from.canMoveTo(to)) {
                            return Future.failedFuture(
                                ApiException.conflict(
                                    "alert.transition_not_allowed",
                                    "不允许从 " + from.wire() + " 转到 " + to.wire(),
                                    "Transition from "
                                        + from.wire()
                                        + " to "
                                        + to.wire()
                                        + " is not allowed; allowed: "
                                        + from.next().stream().map(AlertState::wire).toList()));
                          }
                          for (String f : from.requiredFor(to)) {
                            String v = body.getString(f);
                            if (v == null || v.isBlank()) {
                              return Future.failedFuture(
                                  new ApiException(
                                      422,
                                      "alert.field_required",
                                      "转到 " + to.wire() + " 需要填写字段 " + f,
                                      "Moving to " + to.wire() + " requires the field " + f,
                                      f));
                            }
                          }
                          if (to == AlertState.CLOSED
                              && "active".equals(row.getString("condition"))) {
                            return Future.failedFuture(
                                ApiException.conflict(
                                    "alert.still_active",
                                    "偏差仍在持续，不能关闭；请先确认纠正措施有效",
                                    "The deviation is still active; it cannot be closed until it"
                                        + " clears and the correction is shown effective"));
                          }
                          JsonObject fields = new JsonObject();
                          for (String f : FIELDS) {
                            if (body.getString(f) != null) {
                              fields.put(f, body.getString(f));
                            }
                          }
                          if (body.getString("note") != null) {
                            fields.put("note", body.getString("note"));
                          }
                          return tx.preparedQuery(
                                  "UPDATE alerts SET state = $3,"
                                      + " assignee = COALESCE($4, assignee), cause = COALESCE($5, cause),"
                                      + " correction = COALESCE($6, correction),"
                                      + " corrective_action = COALESCE($7, corrective_action),"
                                      + " effectiveness_check = COALESCE($8, effectiveness_check),"
                                      + " closure = COALESCE($9, closure), updated_at = $10"
                                      + " WHERE id = $1 AND site = $2 RETURNING *")
                              .execute(
                                  Tuple.from(
                                      new Object[] {
                                        id,
                                        site,
                                        to.wire(),
                                        body.getString("assignee"),
                                        body.getString("cause"),
                                        body.getString("correction"),
                                        body.getString("correctiveAction"),
                                        body.getString("effectivenessCheck"),
                                        body.getString("closure"),
                                        odt(at)
                                      }))
                              .compose(
                                  updated ->
                                      tx.preparedQuery(
                                              "INSERT INTO alert_transitions(alert_uuid, site,"
                                                  + " from_state, to_state, actor, at, fields)"
                                                  + " VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id")
                                          .execute(
                                              Tuple.of(
                                                  id,
                                                  site,
                                                  from.wire(),
                                                  to.wire(),
                                                  who.username(),
                                                  odt(at),
                                                  fields.encode()))
                                          .compose(
                                              ins ->
                                                  AuditChain.append(
                                                      tx,
                                                      "alert_transition",
                                                      ins.iterator().next().getLong("id"),
                                                      site))
                                          .map(seq -> toJson(updated.iterator().next())));
                        }))
        .onSuccess(
            alert -> {
              transitions.increment();
              publish(alert, "transition");
            });
  }

  /** Alert row as API JSON; {@code allowedTransitions} lets a UI show only valid actions. */
  static JsonObject toJson(Row r) {
    AlertState state = AlertState.fromWire(r.getString("state"));
    JsonArray allowed = new JsonArray();
    for (AlertState n : state.next()) {
      allowed.add(
          new JsonObject()
              .put("to", n.wire())
              .put("requires", new JsonArray(state.requiredFor(n))));
    }
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("alertId", r.getString("alert_id"))
        .put("site", r.getString("site"))
        .put("rule", r.getString("rule"))
        .put("target", r.getString("target"))
        .put("targetKind", r.getString("target_kind"))
        .put("metric", r.getString("metric"))
        .put("unit", r.getString("unit"))
        .put("severity", r.getString("severity"))
        .put("state", state.wire())
        .put("condition", r.getString("condition"))
        .put("lastEventSeq", r.getInteger("last_event_seq"))
        .put("raisedAt", iso(r.getOffsetDateTime("raised_at")))
        .put("lastEventAt", iso(r.getOffsetDateTime("last_event_at")))
        .put("clearedAt", iso(r.getOffsetDateTime("cleared_at")))
        .put("windowStart", iso(r.getOffsetDateTime("window_start")))
        .put("windowEnd", iso(r.getOffsetDateTime("window_end")))
        .put("expected", r.getDouble("expected"))
        .put("actual", r.getDouble("actual"))
        .put("deviation", r.getDouble("deviation"))
        .put("deviationPercent", r.getDouble("deviation_percent"))
        .put("consecutiveWindows", r.getInteger("consecutive_windows"))
        .put(
            "message",
            new JsonObject()
                .put("zh-CN", r.getString("message_zh"))
                .put("en", r.getString("message_en")))
        .put("assignee", r.getString("assignee"))
        .put("cause", r.getString("cause"))
        .put("correction", r.getString("correction"))
        .put("correctiveAction", r.getString("corrective_action"))
        .put("effectivenessCheck", r.getString("effectiveness_check"))
        .put("closure", r.getString("closure"))
        .put("updatedAt", iso(r.getOffsetDateTime("updated_at")))
        .put("allowedTransitions", allowed);
  }

  static String iso(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
