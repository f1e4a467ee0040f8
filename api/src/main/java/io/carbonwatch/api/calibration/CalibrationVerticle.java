package io.carbonwatch.api.calibration;

import static io.carbonwatch.api.auth.Role.ADMIN;
import static io.carbonwatch.api.auth.Role.TECHNICIAN;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;

/** Instrument ledger, calibration checks and the GB 17167 reports. */
public final class CalibrationVerticle extends RouteGroupVerticle {
  private final CalibrationService calibration;

  public CalibrationVerticle(CalibrationService calibration) {
    super("calibration");
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

  private Future<ApiReply> list(ApiRequest req) {
    return calibration.list(req.pathParam("site")).map(ApiReply::ok);
  }

  private Future<ApiReply> get(ApiRequest req) {
    return calibration.get(req.pathParam("site"), req.pathParam("instrumentId")).map(ApiReply::ok);
  }

  private Future<ApiReply> record(ApiRequest req) {
    return calibration
        .record(req.principal(), req.pathParam("site"), req.pathParam("instrumentId"), req.json())
        .map(ApiReply::created);
  }

  private Future<ApiReply> due(ApiRequest req) {
    String within = req.query("withinDays");
    return calibration
        .dueList(req.pathParam("site"), within == null ? 30 : Integer.parseInt(within))
        .map(ApiReply::ok);
  }

  private Future<ApiReply> equipping(ApiRequest req) {
    return calibration.equippingRate(req.pathParam("site")).map(ApiReply::ok);
  }
}
