package io.carbonwatch.api.notify;

import static io.carbonwatch.api.auth.Role.ADMIN;
import static io.carbonwatch.api.auth.Role.ENGINEER;
import static io.carbonwatch.api.auth.Role.OPERATOR;

import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;

/** Notification rules per site and the delivery log. */
public final class NotificationsVerticle extends RouteGroupVerticle {
  private final NotificationService notifications;

  public NotificationsVerticle(NotificationService notifications) {
    super("notifications");
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

  private Future<ApiReply> list(ApiRequest req) {
    return notifications.list(req.pathParam("site")).map(ApiReply::ok);
  }

  private Future<ApiReply> create(ApiRequest req) {
    return notifications
        .create(req.principal(), req.pathParam("site"), req.json())
        .map(ApiReply::created);
  }

  private Future<ApiReply> disable(ApiRequest req) {
    return notifications
        .disable(req.pathParam("site"), Long.parseLong(req.pathParam("ruleId")))
        .map(ApiReply::ok);
  }

  private Future<ApiReply> deliveries(ApiRequest req) {
    String limit = req.query("limit");
    return notifications
        .deliveries(req.pathParam("site"), limit == null ? 100 : Integer.parseInt(limit))
        .map(ApiReply::ok);
  }
}
