package io.carbonwatch.api.auth;

import io.carbonwatch.api.ApiConfig;
import io.carbonwatch.api.http.Http;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroup;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/** Login, logout, the caller's identity and API tokens; user administration for admins. */
public final class AuthRoutes implements RouteGroup {
  private final AuthService auth;
  private final ApiConfig config;

  public AuthRoutes(AuthService auth, ApiConfig config) {
    this.auth = auth;
    this.config = config;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.of(HttpMethod.POST, "/auth/login", Set.of(), this::login),
        Route.of(HttpMethod.POST, "/auth/logout", Role.ALL, this::logout),
        Route.of(HttpMethod.GET, "/auth/me", Role.ALL, this::me),
        Route.of(HttpMethod.GET, "/auth/tokens", Role.ALL, this::listTokens),
        Route.of(HttpMethod.POST, "/auth/tokens", Role.ALL, this::createToken),
        Route.of(HttpMethod.DELETE, "/auth/tokens/{tokenId}", Role.ALL, this::revokeToken),
        Route.of(HttpMethod.GET, "/admin/users", Set.of(Role.ADMIN), this::listUsers),
        Route.of(HttpMethod.POST, "/admin/users", Set.of(Role.ADMIN), this::createUser),
        Route.of(
            HttpMethod.PATCH, "/admin/users/{username}", Set.of(Role.ADMIN), this::updateUser));
  }

  private void login(RoutingContext ctx) {
    JsonObject b = Http.body(ctx);
    Http.respond(
        ctx,
        auth.login(
                b.getString("username"),
                b.getString("password"),
                ctx.request().remoteAddress() == null
                    ? "?"
                    : ctx.request().remoteAddress().hostAddress())
            .map(
                login -> {
                  ctx.response()
                      .addCookie(
                          Cookie.cookie(AuthService.SESSION_COOKIE, login.sessionId())
                              .setPath("/")
                              .setHttpOnly(true)
                              .setSecure(config.secureCookies())
                              .setSameSite(CookieSameSite.STRICT)
                              .setMaxAge(config.sessionTtl().toSeconds()));
                  return me(login.principal()).put("expiresAt", login.expiresAt().toString());
                }));
  }

  private void logout(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(AuthService.SESSION_COOKIE);
    ctx.response()
        .addCookie(
            Cookie.cookie(AuthService.SESSION_COOKIE, "")
                .setPath("/")
                .setHttpOnly(true)
                .setSecure(config.secureCookies())
                .setSameSite(CookieSameSite.STRICT)
                .setMaxAge(0));
    Http.respond(
        ctx, c == null ? io.vertx.core.Future.succeededFuture() : auth.logout(c.getValue()));
  }

  private void me(RoutingContext ctx) {
    Http.respond(ctx, io.vertx.core.Future.succeededFuture(me(Http.principal(ctx))));
  }

  static JsonObject me(Principal p) {
    return new JsonObject()
        .put("username", p.username())
        .put("roles", new JsonArray(p.roles().stream().map(Role::wire).sorted().toList()))
        .put("sites", new JsonArray(p.sites().stream().sorted().toList()))
        .put("csrfToken", p.csrfToken());
  }

  private void listTokens(RoutingContext ctx) {
    Http.respond(ctx, auth.listTokens(Http.principal(ctx)));
  }

  private void createToken(RoutingContext ctx) {
    JsonObject b = Http.body(ctx);
    Http.respond(
        ctx,
        201,
        auth.createToken(Http.principal(ctx), b.getString("name"), b.getInteger("expiresInDays")));
  }

  private void revokeToken(RoutingContext ctx) {
    Http.respond(
        ctx, auth.revokeToken(Http.principal(ctx), Long.parseLong(ctx.pathParam("tokenId"))));
  }

  private void listUsers(RoutingContext ctx) {
    Http.respond(ctx, auth.listUsers());
  }

  private void createUser(RoutingContext ctx) {
    JsonObject b = Http.body(ctx);
    Http.respond(
        ctx,
        201,
        auth.createUser(
            Http.principal(ctx).username(),
            b.getString("username"),
            b.getString("password"),
            AuthService.parseRoles(b.getJsonArray("roles")),
            AuthService.parseSites(b.getJsonArray("sites"))));
  }

  private void updateUser(RoutingContext ctx) {
    JsonObject b = Http.body(ctx);
    Http.respond(
        ctx,
        auth.updateUser(
            Http.principal(ctx).username(),
            ctx.pathParam("username"),
            b.containsKey("roles") ? AuthService.parseRoles(b.getJsonArray("roles")) : null,
            b.containsKey("sites") ? AuthService.parseSites(b.getJsonArray("sites")) : null,
            b.getBoolean("disabled")));
  }
}
