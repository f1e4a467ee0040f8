package io.carbonwatch.api.notify;

import static io.carbonwatch.api.auth.Role.ADMIN;
import static io.carbonwatch.api.auth.Role.ENGINEER;
import static io.carbonwatch.api.auth.Role.OPERATOR;

import io.carbonwatch.api.http.Http;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroup;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/** Notification rules per site and the delivery log. */
public final class NotificationRoutes implements RouteGroup {
  private final NotificationService notifications;

  public NotificationRoutes(NotificationService notifications) {
    this.notifications = notifications;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.of(
            HttpMethod.GET,
            "/sites/{site}/notification-rules",
            Set.of(OPERATOR, ENGINEER, ADMIN),
            this::list),
        Route.of(
            HttpMethod.POST,
            "/sites/{site}/notification-rules",
            Set.of(ENGINEER, ADMIN),
            this::create),
        Route.of(
            HttpMethod.DELETE,
            "/sites/{site}/notification-rules/{ruleId}",
            Set.of(ENGINEER, ADMIN),
            this::disable),
        Route.of(
            HttpMethod.GET,
            "/sites/{site}/notification-deliveries",
            Set.of(OPERATOR, ENGINEER, ADMIN),
            this::deliveries));
  }

  private void list(RoutingContext ctx) {
    Http.respond(ctx, notifications.list(ctx.pathParam("site")));
  }

  private void create(RoutingContext ctx) {
    Http.respond(
        ctx, 201, notifications.create(Http.principal(ctx), ctx.pathParam("site"), Http.body(ctx)));
  }

  private void disable(RoutingContext ctx) {
    Http.respond(
        ctx, notifications.disable(ctx.pathParam("site"), Long.parseLong(ctx.pathParam("ruleId"))));
  }

  private void deliveries(RoutingContext ctx) {
    String limit = Http.query(ctx, "limit");
    Http.respond(
        ctx,
        notifications.deliveries(
            ctx.pathParam("site"), limit == null ? 100 : Integer.parseInt(limit)));
  }
}
