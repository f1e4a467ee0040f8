package io.carbonwatch.api.baselines;

import static io.carbonwatch.api.auth.Role.ADMIN;
import static io.carbonwatch.api.auth.Role.ENGINEER;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;

/** Baseline fitting, approval and version history. */
public final class BaselinesVerticle extends RouteGroupVerticle {
  private final BaselineService baselines;

  public BaselinesVerticle(BaselineService baselines) {
    super("baselines");
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

  private Future<ApiReply> fit(ApiRequest req) {
    return baselines.fit(req.principal(), req.pathParam("site"), req.json()).map(ApiReply::ok);
  }

  private Future<ApiReply> list(ApiRequest req) {
    return baselines.versions(req.pathParam("site"), null).map(ApiReply::ok);
  }

  private Future<ApiReply> versions(ApiRequest req) {
    return baselines.versions(req.pathParam("site"), req.pathParam("baselineId")).map(ApiReply::ok);
  }

  private Future<ApiReply> approve(ApiRequest req) {
    return baselines
        .approve(req.principal(), req.pathParam("site"), req.pathParam("baselineId"), req.json())
        .map(ApiReply::created);
  }
}
