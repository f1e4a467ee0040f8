package io.carbonwatch.api.baselines;

import static io.carbonwatch.api.auth.Role.ADMIN;
import static io.carbonwatch.api.auth.Role.ENGINEER;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.Http;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroup;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/** Baseline fitting, approval and version history. */
public final class BaselineRoutes implements RouteGroup {
  private final BaselineService baselines;

  public BaselineRoutes(BaselineService baselines) {
    this.baselines = baselines;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.of(
            HttpMethod.POST, "/sites/{site}/baselines/fit", Set.of(ENGINEER, ADMIN), this::fit),
        Route.of(HttpMethod.GET, "/sites/{site}/baselines", Role.ALL, this::list),
        Route.of(HttpMethod.GET, "/sites/{site}/baselines/{baselineId}", Role.ALL, this::versions),
        Route.of(
            HttpMethod.POST,
            "/sites/{site}/baselines/{baselineId}/versions",
            Set.of(ENGINEER),
            this::approve));
  }

  private void fit(RoutingContext ctx) {
    Http.respond(ctx, baselines.fit(Http.principal(ctx), ctx.pathParam("site"), Http.body(ctx)));
  }

  private void list(RoutingContext ctx) {
    Http.respond(ctx, baselines.versions(ctx.pathParam("site"), null));
  }

  private void versions(RoutingContext ctx) {
    Http.respond(ctx, baselines.versions(ctx.pathParam("site"), ctx.pathParam("baselineId")));
  }

  private void approve(RoutingContext ctx) {
    Http.respond(
        ctx,
        201,
        baselines.approve(
            Http.principal(ctx),
            ctx.pathParam("site"),
            ctx.pathParam("baselineId"),
            Http.body(ctx)));
  }
}
