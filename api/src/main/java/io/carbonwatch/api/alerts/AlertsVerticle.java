package io.carbonwatch.api.alerts;

import static io.carbonwatch.api.auth.Role.ADMIN;
import static io.carbonwatch.api.auth.Role.ENGINEER;
import static io.carbonwatch.api.auth.Role.OPERATOR;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Alert console routes: list, detail with history, lifecycle transitions. */
public final class AlertsVerticle extends RouteGroupVerticle {
  private final AlertService alerts;

  public AlertsVerticle(AlertService alerts) {
    super("alerts");
    this.alerts = alerts;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.of(HttpMethod.GET, "/sites/{site}/alerts", Role.ALL, this::list),
        Route.of(HttpMethod.GET, "/sites/{site}/alerts/{id}", Role.ALL, this::get),
        Route.of(
            HttpMethod.POST,
            "/sites/{site}/alerts/{id}/transitions",
            Set.of(OPERATOR, ENGINEER, ADMIN),
            this::transition));
  }

  private Future<ApiReply> list(ApiRequest req) {
    String limit = req.query("limit");
    return alerts
        .listEncoded(
            req.pathParam("site"),
            req.query("state"),
            req.query("severity"),
            req.query("condition"),
            limit == null ? 50 : Integer.parseInt(limit),
            req.query("cursor"))
        .map(ApiReply::encoded);
  }

  private Future<ApiReply> get(ApiRequest req) {
    return alerts.get(req.pathParam("site"), id(req)).map(ApiReply::ok);
  }

  private Future<ApiReply> transition(ApiRequest req) {
    return alerts
        .transition(req.principal(), req.pathParam("site"), id(req), req.json())
        .map(ApiReply::ok);
  }

  private static UUID id(ApiRequest req) {
    try {
      return UUID.fromString(req.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("id", "应为 UUID", "expected a UUID");
    }
  }
}
