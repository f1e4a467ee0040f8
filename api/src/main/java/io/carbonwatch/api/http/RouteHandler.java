package io.carbonwatch.api.http;

import io.vertx.core.Future;

/** A route's handler inside its group verticle: parse, call a service, map to a reply. */
@FunctionalInterface
public interface RouteHandler {
  Future<ApiReply> handle(ApiRequest request);
}
