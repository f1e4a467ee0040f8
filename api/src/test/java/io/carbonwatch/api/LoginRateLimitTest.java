package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The login rate limit counts failures in PostgreSQL: API instances on one database share it, and a
 * restarted instance still refuses.
 */
@ExtendWith(VertxExtension.class)
class LoginRateLimitTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();

  static final String PASSWORD = "pw-target-0123456789";

  static HttpResponse<Buffer> login(Vertx vertx, ApiServer server, String password) {
    WebClient client =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    try {
      return ApiTestEnv.await(
          client
              .post("/auth/login")
              .sendJson(new JsonObject().put("username", "target").put("password", password)));
    } finally {
      client.close();
    }
  }

  @Test
  void failuresOnOneInstanceCountOnAnotherAndSurviveARestart(Vertx vertx) throws Exception {
    try (ApiTestEnv first = ApiTestEnv.start(vertx, PG.server(), "login_limit", (String) null)) {
      first.userToken("target", Set.of(Role.VIEWER), Set.of("sh-plant"));
      ApiConfig config = ApiTestEnv.config(PG.server(), "login_limit", null);
      ApiServer second = ApiTestEnv.await(ApiServer.start(vertx, config));
      try {
        for (int i = 0; i < 3; i++) {
          assertThat(login(vertx, first.server, "wrong").statusCode()).isEqualTo(401);
        }
        for (int i = 0; i < 2; i++) {
          assertThat(login(vertx, second, "wrong").statusCode()).isEqualTo(401);
        }
        // Five failures in all, on two instances: both refuse now, even the right password.
        HttpResponse<Buffer> onFirst = login(vertx, first.server, PASSWORD);
        assertThat(onFirst.statusCode()).as(onFirst.bodyAsString()).isEqualTo(429);
        assertThat(onFirst.bodyAsJsonObject().getString("code")).isEqualTo("auth.rate_limited");
        assertThat(login(vertx, second, PASSWORD).statusCode()).isEqualTo(429);
      } finally {
        ApiTestEnv.await(second.stop());
      }
      try (Connection c = first.jdbc();
          ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT count(*) FROM login_failures WHERE key LIKE 'target|%'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(5);
      }
    }
    // Every instance stopped; a new one on the same database still refuses.
    ApiServer restarted =
        ApiTestEnv.await(
            ApiServer.start(vertx, ApiTestEnv.config(PG.server(), "login_limit", null)));
    try {
      HttpResponse<Buffer> r = login(vertx, restarted, PASSWORD);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(429);
      assertThat(r.getHeader("Retry-After")).isNotNull();
    } finally {
      ApiTestEnv.await(restarted.stop());
    }
  }

  @Test
  void aSuccessfulLoginClearsTheUsersFailures(Vertx vertx) {
    try (ApiTestEnv env =
        ApiTestEnv.start(vertx, PG.server(), "login_limit_clear", (String) null)) {
      env.userToken("target", Set.of(Role.VIEWER), Set.of("sh-plant"));
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 4; i++) {
          assertThat(login(vertx, env.server, "wrong").statusCode()).isEqualTo(401);
        }
        assertThat(login(vertx, env.server, PASSWORD).statusCode()).isEqualTo(200);
      }
    }
  }
}
