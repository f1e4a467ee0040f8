package io.carbonwatch.api.history;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.api.http.Http;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroup;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * History of meters, SEUs, sources, sites, variables and performance parameters: always a bounded
 * period and a step, downsampled in InfluxDB to at most {@link InfluxHistory#MAX_POINTS} points.
 */
public final class HistoryRoutes implements RouteGroup {
  private static final Duration MAX_PERIOD = Duration.ofDays(3 * 366);
  private final InfluxHistory influx;

  public HistoryRoutes(InfluxHistory influx) {
    this.influx = influx;
  }

  @Override
  public List<Route> routes() {
    return List.of(Route.of(HttpMethod.GET, "/sites/{site}/history", Role.ALL, this::history));
  }

  static Instant[] period(RoutingContext ctx) {
    Instant from = Instant.parse(Http.query(ctx, "from"));
    Instant to = Instant.parse(Http.query(ctx, "to"));
    if (!to.isAfter(from)) {
      throw ApiException.invalid("to", "必须晚于 from", "must be after from");
    }
    if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
      throw ApiException.invalid("to", "时间段最长 3 年", "the period may span at most 3 years");
    }
    return new Instant[] {from, to};
  }

  static Duration step(RoutingContext ctx) {
    try {
      Duration d = Duration.parse(Http.query(ctx, "step"));
      if (d.compareTo(Duration.ofMinutes(1)) < 0) {
        throw ApiException.invalid("step", "最小 1 分钟", "must be at least PT1M");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          "step", "应为 ISO-8601 时长，如 PT1H", "expected an ISO-8601 duration such as PT1H or P1D");
    }
  }

  private void history(RoutingContext ctx) {
    if (influx == null) {
      ctx.fail(notConfigured());
      return;
    }
    Instant[] p = period(ctx);
    Duration step = step(ctx);
    String measurement = Http.query(ctx, "measurement");
    String level = Http.query(ctx, "level");
    String field =
        measurement.equals("performance")
            ? (Http.query(ctx, "field") == null ? "actual" : Http.query(ctx, "field"))
            : "value";
    String aggregate =
        measurement.equals("performance") && !field.equals("actual") ? "last" : "sum";
    Future<JsonObject> f =
        influx
            .series(
                measurement,
                field,
                aggregate,
                ctx.pathParam("site"),
                level == null ? "seu" : level,
                Http.query(ctx, "id"),
                Http.query(ctx, "metric"),
                p[0],
                p[1],
                step)
            .map(
                buckets -> {
                  JsonArray points = new JsonArray();
                  buckets.forEach(
                      b -> points.add(new JsonArray().add(b.start().toString()).add(b.value())));
                  return new JsonObject()
                      .put("site", ctx.pathParam("site"))
                      .put("measurement", measurement)
                      .put("id", Http.query(ctx, "id"))
                      .put("field", field)
                      .put("aggregate", aggregate)
                      .put("from", p[0].toString())
                      .put("to", p[1].toString())
                      .put("step", step.toString())
                      .put("window", InfluxHistory.windowFor(step))
                      .put("points", points);
                });
    Http.respond(ctx, f);
  }

  public static ApiException notConfigured() {
    return new ApiException(
        503,
        "influx.not_configured",
        "未配置 InfluxDB（CARBONWATCH_INFLUX_URL）",
        "InfluxDB is not configured (CARBONWATCH_INFLUX_URL)");
  }
}
