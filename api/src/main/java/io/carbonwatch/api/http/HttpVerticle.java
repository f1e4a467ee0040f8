package io.carbonwatch.api.http;

import io.carbonwatch.api.ApiConfig;
import io.carbonwatch.api.auth.AuthService;
import io.carbonwatch.api.auth.Principal;
import io.carbonwatch.api.auth.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP gateway: owns the HTTP server, body limits, the one guard every route passes —
 * authenticate, CSRF for cookie sessions, role, site scope, validation against the OpenAPI contract
 * — and the error mapping. A request that passes is forwarded as an {@link ApiRequest} over the
 * local event bus to its route group's verticle ({@link RouteGroupVerticle}); the {@link ApiReply}
 * is written back, or, for a streaming reply (SSE), the response stays open and carries the frames
 * the group publishes. Deployed once per event loop.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final ApiConfig config;
  public static final String PRINCIPAL = "cw.principal";

  /** A route of the table and the address of the group verticle that handles it. */
  public record Mounted(Route route, String group, String address) {}

  private final List<Mounted> routes;
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
      List<Mounted> routes,
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
    this.hop =
        new DeliveryOptions().setLocalOnly(true).setSendTimeout(config.routeTimeout().toMillis());
  }

  private final DeliveryOptions hop;

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
    for (Mounted m : routes) {
      router.route(m.route().method(), m.route().vertxPath()).handler(ctx -> guard(m, ctx));
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

  /** The event-loop context this gateway instance runs on; null before deployment. */
  public io.vertx.core.Context gatewayContext() {
    return context;
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

  private void guard(Mounted mounted, RoutingContext ctx) {
    Route route = mounted.route();
    ctx.put("cw.route", route.path());
    if (route.isPublic()) {
      validateThenForward(mounted, ctx);
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
              ctx.put(PRINCIPAL, p);
              ApiException refusal = refusal(route, ctx, p);
              if (refusal != null) {
                ctx.fail(refusal);
              } else {
                validateThenForward(mounted, ctx);
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

  private void validateThenForward(Mounted mounted, RoutingContext ctx) {
    try {
      contract.validate(mounted.route(), ctx);
    } catch (ApiException e) {
      ctx.fail(e);
      return;
    }
    ApiRequest request = toRequest(mounted.route(), ctx);
    vertx
        .eventBus()
        .<Object>request(mounted.address(), request, hop)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ctx.fail(hopFailure(mounted, ar.cause()));
                return;
              }
              Object body = ar.result().body();
              if (body instanceof ApiFailure f) {
                ctx.fail(f.cause());
                return;
              }
              ApiReply reply = (ApiReply) body;
              if (reply.stream() != null) {
                stream(ctx, reply);
              } else if (!ctx.response().ended() && !ctx.response().closed()) {
                write(ctx, reply);
              }
            });
  }

  private static ApiRequest toRequest(Route route, RoutingContext ctx) {
    Map<String, String> query = new HashMap<>();
    for (Map.Entry<String, String> e : ctx.queryParams()) {
      query.putIfAbsent(e.getKey(), e.getValue());
    }
    Map<String, String> cookies = new HashMap<>();
    for (Cookie c : ctx.request().cookies()) {
      cookies.putIfAbsent(c.getName(), c.getValue());
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    return new ApiRequest(
        route.method(),
        route.path(),
        ctx.pathParams(),
        query,
        body == null || body.length() == 0 ? null : body,
        ctx.get(PRINCIPAL),
        ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress(),
        cookies);
  }

  /**
   * The hop failed, not the handler: no group verticle listens (undeployed, or not yet deployed) or
   * it did not answer within {@code routeTimeout}.
   */
  private ApiException hopFailure(Mounted mounted, Throwable t) {
    ReplyFailure type = t instanceof ReplyException re ? re.failureType() : null;
    if (type == ReplyFailure.TIMEOUT) {
      long seconds = Math.max(1, config.routeTimeout().toSeconds());
      return new ApiException(
          504,
          "api.timeout",
          "处理超时：" + mounted.group() + " 在 " + seconds + " 秒内未答复，请稍后重试",
          "Timed out: "
              + mounted.group()
              + " did not answer within "
              + seconds
              + " s; try again later");
    }
    if (type == ReplyFailure.NO_HANDLERS) {
      return new ApiException(
          503,
          "api.unavailable",
          "服务暂不可用：" + mounted.group() + " 模块未运行，请稍后重试",
          "Service unavailable: the "
              + mounted.group()
              + " module is not running; try again later");
    }
    LOG.error("Event-bus hop to {} failed", mounted.address(), t);
    return new ApiException(500, "internal", "服务器内部错误", "Internal server error");
  }

  private static void write(RoutingContext ctx, ApiReply reply) {
    HttpServerResponse res = ctx.response().setStatusCode(reply.status());
    reply.headers().forEach(res::putHeader);
    if (reply.body() == null) {
      res.end();
    } else {
      res.end(reply.body());
    }
  }

  /**
   * Keeps the response open and writes the frames the group publishes. The group owns what goes out
   * (it filters and renders); the gateway owns the connection: keep-alive pings and dropping
   * superseded live samples for a client whose TCP write queue is full.
   */
  private void stream(RoutingContext ctx, ApiReply reply) {
    HttpServerResponse res = ctx.response();
    if (res.closed() || res.ended()) {
      // The client left while the group opened the stream: let the group forget it at once.
      vertx.eventBus().send(reply.stream().closed(), reply.stream().frames());
      return;
    }
    res.setChunked(true).setStatusCode(reply.status());
    reply.headers().forEach(res::putHeader);
    res.write(reply.body());
    MessageConsumer<String> consumer =
        vertx
            .eventBus()
            .<String>localConsumer(
                reply.stream().frames(),
                m -> {
                  String frame = m.body();
                  if (res.writeQueueFull() && frame.startsWith("event: live")) {
                    return;
                  }
                  res.write(frame);
                });
    long ping = vertx.setPeriodic(15_000, t -> res.write(": ping\n\n"));
    AtomicBoolean open = new AtomicBoolean(true);
    Handler<Void> closed =
        v -> {
          if (open.compareAndSet(true, false)) {
            consumer.unregister();
            vertx.cancelTimer(ping);
            vertx.eventBus().send(reply.stream().closed(), reply.stream().frames());
          }
        };
    res.closeHandler(closed);
    if (res.closed()) {
      closed.handle(null);
    }
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
