package io.carbonwatch.api.http;

import io.carbonwatch.api.auth.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** Small helpers shared by route handlers: principal lookup and mapping results to responses. */
public final class Http {
  public static final String PRINCIPAL = "cw.principal";

  private Http() {}

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** The validated JSON body (validation has already run, so this cannot fail on syntax). */
  public static JsonObject body(RoutingContext ctx) {
    return ctx.body().asJsonObject();
  }

  public static <T> void respond(RoutingContext ctx, Future<T> result) {
    respond(ctx, 200, result);
  }

  public static <T> void respond(RoutingContext ctx, int status, Future<T> result) {
    result.onComplete(
        ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else if (!ctx.response().ended()) {
            Object v = ar.result();
            if (v == null) {
              ctx.response().setStatusCode(204).end();
            } else {
              ctx.response()
                  .setStatusCode(status)
                  .putHeader("Content-Type", "application/json; charset=utf-8")
                  .end(io.vertx.core.json.Json.encodeToBuffer(v));
            }
          }
        });
  }

  /** Sends JSON that is already encoded. */
  public static void respondEncoded(
      RoutingContext ctx, Future<io.vertx.core.buffer.Buffer> result) {
    result.onComplete(
        ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else if (!ctx.response().ended()) {
            ctx.response()
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(ar.result());
          }
        });
  }

  public static <T, R> void respond(RoutingContext ctx, Future<T> result, Function<T, R> mapper) {
    respond(ctx, result.map(mapper));
  }

  public static String pathParam(RoutingContext ctx, String name) {
    return ctx.pathParam(name);
  }

  public static String query(RoutingContext ctx, String name) {
    var l = ctx.queryParam(name);
    return l.isEmpty() ? null : l.get(0);
  }
}
