package io.carbonwatch.api.auth;

import io.carbonwatch.api.ApiConfig;
import io.carbonwatch.api.http.ApiReply;
import io.carbonwatch.api.http.ApiRequest;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.api.http.RouteGroupVerticle;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** Login, logout, the caller's identity and API tokens; user administration for admins. */
public final class AuthVerticle extends RouteGroupVerticle {
  private final AuthService auth;
  private final ApiConfig config;

  public AuthVerticle(AuthService auth, ApiConfig config) {
    super("auth");
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

  private Future<ApiReply> login(ApiRequest req) {
    JsonObject b = req.json();
    return auth.login(b.getString("username"), b.getString("password"), req.remoteAddress())
        .map(
            login ->
                ApiReply.ok(me(login.principal()).put("expiresAt", login.expiresAt().toString()))
                    .withHeader(
                        "Set-Cookie",
                        sessionCookie(login.sessionId(), config.sessionTtl().toSeconds())));
  }

  private Future<ApiReply> logout(ApiRequest req) {
    String session = req.cookie(AuthService.SESSION_COOKIE);
    Future<Void> ended = session == null ? Future.succeededFuture() : auth.logout(session);
    return ended.map(v -> ApiReply.ok(null).withHeader("Set-Cookie", sessionCookie("", 0)));
  }

  private String sessionCookie(String value, long maxAgeSeconds) {
    return Cookie.cookie(AuthService.SESSION_COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSecure(config.secureCookies())
        .setSameSite(CookieSameSite.STRICT)
        .setMaxAge(maxAgeSeconds)
        .encode();
  }

  private Future<ApiReply> me(ApiRequest req) {
    return Future.succeededFuture(ApiReply.ok(me(req.principal())));
  }

  static JsonObject me(Principal p) {
    return new JsonObject()
        .put("username", p.username())
        .put("roles", new JsonArray(p.roles().stream().map(Role::wire).sorted().toList()))
        .put("sites", new JsonArray(p.sites().stream().sorted().toList()))
        .put("csrfToken", p.csrfToken());
  }

  private Future<ApiReply> listTokens(ApiRequest req) {
    return auth.listTokens(req.principal()).map(ApiReply::ok);
  }

  private Future<ApiReply> createToken(ApiRequest req) {
    JsonObject b = req.json();
    return auth.createToken(req.principal(), b.getString("name"), b.getInteger("expiresInDays"))
        .map(ApiReply::created);
  }

  private Future<ApiReply> revokeToken(ApiRequest req) {
    return auth.revokeToken(req.principal(), Long.parseLong(req.pathParam("tokenId")))
        .map(ApiReply::ok);
  }

  private Future<ApiReply> listUsers(ApiRequest req) {
    return auth.listUsers().map(ApiReply::ok);
  }

  private Future<ApiReply> createUser(ApiRequest req) {
    JsonObject b = req.json();
    return auth.createUser(
            req.principal().username(),
            b.getString("username"),
            b.getString("password"),
            AuthService.parseRoles(b.getJsonArray("roles")),
            AuthService.parseSites(b.getJsonArray("sites")))
        .map(ApiReply::created);
  }

  private Future<ApiReply> updateUser(ApiRequest req) {
    JsonObject b = req.json();
    return auth.updateUser(
            req.principal().username(),
            req.pathParam("username"),
            b.containsKey("roles") ? AuthService.parseRoles(b.getJsonArray("roles")) : null,
            b.containsKey("sites") ? AuthService.parseSites(b.getJsonArray("sites")) : null,
            b.getBoolean("disabled"))
        .map(ApiReply::ok);
  }
}
