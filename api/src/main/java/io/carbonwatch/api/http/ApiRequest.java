package io.carbonwatch.api.http;

import io.carbonwatch.api.auth.Principal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;

/**
 * A request the gateway has already authenticated, authorised and validated against the contract,
 * as a route group's handler sees it. It crosses the event bus by reference ({@link LocalCodec}),
 * so it is immutable: the maps are copies and the body buffer is owned by this request once the
 * gateway hands it over.
 *
 * @param routePath the route template in OpenAPI form ({@code /sites/{site}/alerts}), which picks
 *     the handler inside the group
 * @param query first value of each query parameter (the contract allows each at most once)
 * @param body the raw request body, null when there is none
 * @param principal the caller; null on public routes
 * @param remoteAddress the client's IP address, {@code "?"} when unknown
 * @param cookies request cookies by name
 */
public record ApiRequest(
    HttpMethod method,
    String routePath,
    Map<String, String> pathParams,
    Map<String, String> query,
    Buffer body,
    Principal principal,
    String remoteAddress,
    Map<String, String> cookies) {

  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(routePath, "routePath");
    pathParams = Map.copyOf(pathParams);
    query = Map.copyOf(query);
    remoteAddress = remoteAddress == null ? "?" : remoteAddress;
    cookies = Map.copyOf(cookies);
  }

  /** A request without HTTP, e.g. to test a handler directly. */
  public static ApiRequest of(
      HttpMethod method,
      String routePath,
      Map<String, String> pathParams,
      Map<String, String> query,
      JsonObject body,
      Principal principal) {
    return new ApiRequest(
        method,
        routePath,
        pathParams,
        query,
        body == null ? null : body.toBuffer(),
        principal,
        "127.0.0.1",
        Map.of());
  }

  /** The key a group dispatches on: {@code "GET /sites/{site}/alerts"}. */
  public String routeKey() {
    return Route.key(method, routePath);
  }

  public String pathParam(String name) {
    return pathParams.get(name);
  }

  public String query(String name) {
    return query.get(name);
  }

  public String cookie(String name) {
    return cookies.get(name);
  }

  /**
   * The body as JSON; the gateway validated it against the contract, so syntax errors cannot occur
   * on routes that take a body. Decoded on each call, in the group's context.
   */
  public JsonObject json() {
    return body == null || body.length() == 0 ? null : new JsonObject(body);
  }
}
