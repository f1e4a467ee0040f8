package io.carbonwatch.api.alerts;

import static io.carbonwatch.api.auth.Role.ADMIN;
import static io.carbonwatch.api.auth.Role.ENGINEER;
import static io.carbonwatch.api.auth.Role.OPERATOR;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.api.http.Http;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroup;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Alert console routes: list, detail with history, lifecycle transitions. */
public final class AlertRoutes implements RouteGroup {
  private final AlertService alerts;

  public AlertRoutes(AlertService alerts) {
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

  private void list(RoutingContext ctx) {
    String limit = Http.query(ctx, "limit");
    Http.respondEncoded(
        ctx,
        alerts.listEncoded(
            ctx.pathParam("site"),
            Http.query(ctx, "state"),
            Http.query(ctx, "severity"),
            Http.query(ctx, "condition"),
            limit == null ? 50 : Integer.parseInt(limit),
            Http.query(ctx, "cursor")));
  }

  private void get(RoutingContext ctx) {
    Http.respond(ctx, alerts.get(ctx.pathParam("site"), id(ctx)));
  }

  private void transition(RoutingContext ctx) {
    Http.respond(
        ctx,
        alerts.transition(Http.principal(ctx), ctx.pathParam("site"), id(ctx), Http.body(ctx)));
  }

  private static UUID id(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("id", "应为 UUID", "expected a UUID");
    }
  }
}
