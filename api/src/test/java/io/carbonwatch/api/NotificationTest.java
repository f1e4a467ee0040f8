package io.carbonwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.carbonwatch.api.auth.Role;
import io.carbonwatch.api.notify.NotificationService;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Webhook (signed, retried) and e-mail (real SMTP server: GreenMail) notifications. */
@ExtendWith(VertxExtension.class)
class NotificationTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();

  record Hook(String signature, String timestamp, Buffer body) {}

  static ApiTestEnv env;
  static GreenMail smtp;
  static HttpServer receiver;
  static final LinkedBlockingQueue<Hook> HOOKS = new LinkedBlockingQueue<>();
  static final AtomicInteger CALLS = new AtomicInteger();
  static String engineer;
  static String operator;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    int smtpPort;
    try (ServerSocket s = new ServerSocket(0)) {
      smtpPort = s.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    // Fails the first two deliveries so the retry path is exercised.
    receiver =
        ApiTestEnv.await(
            vertx
                .createHttpServer()
                .requestHandler(
                    req ->
                        req.body()
                            .onSuccess(
                                body -> {
                                  if (CALLS.incrementAndGet() <= 2) {
                                    req.response().setStatusCode(503).end();
                                    return;
                                  }
                                  HOOKS.add(
                                      new Hook(
                                          req.getHeader(NotificationService.SIGNATURE_HEADER),
                                          req.getHeader(NotificationService.TIMESTAMP_HEADER),
                                          body));
                                  req.response().setStatusCode(204).end();
                                }))
                .listen(0, "127.0.0.1"));
    ApiConfig c = ApiTestEnv.config(PG.server(), "notifications", null);
    env =
        ApiTestEnv.start(
            vertx,
            PG.server(),
            "notifications",
            ApiTestEnv.copy(c, ApiTestEnv.ADMIN_PASSWORD, "smtp://127.0.0.1:" + smtpPort));
    engineer = env.userToken("eng", Set.of(Role.ENGINEER), Set.of("sh-plant"));
    operator = env.userToken("op", Set.of(Role.OPERATOR), Set.of("sh-plant"));
  }

  @AfterAll
  static void stop() {
    env.close();
    receiver.close();
    smtp.stop();
  }

  @Test
  void webhookIsSignedAndRetriedUntilTheReceiverAccepts() throws Exception {
    HttpResponse<Buffer> created =
        env.post(
            "/sites/sh-plant/notification-rules",
            engineer,
            new JsonObject()
                .put("minSeverity", "major")
                .put("channel", "webhook")
                .put("target", "http://127.0.0.1:" + receiver.actualPort() + "/hook")
                .put("events", new JsonArray().add("transition")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String secret = created.bodyAsJsonObject().getString("secret");
    assertThat(secret).startsWith("whsec_");
    assertThat(env.get("/sites/sh-plant/notification-rules", operator).bodyAsString())
        .doesNotContain(secret);

    String id = env.insertAlert("sh-plant", "notify-1");
    assertThat(
            env.post(
                    "/sites/sh-plant/alerts/" + id + "/transitions",
                    operator,
                    new JsonObject().put("to", "acknowledged").put("assignee", "wang"))
                .statusCode())
        .isEqualTo(200);

    Hook hook = HOOKS.poll(30, TimeUnit.SECONDS);
    assertThat(hook).as("webhook delivery").isNotNull();
    assertThat(hook.signature())
        .isEqualTo(NotificationService.sign(secret, hook.timestamp(), hook.body().getBytes()));
    JsonObject payload = hook.body().toJsonObject();
    assertThat(payload.getString("type")).isEqualTo("carbonwatch.alert.transition");
    assertThat(payload.getJsonObject("alert").getString("state")).isEqualTo("acknowledged");
    assertThat(CALLS.get()).isEqualTo(3);

    JsonArray log = awaitDeliveries(1);
    assertThat(log.getJsonObject(0).getString("status")).isEqualTo("delivered");
    assertThat(log.getJsonObject(0).getInteger("attempts")).isEqualTo(3);
  }

  @Test
  void emailGoesOutOverSmtpForFailedCalibrationWhenSeverityIsHighEnough() throws Exception {
    String admin = env.adminToken();
    assertThat(
            env.post(
                    "/sites/sh-plant/notification-rules",
                    admin,
                    new JsonObject()
                        .put("minSeverity", "major")
                        .put("channel", "email")
                        .put("target", "energy-team@example.cn"))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            env.post(
                    "/sites/sh-plant/notification-rules",
                    admin,
                    new JsonObject()
                        .put("minSeverity", "critical")
                        .put("channel", "email")
                        .put("target", "director@example.cn"))
                .statusCode())
        .isEqualTo(201);
    HttpResponse<Buffer> failed =
        env.post(
            "/sites/sh-plant/instruments/M-AIR-2/calibrations",
            admin,
            new JsonObject()
                .put("checkedOn", LocalDate.now().toString())
                .put("referenceStandard", "HT-3100")
                .put("certificateNo", "C-1")
                .put(
                    "testPoints",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("point", "Ib")
                                .put("asFoundErrorPercent", 3.0)
                                .put("asLeftErrorPercent", 2.5))));
    assertThat(failed.statusCode()).isEqualTo(201);
    assertThat(smtp.waitForIncomingEmail(30_000, 1)).isTrue();
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("energy-team@example.cn");
    assertThat(received[0].getSubject()).contains("MAJOR").contains("M-AIR-2");
    assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(received[0])).contains("M-AIR-2");
  }

  @Test
  void emailRuleNeedsTargetOfTheRightShape() {
    HttpResponse<Buffer> bad =
        env.post(
            "/sites/sh-plant/notification-rules",
            engineer,
            new JsonObject()
                .put("minSeverity", "major")
                .put("channel", "email")
                .put("target", "not an address"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("target");
  }

  static JsonArray awaitDeliveries(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    JsonArray last = new JsonArray();
    while (System.nanoTime() < deadline) {
      last = env.get("/sites/sh-plant/notification-deliveries", operator).bodyAsJsonArray();
      if (last.size() >= n) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("deliveries: " + last);
  }
}
