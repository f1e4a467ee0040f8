package io.carbonwatch.api.reports;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.Http;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroup;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/** The carbon inventory report as JSON or CSV. */
public final class InventoryRoutes implements RouteGroup {
  private final InventoryService inventory;

  public InventoryRoutes(InventoryService inventory) {
    this.inventory = inventory;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.of(HttpMethod.GET, "/sites/{site}/reports/inventory", Role.ALL, this::get));
  }

  private void get(RoutingContext ctx) {
    String site = ctx.pathParam("site");
    Instant from = Instant.parse(Http.query(ctx, "from"));
    Instant to = Instant.parse(Http.query(ctx, "to"));
    if ("csv".equals(Http.query(ctx, "format"))) {
      inventory
          .inventory(site, from, to)
          .onFailure(ctx::fail)
          .onSuccess(
              inv ->
                  ctx.response()
                      .putHeader("Content-Type", "text/csv; charset=utf-8")
                      .putHeader(
                          "Content-Disposition",
                          "attachment; filename=\"inventory-"
                              + site
                              + "-"
                              + from.toString().substring(0, 10)
                              + ".csv\"")
                      .end(InventoryService.csv(inv)));
      return;
    }
    Http.respond(ctx, inventory.inventory(site, from, to));
  }
}
