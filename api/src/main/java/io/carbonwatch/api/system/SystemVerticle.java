package io.carbonwatch.api.system;

import io.carbonwatch.api.audit.AuditChain;
import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.OpenApiValidator;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Health, readiness, metrics, the contract and the audit-chain check. */
public final class SystemVerticle extends RouteGroupVerticle {
  private final Pool pool;
  private final PrometheusMeterRegistry registry;
  private final OpenApiValidator contract;
  private final AuditChain audit;
  private final BooleanSupplier mqttConnected;

  public SystemVerticle(
      Pool pool,
      PrometheusMeterRegistry registry,
      OpenApiValidator contract,
      AuditChain audit,
      BooleanSupplier mqttConnected) {
    super("system");
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

  private Future<ApiReply> health(ApiRequest req) {
    return Future.succeededFuture(ApiReply.ok(new JsonObject().put("status", "up")));
  }

  private Future<ApiReply> ready(ApiRequest req) {
    return pool.query("SELECT 1")
        .execute()
        .map(rs -> true)
        .otherwise(false)
        .map(
            db -> {
              boolean mqtt = mqttConnected.getAsBoolean();
              boolean ok = db && mqtt;
              return ApiReply.json(
                  ok ? 200 : 503,
                  new JsonObject()
                      .put("status", ok ? "ready" : "not_ready")
                      .put("postgres", db)
                      .put("mqtt", mqtt));
            });
  }

  private Future<ApiReply> openapi(ApiRequest req) {
    return Future.succeededFuture(
        ApiReply.text("application/yaml; charset=utf-8", contract.text()));
  }

  private Future<ApiReply> metrics(ApiRequest req) {
    return Future.succeededFuture(
        ApiReply.text("text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
  }

  private Future<ApiReply> verify(ApiRequest req) {
    return audit.verify().map(ApiReply::ok);
  }
}
