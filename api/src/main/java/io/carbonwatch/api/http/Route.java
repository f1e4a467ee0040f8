package io.carbonwatch.api.http;

import io.carbonwatch.api.auth.Role;
import io.vertx.core.http.HttpMethod;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of the route table. {@code path} uses the OpenAPI form ({@code /sites/{site}/alerts});
 * a {@code {site}} path parameter makes the route site-scoped. An empty {@code roles} set marks a
 * public route (health, readiness, login, contract). The handler runs in the route group's
 * verticle, never in the HTTP gateway; the gateway only reads method, path and roles.
 */
public record Route(HttpMethod method, String path, Set<Role> roles, RouteHandler handler) {

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(handler, "handler");
  }

  public boolean isPublic() {
    return roles.isEmpty();
  }

  public boolean siteScoped() {
    return path.contains("{site}");
  }

  /**
   * How the caller's site scope applies: {@code SITE} routes carry {@code {site}} in the path;
   * {@code SELF} routes ({@code /auth/...}, and {@code /sites}, which lists only the caller's own
   * sites) touch only what the caller already has; every other route spans sites and needs the
   * all-sites scope ({@code "*"}).
   */
  public Scope scope() {
    if (siteScoped()) {
      return Scope.SITE;
    }
    return path.startsWith("/auth/") || path.equals("/sites") ? Scope.SELF : Scope.GLOBAL;
  }

  public enum Scope {
    SITE,
    SELF,
    GLOBAL
  }

  public boolean stateChanging() {
    return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
  }

  /** The Vert.x router form of {@link #path()}. */
  public String vertxPath() {
    return path.replaceAll("\\{([A-Za-z0-9_]+)}", ":$1");
  }

  /** The key a group dispatches on: {@code "GET /sites/{site}/alerts"}. */
  public String key() {
    return key(method, path);
  }

  static String key(HttpMethod method, String path) {
    return method.name() + ' ' + path;
  }

  public static Route of(HttpMethod method, String path, Set<Role> roles, RouteHandler handler) {
    return new Route(method, path, roles, handler);
  }
}
