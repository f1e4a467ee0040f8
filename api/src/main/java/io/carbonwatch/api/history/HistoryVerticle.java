package io.carbonwatch.api.history;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * History of meters, SEUs, sources, sites, variables and performance parameters: always a bounded
 * period and a step, downsampled in InfluxDB to at most {@link InfluxHistory#MAX_POINTS} points.
 * Steps of a day or more are bucketed at the site's local midnight (its model's {@code timeZone}),
 * where the stream job's daily windows start, so a bucket's time names the site's day.
 */
public final class HistoryVerticle extends RouteGroupVerticle {
  private static final Duration MAX_PERIOD = Duration.ofDays(3 * 366);
  private final InfluxHistory influx;
  private final Function<String, ZoneId> zones;

  /** Buckets in UTC: for tests and callers without site models. */
  public HistoryVerticle(InfluxHistory influx) {
    this(influx, site -> ZoneOffset.UTC);
  }

  /**
   * @param zones the time zone of a site (where its days start)
   */
  public HistoryVerticle(InfluxHistory influx, Function<String, ZoneId> zones) {
    super("history");
    this.influx = influx;
    this.zones = zones;
  }

  @Override
  public List<Route> routes() {
    return List.of(Route.of(HttpMethod.GET, "/sites/{site}/history", Role.ALL, this::history));
  }

  static Instant[] period(ApiRequest req) {
    Instant from = Instant.parse(req.query("from"));
    Instant to = Instant.parse(req.query("to"));
    if (!to.isAfter(from)) {
      throw ApiException.invalid("to", "必须晚于 from", "must be after from");
    }
    if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
      throw ApiException.invalid("to", "时间段最长 3 年", "the period may span at most 3 years");
    }
    return new Instant[] {from, to};
  }

  static Duration step(ApiRequest req) {
    try {
      Duration d = Duration.parse(req.query("step"));
      if (d.compareTo(Duration.ofMinutes(1)) < 0) {
        throw ApiException.invalid("step", "最小 1 分钟", "must be at least PT1M");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          "step", "应为 ISO-8601 时长，如 PT1H", "expected an ISO-8601 duration such as PT1H or P1D");
    }
  }

  private Future<ApiReply> history(ApiRequest req) {
    if (influx == null) {
      return Future.failedFuture(notConfigured());
    }
    Instant[] p = period(req);
    Duration step = step(req);
    String measurement = req.query("measurement");
    String level = req.query("level");
    String field =
        measurement.equals("performance")
            ? (req.query("field") == null ? "actual" : req.query("field"))
            : "value";
    String aggregate =
        measurement.equals("performance") && !field.equals("actual") ? "last" : "sum";
    ZoneId zone = zones.apply(req.pathParam("site"));
    Future<JsonObject> f =
        influx
            .series(
                measurement,
                field,
                aggregate,
                req.pathParam("site"),
                level == null ? "seu" : level,
                req.query("id"),
                req.query("metric"),
                p[0],
                p[1],
                step,
                zone,
                measurement.equals("performance") ? req.query("baseline") : null)
            .map(
                buckets -> {
                  JsonArray points = new JsonArray();
                  buckets.forEach(
                      b -> points.add(new JsonArray().add(b.start().toString()).add(b.value())));
                  return new JsonObject()
                      .put("site", req.pathParam("site"))
                      .put("measurement", measurement)
                      .put("id", req.query("id"))
                      .put("field", field)
                      .put("aggregate", aggregate)
                      .put("from", p[0].toString())
                      .put("to", p[1].toString())
                      .put("step", step.toString())
                      .put("window", InfluxHistory.windowFor(step))
                      .put("timeZone", zone.getId())
                      .put("points", points);
                });
    return f.map(ApiReply::ok);
  }

  public static ApiException notConfigured() {
    return new ApiException(
        503,
        "influx.not_configured",
        "未配置 InfluxDB（CARBONWATCH_INFLUX_URL）",
        "InfluxDB is not configured (CARBONWATCH_INFLUX_URL)");
  }
}
