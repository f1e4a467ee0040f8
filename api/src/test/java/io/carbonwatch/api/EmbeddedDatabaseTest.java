package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.api.auth.Role;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Without CARBONWATCH_PG_URL the API runs embedded PostgreSQL under its data directory. */
@ExtendWith(VertxExtension.class)
class EmbeddedDatabaseTest {

  @Test
  void startsEmbeddedPostgresUnderTheDataDirAndKeepsRecordsAcrossRestarts(
      Vertx vertx, @TempDir Path dir) throws Exception {
    JsonObject json =
        new JsonObject()
            .put("port", 0)
            .put("dataDir", dir.toString())
            .put("pbkdf2Iterations", ApiConfig.MIN_PBKDF2_ITERATIONS)
            .put("httpInstances", 1);
    ApiConfig config =
        ApiConfig.from(json, Map.of("CARBONWATCH_ADMIN_PASSWORD", ApiTestEnv.ADMIN_PASSWORD), dir);
    assertThat(config.pgUrl()).isNull();

    ApiServer first = ApiTestEnv.await(ApiServer.start(vertx, config));
    assertThat(Files.isDirectory(dir.resolve("postgres"))).isTrue();
    var client = io.vertx.ext.web.client.WebClient.create(vertx);
    var ready = ApiTestEnv.await(client.get(first.port(), "127.0.0.1", "/ready").send());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getBoolean("postgres")).isTrue();
    var login =
        ApiTestEnv.await(
            client
                .post(first.port(), "127.0.0.1", "/auth/login")
                .sendJson(
                    new JsonObject()
                        .put("username", "admin")
                        .put("password", ApiTestEnv.ADMIN_PASSWORD)));
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.bodyAsJsonObject().getJsonArray("roles").getList())
        .containsExactly(Role.ADMIN.wire());
    ApiTestEnv.await(first.stop());

    // Restart on the same directory: migrations are already applied, the admin still exists, and
    // the environment password is no longer needed.
    ApiConfig again = ApiConfig.from(json, Map.of(), dir);
    ApiServer second = ApiTestEnv.await(ApiServer.start(vertx, again));
    var relogin =
        ApiTestEnv.await(
            client
                .post(second.port(), "127.0.0.1", "/auth/login")
                .sendJson(
                    new JsonObject()
                        .put("username", "admin")
                        .put("password", ApiTestEnv.ADMIN_PASSWORD)));
    assertThat(relogin.statusCode()).isEqualTo(200);
    client.close();
    ApiTestEnv.await(second.stop());
    assertThat(Set.of(dir.resolve("postgres").toFile().list())).contains("PG_VERSION");
  }
}
