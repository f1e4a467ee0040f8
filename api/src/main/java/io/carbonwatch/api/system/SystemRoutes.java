package io.carbonwatch.api.system;

import io.carbonwatch.api.audit.AuditChain;
import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.Http;
import io.carbonwatch.api.http.OpenApiValidator;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroup;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Health, readiness, metrics, the contract and the audit-chain check. */
public final class SystemRoutes implements RouteGroup {
  private final Pool pool;
  private final PrometheusMeterRegistry registry;
  private final OpenApiValidator contract;
  private final AuditChain audit;
  private final BooleanSupplier mqttConnected;

  public SystemRoutes(
      Pool pool,
      PrometheusMeterRegistry registry,
      OpenApiValidator contract,
      AuditChain audit,
      BooleanSupplier mqttConnected) {
    this.pool = pool;
    this.registry = registry;
    this.contract = contract;
    this.audit = audit;
    this.mqttConnected = mqttConnected;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.of(HttpMethod.GET, "/health", Set.of(), this::health),
        Route.of(HttpMethod.GET, "/ready", Set.of(), this::ready),
        Route.of(HttpMethod.GET, "/openapi.yaml", Set.of(), this::openapi),
        Route.of(HttpMethod.GET, "/metrics", Set.of(Role.ADMIN), this::metrics),
        Route.of(HttpMethod.GET, "/audit/verify", Set.of(Role.ADMIN, Role.ENGINEER), this::verify));
  }

  private void health(RoutingContext ctx) {
    Http.respond(ctx, Future.succeededFuture(new JsonObject().put("status", "up")));
  }

  private void ready(RoutingContext ctx) {
    pool.query("SELECT 1")
        .execute()
        .map(rs -> true)
        .otherwise(false)
        .onSuccess(
            db -> {
              boolean mqtt = mqttConnected.getAsBoolean();
              boolean ok = db && mqtt;
              ctx.response()
                  .setStatusCode(ok ? 200 : 503)
                  .putHeader("Content-Type", "application/json; charset=utf-8")
                  .end(
                      new JsonObject()
                          .put("status", ok ? "ready" : "not_ready")
                          .put("postgres", db)
                          .put("mqtt", mqtt)
                          .encode());
            });
  }

  private void openapi(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8")
        .end(contract.text());
  }

  private void metrics(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape());
  }

  private void verify(RoutingContext ctx) {
    Http.respond(ctx, audit.verify());
  }
}
