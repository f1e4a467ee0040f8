package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.http.Route;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The role × route × site matrix, generated from the live route table. */
@ExtendWith(VertxExtension.class)
class AccessMatrixTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();

  static ApiTestEnv env;
  static final Map<Role, String> ALL_SITES_BY_ROLE = new EnumMap<>(Role.class);
  static String allRolesOtherSite;
  static String allRolesAllSites;
  static String allRolesOwnSite;
  static HttpClient raw;

  @BeforeAll
  static void start(Vertx vertx) {
    env = ApiTestEnv.start(vertx, PG.server(), "access_matrix", (String) null);
    for (Role r : Role.values()) {
      ALL_SITES_BY_ROLE.put(r, env.userToken("all-" + r.wire(), Set.of(r), Set.of("*")));
    }
    allRolesOtherSite =
        env.userToken("other-site", EnumSet.allOf(Role.class), Set.of("other-site"));
    allRolesOwnSite = env.userToken("own-site", EnumSet.allOf(Role.class), Set.of("sh-plant"));
    allRolesAllSites = env.userToken("everything", EnumSet.allOf(Role.class), Set.of("*"));
    raw = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(false));
  }

  @AfterAll
  static void stop() {
    raw.close();
    env.close();
  }

  static String concrete(Route r) {
    return r.path()
        .replace("{site}", "sh-plant")
        .replace("{id}", UUID.randomUUID().toString())
        .replace("{tokenId}", "999999")
        .replace("{username}", "nobody")
        .replace("{instrumentId}", "M-NONE")
        .replace("{baselineId}", "b-none")
        .replace("{ruleId}", "999999")
        .replace("{offsetId}", "999999");
  }

  /** Status and error code; stream responses (SSE) are closed once their headers arrive. */
  static int[] statusOf(Route r, String token) {
    RequestOptions o =
        new RequestOptions()
            .setMethod(r.method())
            .setHost("127.0.0.1")
            .setPort(env.server.port())
            .setURI(concrete(r));
    if (token != null) {
      o.putHeader("Authorization", "Bearer " + token);
    }
    Buffer body = r.stateChanging() ? Buffer.buffer("{}") : Buffer.buffer();
    if (r.stateChanging()) {
      o.putHeader("Content-Type", "application/json");
    }
    HttpClientResponse res = ApiTestEnv.await(raw.request(o).compose(req -> req.send(body)));
    int status = res.statusCode();
    String type = res.getHeader("Content-Type");
    if (type != null && type.startsWith("text/event-stream")) {
      res.request().connection().close();
    } else {
      ApiTestEnv.await(res.body());
    }
    return new int[] {status};
  }

  static String codeOf(Route r, String token) {
    HttpResponse<Buffer> res =
        env.call(r.method(), concrete(r), token, r.stateChanging() ? new JsonObject() : null);
    return res.bodyAsJsonObject().getString("code");
  }

  List<Route> guarded() {
    List<Route> l = new ArrayList<>();
    for (Route r : env.server.routes()) {
      if (!r.isPublic()) {
        l.add(r);
      }
    }
    assertThat(l).hasSizeGreaterThan(10);
    return l;
  }

  @Test
  void everyGuardedRouteRefusesRequestsWithoutCredentials() {
    for (Route r : guarded()) {
      assertThat(statusOf(r, null)[0]).as(r.method() + " " + r.path()).isEqualTo(401);
      assertThat(statusOf(r, "cwt_not-a-real-token")[0])
          .as(r.method() + " " + r.path())
          .isEqualTo(401);
    }
  }

  @Test
  void everyGuardedRouteRefusesEveryRoleItDoesNotList() {
    int checked = 0;
    for (Route r : guarded()) {
      for (Role role : Role.values()) {
        if (r.roles().contains(role)) {
          continue;
        }
        assertThat(statusOf(r, ALL_SITES_BY_ROLE.get(role))[0])
            .as(role.wire() + " on " + r.method() + " " + r.path())
            .isEqualTo(403);
        assertThat(codeOf(r, ALL_SITES_BY_ROLE.get(role))).isEqualTo("auth.role");
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  void everySiteRouteRefusesAnotherSitesUserAndEveryCrossSiteRouteNeedsAllSites() {
    for (Route r : guarded()) {
      if (r.scope() == Route.Scope.SELF) {
        continue;
      }
      assertThat(statusOf(r, allRolesOtherSite)[0]).as(r.method() + " " + r.path()).isEqualTo(403);
      assertThat(codeOf(r, allRolesOtherSite)).isEqualTo("auth.site");
      if (r.scope() == Route.Scope.GLOBAL) {
        assertThat(codeOf(r, allRolesOwnSite)).as(r.path()).isEqualTo("auth.site");
      }
    }
  }

  @Test
  void everyGuardedRouteLetsAnAllowedRoleOnTheRightSiteThrough() {
    for (Route r : guarded()) {
      for (Role role : r.roles()) {
        int status = statusOf(r, ALL_SITES_BY_ROLE.get(role))[0];
        assertThat(status).as(role.wire() + " on " + r.method() + " " + r.path()).isNotIn(401, 403);
        assertThat(status).isLessThan(500);
      }
      if (r.scope() == Route.Scope.SITE) {
        assertThat(statusOf(r, allRolesOwnSite)[0]).as(r.path()).isNotIn(401, 403);
      }
    }
  }

  @Test
  void cookieSessionNeedsCsrfTokenForStateChangesAndCookieIsHttpOnlySecureStrict() {
    HttpResponse<Buffer> login =
        env.post(
            "/auth/login",
            null,
            new JsonObject().put("username", "admin").put("password", ApiTestEnv.ADMIN_PASSWORD));
    String setCookie = login.cookies().get(0);
    assertThat(setCookie)
        .containsIgnoringCase("HttpOnly")
        .contains("Secure")
        .contains("SameSite=Strict");
    String cookie = setCookie.split(";")[0];
    String csrf = login.bodyAsJsonObject().getString("csrfToken");
    JsonObject body = new JsonObject().put("name", "csrf-test");
    HttpResponse<Buffer> without =
        ApiTestEnv.await(env.http.post("/auth/tokens").putHeader("Cookie", cookie).sendJson(body));
    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(without.bodyAsJsonObject().getString("code")).isEqualTo("auth.csrf");
    HttpResponse<Buffer> wrong =
        ApiTestEnv.await(
            env.http
                .post("/auth/tokens")
                .putHeader("Cookie", cookie)
                .putHeader("X-CSRF-Token", csrf + "x")
                .sendJson(body));
    assertThat(wrong.statusCode()).isEqualTo(403);
    HttpResponse<Buffer> with =
        ApiTestEnv.await(
            env.http
                .post("/auth/tokens")
                .putHeader("Cookie", cookie)
                .putHeader("X-CSRF-Token", csrf)
                .sendJson(body));
    assertThat(with.statusCode()).isEqualTo(201);
    HttpResponse<Buffer> read =
        ApiTestEnv.await(env.http.get("/auth/me").putHeader("Cookie", cookie).send());
    assertThat(read.statusCode()).isEqualTo(200);
  }

  @Test
  void revokedTokenIsRefusedImmediately() {
    String token = env.userToken("revoker", Set.of(Role.VIEWER), Set.of("sh-plant"));
    assertThat(env.get("/sites/sh-plant/alerts", token).statusCode()).isEqualTo(200);
    long id = env.get("/auth/tokens", token).bodyAsJsonArray().getJsonObject(0).getLong("id");
    assertThat(env.call(HttpMethod.DELETE, "/auth/tokens/" + id, token, null).statusCode())
        .isEqualTo(204);
    assertThat(env.get("/sites/sh-plant/alerts", token).statusCode()).isEqualTo(401);
  }

  @Test
  void loginIsRateLimitedAfterRepeatedFailuresEvenWithTheRightPassword() {
    env.userToken("victim", Set.of(Role.VIEWER), Set.of("sh-plant"));
    JsonObject wrong = new JsonObject().put("username", "victim").put("password", "guess");
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> r = env.post("/auth/login", null, wrong);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("auth.invalid_credentials");
    }
    HttpResponse<Buffer> limited =
        env.post(
            "/auth/login",
            null,
            new JsonObject().put("username", "victim").put("password", "pw-victim-0123456789"));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isNotNull();
    assertThat(limited.bodyAsJsonObject().getJsonObject("message").getString("zh-CN")).isNotBlank();
  }

  @Test
  void unknownUserAndWrongPasswordGetTheSameAnswer() {
    HttpResponse<Buffer> unknown =
        env.post(
            "/auth/login", null, new JsonObject().put("username", "ghost").put("password", "x"));
    HttpResponse<Buffer> wrong =
        env.post(
            "/auth/login", null, new JsonObject().put("username", "admin").put("password", "x"));
    assertThat(unknown.statusCode()).isEqualTo(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.bodyAsJsonObject()).isEqualTo(wrong.bodyAsJsonObject());
  }

  @Test
  void publicRoutesAreOnlyHealthReadinessLoginAndTheContract() {
    List<String> pub = new ArrayList<>();
    for (Route r : env.server.routes()) {
      if (r.isPublic()) {
        pub.add(r.method() + " " + r.path());
      }
    }
    assertThat(pub)
        .containsExactlyInAnyOrder(
            "GET /health", "GET /ready", "GET /openapi.yaml", "POST /auth/login");
    assertThat(env.get("/health", null).statusCode()).isEqualTo(200);
    assertThat(env.get("/ready", null).bodyAsJsonObject().getBoolean("postgres")).isTrue();
    assertThat(env.get("/openapi.yaml", null).bodyAsString()).contains("openapi: 3.0.3");
    assertThat(env.get("/", null).bodyAsString()).contains("CarbonWatch");
  }

  @Test
  void startupWithoutAnAdminPasswordFailsAndNamesTheVariable(Vertx vertx) {
    ApiConfig c = ApiTestEnv.config(PG.server(), "no_admin", null);
    ApiConfig noPassword = ApiTestEnv.copy(c, null, null);
    PG.server().createDatabase("no_admin");
    Throwable err =
        ApiServer.start(vertx, noPassword)
            .toCompletionStage()
            .toCompletableFuture()
            .handle((s, e) -> e)
            .join();
    assertThat(err).isNotNull();
    assertThat(err.getMessage())
        .contains("CARBONWATCH_ADMIN_PASSWORD")
        .contains("no default password");
  }
}
