package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.notify.NotificationService;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Webhook deliveries wait in the outbox table, so a restart does not lose them. */
@ExtendWith(VertxExtension.class)
class NotificationOutboxTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();

  record Hook(MultiMap headers, Buffer body) {}

  @Test
  void aDeliveryPendingWhenTheServerStopsIsSentByTheNextServerOnTheSameDatabase(Vertx vertx)
      throws Exception {
    AtomicBoolean accept = new AtomicBoolean();
    AtomicInteger calls = new AtomicInteger();
    LinkedBlockingQueue<Hook> hooks = new LinkedBlockingQueue<>();
    HttpServer receiver =
        ApiTestEnv.await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body -> {
                                  calls.incrementAndGet();
                                  if (!accept.get()) {
                                    req.response().setStatusCode(503).end();
                                    return;
                                  }
                                  hooks.add(new Hook(req.headers(), body));
                                  req.response().setStatusCode(204).end();
                                }))
                .listen(0, "127.0.0.1"));
    // Retries 3 s, 6 s, … apart: the first server stops before its retry is due.
    ApiConfig config =
        ApiTestEnv.withNotifyRetryBase(
            ApiTestEnv.config(PG.server(), "outbox", null), Duration.ofSeconds(3));
    String secret;
    long outboxId;
    try (ApiTestEnv first = ApiTestEnv.start(vertx, PG.server(), "outbox", config)) {
      String engineer = first.userToken("eng", Set.of(Role.ENGINEER), Set.of("sh-plant"));
      String operator = first.userToken("op", Set.of(Role.OPERATOR), Set.of("sh-plant"));
      HttpResponse<Buffer> rule =
          first.post(
              "/sites/sh-plant/notification-rules",
              engineer,
              new JsonObject()
                  .put("minSeverity", "major")
                  .put("channel", "webhook")
                  .put("target", "http://127.0.0.1:" + receiver.actualPort() + "/hook")
                  .put("events", new JsonArray().add("transition")));
      assertThat(rule.statusCode()).as(rule.bodyAsString()).isEqualTo(201);
      secret = rule.bodyAsJsonObject().getString("secret");
      String id = first.insertAlert("sh-plant", "outbox-1");
      assertThat(
              first
                  .post(
                      "/sites/sh-plant/alerts/" + id + "/transitions",
                      operator,
                      new JsonObject().put("to", "acknowledged").put("assignee", "li"))
                  .statusCode())
          .isEqualTo(200);
      outboxId = awaitFailedAttempt(first);
    }
    // Stopped with the notification still pending: nothing delivered, nothing given up.
    try (Connection c = jdbc()) {
      assertThat(count(c, "SELECT count(*) FROM notification_outbox")).isEqualTo(1);
      assertThat(count(c, "SELECT count(*) FROM notification_deliveries")).isZero();
    }
    assertThat(calls.get()).isPositive();
    assertThat(hooks).isEmpty();

    accept.set(true);
    ApiServer second = ApiTestEnv.await(ApiServer.start(vertx, config));
    try {
      Hook hook = hooks.poll(60, TimeUnit.SECONDS);
      assertThat(hook).as("delivery by the new server").isNotNull();
      assertThat(hook.headers().get(NotificationService.DELIVERY_HEADER))
          .isEqualTo(Long.toString(outboxId));
      String ts = hook.headers().get(NotificationService.TIMESTAMP_HEADER);
      assertThat(hook.headers().get(NotificationService.SIGNATURE_HEADER))
          .isEqualTo(NotificationService.sign(secret, ts, hook.body().getBytes()));
      JsonObject payload = hook.body().toJsonObject();
      assertThat(payload.getString("type")).isEqualTo("carbonwatch.alert.transition");
      assertThat(payload.getJsonObject("alert").getString("alertId")).isEqualTo("outbox-1");
      assertThat(payload.getJsonObject("alert").getString("state")).isEqualTo("acknowledged");
      try (Connection c = jdbc()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count(c, "SELECT count(*) FROM notification_outbox") > 0
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(count(c, "SELECT count(*) FROM notification_outbox")).isZero();
        try (ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT alert_id, status, attempts FROM notification_deliveries")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString("alert_id")).isEqualTo("outbox-1");
          assertThat(rs.getString("status")).isEqualTo("delivered");
          assertThat(rs.getInt("attempts")).isGreaterThanOrEqualTo(2);
          assertThat(rs.next()).as("one delivery only").isFalse();
        }
      }
    } finally {
      ApiTestEnv.await(second.stop());
      ApiTestEnv.await(receiver.close());
    }
  }

  /** Waits until the first attempt has failed and been written back; returns the row id. */
  static long awaitFailedAttempt(ApiTestEnv env) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = env.jdbc()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT id, attempts, last_error FROM notification_outbox"
                        + " WHERE attempts >= 1")) {
          if (rs.next()) {
            assertThat(rs.getString("last_error")).contains("503");
            return rs.getLong("id");
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no failed attempt recorded in notification_outbox");
  }

  static Connection jdbc() throws SQLException {
    return java.sql.DriverManager.getConnection(
        PG.server().jdbcUrl("outbox"), PG.server().user(), PG.server().password());
  }

  static long count(Connection c, String sql) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
