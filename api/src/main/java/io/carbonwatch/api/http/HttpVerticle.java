package io.carbonwatch.api.http;

import io.carbonwatch.api.ApiConfig;
import io.carbonwatch.api.auth.AuthService;
import io.carbonwatch.api.auth.Principal;
import io.carbonwatch.api.auth.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: one router assembled from the route groups, with the same guard on every route —
 * authenticate, CSRF for cookie sessions, role, site scope, then validation against the OpenAPI
 * contract — before the group's handler runs. Deployed once per event loop.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final ApiConfig config;
  private final List<Route> routes;
  private final AuthService auth;
  private final OpenApiValidator contract;
  private final MeterRegistry registry;
  private final AtomicInteger boundPort;
  private HttpServer server;
  // Meter lookup by tags allocates; this keeps the per-request cost to one map hit.
  private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers =
      new java.util.concurrent.ConcurrentHashMap<>();

  public HttpVerticle(
      ApiConfig config,
      List<Route> routes,
      AuthService auth,
      OpenApiValidator contract,
      MeterRegistry registry,
      AtomicInteger boundPort) {
    this.config = config;
    this.routes = routes;
    this.auth = auth;
    this.contract = contract;
    this.registry = registry;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(this::measure);
    router
        .route()
        .handler(
            BodyHandler.create(false)
                .setBodyLimit(config.maxBodyBytes())
                .setHandleFileUploads(false));
    for (Route r : routes) {
      router.route(r.method(), r.vertxPath()).handler(ctx -> guard(r, ctx));
    }
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(true));
    router.route().last().handler(ctx -> ctx.fail(ApiException.notFound(ctx.normalizedPath())));
    router.route().failureHandler(this::onFailure);
    router.errorHandler(413, this::onFailure);
    router.errorHandler(405, this::onFailure);
    router.errorHandler(404, this::onFailure);
    router.errorHandler(500, this::onFailure);
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setMaxHeaderSize(16 * 1024)
                .setMaxInitialLineLength(8 * 1024)
                // No h2c: an upgraded SSE stream fails inside Vert.x's HTTP/2 response
                // (ClassCastException in handleException); clients that offer the upgrade (Java's
                // HttpClient does by default) then simply stay on HTTP/1.1.
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(true));
    return server
        .requestHandler(router)
        .listen()
        .onSuccess(s -> boundPort.compareAndSet(0, s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void measure(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(
        v -> {
          // Route template, not the raw path: keeps the tag's cardinality bounded.
          Object template = ctx.get("cw.route");
          String route = template == null ? "unmatched" : template.toString();
          String method = ctx.request().method().name();
          int status = ctx.response().getStatusCode();
          timers
              .computeIfAbsent(
                  method + ' ' + route + ' ' + status,
                  k ->
                      Timer.builder("api.http.requests")
                          .description(
                              "HTTP requests handled by the API, by route template and status")
                          .tag("method", method)
                          .tag("route", route)
                          .tag("status", Integer.toString(status))
                          .register(registry))
              .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        });
    ctx.next();
  }

  private void guard(Route route, RoutingContext ctx) {
    ctx.put("cw.route", route.path());
    if (route.isPublic()) {
      validateThenHandle(route, ctx);
      return;
    }
    String bearer = null;
    String authz = ctx.request().getHeader("Authorization");
    if (authz != null) {
      if (!authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
        ctx.fail(ApiException.unauthenticated());
        return;
      }
      bearer = authz.substring(7).trim();
    }
    Cookie cookie = ctx.request().getCookie(AuthService.SESSION_COOKIE);
    String session = bearer == null && cookie != null ? cookie.getValue() : null;
    auth.authenticate(bearer, session)
        .onFailure(ctx::fail)
        .onSuccess(
            p -> {
              ctx.put(Http.PRINCIPAL, p);
              ApiException refusal = refusal(route, ctx, p);
              if (refusal != null) {
                ctx.fail(refusal);
              } else {
                validateThenHandle(route, ctx);
              }
            });
  }

  private static ApiException refusal(Route route, RoutingContext ctx, Principal p) {
    if (p.viaSession() && route.stateChanging()) {
      String sent = ctx.request().getHeader("X-CSRF-Token");
      if (sent == null
          || !MessageDigest.isEqual(
              sent.getBytes(StandardCharsets.UTF_8),
              p.csrfToken().getBytes(StandardCharsets.UTF_8))) {
        return new ApiException(
            403,
            "auth.csrf",
            "缺少或错误的 CSRF 令牌（X-CSRF-Token）",
            "Missing or wrong CSRF token (X-CSRF-Token header)");
      }
    }
    if (!p.hasAnyRole(route.roles())) {
      return ApiException.forbiddenRole(
          route.roles().stream()
              .map(Role::wire)
              .collect(Collectors.toCollection(TreeSet::new))
              .toString());
    }
    switch (route.scope()) {
      case SITE -> {
        String site = ctx.pathParam("site");
        if (site == null || !p.canAccessSite(site)) {
          return ApiException.forbiddenSite(site);
        }
      }
      case GLOBAL -> {
        if (!p.sites().contains(Principal.ALL_SITES)) {
          return ApiException.forbiddenSite("*");
        }
      }
      case SELF -> {}
    }
    return null;
  }

  private void validateThenHandle(Route route, RoutingContext ctx) {
    try {
      contract.validate(route, ctx);
    } catch (ApiException e) {
      ctx.fail(e);
      return;
    }
    route.handler().handle(ctx);
  }

  private void onFailure(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    Throwable t = ctx.failure();
    ApiException e;
    if (t instanceof ApiException ae) {
      e = ae;
    } else if (ctx.statusCode() == 413) {
      e =
          new ApiException(
              413,
              "request.too_large",
              "请求体过大，上限 " + config.maxBodyBytes() + " 字节",
              "Request body too large; the limit is " + config.maxBodyBytes() + " bytes",
              "body");
    } else if (ctx.statusCode() == 404) {
      e = ApiException.notFound(ctx.normalizedPath());
    } else if (ctx.statusCode() == 405) {
      e = new ApiException(405, "request.method", "不支持此方法", "Method not allowed");
    } else if (t instanceof io.vertx.pgclient.PgException pg
        && pg.getSqlState() != null
        && pg.getSqlState().startsWith("22")) {
      // Data exceptions (value out of range for a column, …) are the caller's input, not our bug.
      e =
          new ApiException(
              400,
              "request.invalid",
              "请求数据无效：" + pg.getErrorMessage(),
              "Invalid data: " + pg.getErrorMessage());
    } else {
      LOG.error("Unhandled error on {} {}", ctx.request().method(), ctx.request().path(), t);
      e = new ApiException(500, "internal", "服务器内部错误", "Internal server error");
    }
    if (e.status() == 429) {
      ctx.response().putHeader("Retry-After", Long.toString(config.loginWindow().toSeconds()));
    }
    ctx.response()
        .setStatusCode(e.status())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(e.toJson().encode());
  }
}
