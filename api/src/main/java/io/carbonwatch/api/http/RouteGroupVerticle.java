package io.carbonwatch.api.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A route group as its own verticle: it declares its routes (method, path, roles, method-reference
 * handler) and answers the gateway's {@link ApiRequest}s on its event-bus address, on its own
 * context. Security checks, validation and HTTP belong to the gateway ({@link HttpVerticle}); a
 * group only parses, calls its service and maps the result to an {@link ApiReply}.
 *
 * <p>{@link #routes()} must not depend on deployment: the route table is read before the group is
 * deployed (contract check, access-matrix test) and the gateway mounts it from there.
 */
public abstract class RouteGroupVerticle extends VerticleBase {
  public static final String ADDRESS_PREFIX = "cw.api.group.";

  private final String name;
  private final String address;
  private MessageConsumer<ApiRequest> consumer;
  private Map<String, RouteHandler> handlers;

  protected RouteGroupVerticle(String name) {
    this.name = name;
    // Unique per instance: several API servers may share one Vert.x (tests, the demo) and each
    // gateway must reach its own groups.
    this.address = ADDRESS_PREFIX + name + "." + UUID.randomUUID();
  }

  /** Short lower-case name, e.g. {@code alerts}; part of the address and of error messages. */
  public final String name() {
    return name;
  }

  /** The local event-bus address the gateway sends this group's requests to. */
  public final String address() {
    return address;
  }

  public abstract List<Route> routes();

  /** The context the group's handlers run on; null before deployment. */
  public final Context groupContext() {
    return context;
  }

  @Override
  public Future<?> start() {
    Map<String, RouteHandler> byKey = new HashMap<>();
    for (Route r : routes()) {
      if (byKey.put(r.key(), r.handler()) != null) {
        return Future.failedFuture(
            new IllegalStateException(name + ": route " + r.key() + " declared twice"));
      }
    }
    handlers = Map.copyOf(byKey);
    consumer = vertx.eventBus().localConsumer(address(), this::dispatch);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void dispatch(Message<ApiRequest> message) {
    ApiRequest request = message.body();
    RouteHandler handler = handlers.get(request.routeKey());
    Future<ApiReply> reply;
    if (handler == null) {
      // The gateway mounts exactly this group's table, so this is a wiring bug, not bad input.
      reply =
          Future.failedFuture(
              new IllegalStateException(name + " has no route " + request.routeKey()));
    } else {
      try {
        reply = handler.handle(request);
      } catch (RuntimeException e) {
        // Parsing that throws (a malformed id, …) fails the request exactly like a failed future.
        reply = Future.failedFuture(e);
      }
    }
    reply.onComplete(
        ar -> message.reply(ar.succeeded() ? ar.result() : new ApiFailure(ar.cause())));
  }
}
