package io.carbonwatch.api.reports;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The carbon inventory report as JSON or CSV, and the offset records it counts. The CSV is bounded
 * (one row per source, gas and SEU of one site and period), so it travels whole in the reply
 * instead of being streamed.
 */
public final class InventoryVerticle extends RouteGroupVerticle {
  private final InventoryService inventory;
  private final OffsetService offsets;

  public InventoryVerticle(InventoryService inventory, OffsetService offsets) {
    super("inventory");
    this.inventory = inventory;
    this.offsets = offsets;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.of(HttpMethod.GET, "/sites/{site}/reports/inventory", Role.ALL, this::get),
        Route.of(HttpMethod.GET, "/sites/{site}/offsets", Role.ALL, this::listOffsets),
        Route.of(
            HttpMethod.POST,
            "/sites/{site}/offsets",
            Set.of(Role.ENGINEER, Role.ADMIN),
            this::recordOffset),
        Route.of(
            HttpMethod.POST,
            "/sites/{site}/offsets/{offsetId}/withdrawals",
            Set.of(Role.ENGINEER, Role.ADMIN),
            this::withdrawOffset));
  }

  private Future<ApiReply> withdrawOffset(ApiRequest req) {
    return offsets
        .withdraw(
            req.principal(),
            req.pathParam("site"),
            Long.parseLong(req.pathParam("offsetId")),
            req.json())
        .map(ApiReply::created);
  }

  private Future<ApiReply> listOffsets(ApiRequest req) {
    String from = req.query("from");
    String to = req.query("to");
    return offsets
        .list(
            req.pathParam("site"),
            from == null ? null : Instant.parse(from),
            to == null ? null : Instant.parse(to))
        .map(ApiReply::ok);
  }

  private Future<ApiReply> recordOffset(ApiRequest req) {
    return offsets
        .record(req.principal(), req.pathParam("site"), req.json())
        .map(ApiReply::created);
  }

  private Future<ApiReply> get(ApiRequest req) {
    String site = req.pathParam("site");
    Instant from = Instant.parse(req.query("from"));
    Instant to = Instant.parse(req.query("to"));
    if ("csv".equals(req.query("format"))) {
      return inventory
          .inventory(site, from, to)
          .map(
              inv ->
                  ApiReply.text("text/csv; charset=utf-8", InventoryService.csv(inv))
                      .withHeader(
                          "Content-Disposition",
                          "attachment; filename=\"inventory-"
                              + site
                              + "-"
                              + from.toString().substring(0, 10)
                              + ".csv\""));
    }
    return inventory.inventory(site, from, to).map(ApiReply::ok);
  }
}
