package io.carbonwatch.api.calibration;

import static io.carbonwatch.api.auth.Role.ADMIN;
import static io.carbonwatch.api.auth.Role.TECHNICIAN;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.Http;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroup;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/** Instrument ledger, calibration checks and the GB 17167 reports. */
public final class CalibrationRoutes implements RouteGroup {
  private final CalibrationService calibration;

  public CalibrationRoutes(CalibrationService calibration) {
    this.calibration = calibration;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.of(HttpMethod.GET, "/sites/{site}/instruments", Role.ALL, this::list),
        Route.of(HttpMethod.GET, "/sites/{site}/instruments/{instrumentId}", Role.ALL, this::get),
        Route.of(
            HttpMethod.POST,
            "/sites/{site}/instruments/{instrumentId}/calibrations",
            Set.of(TECHNICIAN, ADMIN),
            this::record),
        Route.of(HttpMethod.GET, "/sites/{site}/reports/calibration-due", Role.ALL, this::due),
        Route.of(
            HttpMethod.GET, "/sites/{site}/reports/equipping-rate", Role.ALL, this::equipping));
  }

  private void list(RoutingContext ctx) {
    Http.respond(ctx, calibration.list(ctx.pathParam("site")));
  }

  private void get(RoutingContext ctx) {
    Http.respond(ctx, calibration.get(ctx.pathParam("site"), ctx.pathParam("instrumentId")));
  }

  private void record(RoutingContext ctx) {
    Http.respond(
        ctx,
        201,
        calibration.record(
            Http.principal(ctx),
            ctx.pathParam("site"),
            ctx.pathParam("instrumentId"),
            Http.body(ctx)));
  }

  private void due(RoutingContext ctx) {
    String within = Http.query(ctx, "withinDays");
    Http.respond(
        ctx,
        calibration.dueList(ctx.pathParam("site"), within == null ? 30 : Integer.parseInt(within)));
  }

  private void equipping(RoutingContext ctx) {
    Http.respond(ctx, calibration.equippingRate(ctx.pathParam("site")));
  }
}
