package io.carbonwatch.bench.api;

import io.carbonwatch.api.ApiConfig;
import io.carbonwatch.api.ApiServer;
import io.carbonwatch.testkit.MosquittoServer;
import io.carbonwatch.testkit.PostgresServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Load generator for the API (docs/benchmarks.md, api section):
 *
 * <ol>
 *   <li>alert list: open-loop GET /sites/{site}/alerts?limit=50 at a fixed rate; latency measured
 *       from the scheduled send time, so a stalled server is not hidden (no coordinated omission);
 *   <li>live push: N SSE clients on /sites/{site}/live while the broker carries LiveSamples for
 *       several SEUs; per (client, sample) delivery latency = receipt − the sample's publish time.
 * </ol>
 *
 * Runs the real stack in-process: embedded PostgreSQL and Mosquitto (testkit), the API on its event
 * loops, and the clients on the same machine, so the figures include the client's CPU.
 *
 * <p>{@code scripts/bench io.carbonwatch.bench.api.ApiLoad [rate=2000] [seconds=30] [clients=1000]
 * [seus=5]}
 */
public final class ApiLoad {
  private ApiLoad() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int seus = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    String password = "bench-admin-password";
    try (PostgresServer pg = new PostgresServer().start();
        MosquittoServer mqtt = new MosquittoServer().start()) {
      pg.createDatabase("bench");
      Vertx vertx = Vertx.vertx();
      ApiConfig d = ApiConfig.defaults(Files.createTempDirectory("cw-bench"));
      ApiConfig config =
          new ApiConfig(
              "127.0.0.1",
              0,
              "postgresql://"
                  + pg.user()
                  + ":"
                  + pg.password()
                  + "@127.0.0.1:"
                  + pg.port()
                  + "/bench",
              d.dataDir(),
              mqtt.uri(),
              null,
              "carbonwatch",
              "admin",
              password,
              true,
              d.maxBodyBytes(),
              ApiConfig.MIN_PBKDF2_ITERATIONS,
              5,
              d.loginWindow(),
              d.sessionTtl(),
              Runtime.getRuntime().availableProcessors(),
              d.calibrationScanInterval(),
              null,
              null,
              d.mailFrom(),
              d.notifyRetryBase(),
              d.routeTimeout());
      ApiServer server = ApiServer.start(vertx, config).await(120, TimeUnit.SECONDS);
      seedAlerts(pg, 2000);
      // Clients on their own event loops, as a separate process would be (same CPUs though).
      Vertx clients0 = Vertx.vertx();
      HttpClient http =
          clients0.createHttpClient(
              new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()),
              new PoolOptions().setHttp1MaxSize(64));
      String token = token(http, password);
      System.out.printf(
          Locale.ROOT,
          "API on port %d, %d CPUs%n",
          server.port(),
          Runtime.getRuntime().availableProcessors());

      if (rate > 0) {
        alertList(clients0, http, token, rate, 5, false);
        long[] lat = alertList(clients0, http, token, rate, seconds, true);
        report(
            "alert list GET /sites/sh-plant/alerts?limit=50 @" + rate + " req/s, " + seconds + " s",
            lat);
      }

      if (clients > 0) {
        livePush(clients0, server.port(), token, mqtt.uri(), clients, seus, seconds);
      }

      http.close();
      clients0.close().await(30, TimeUnit.SECONDS);
      server.stop().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  static void seedAlerts(PostgresServer pg, int n) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("bench"), pg.user(), pg.password());
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alerts(id, alert_id, site, rule, target, target_kind, metric, unit,"
                    + " severity, state, condition, last_event_seq, raised_at, last_event_at,"
                    + " expected, actual, deviation, deviation_percent, consecutive_windows,"
                    + " message_zh, message_en, updated_at) VALUES (?, ?, 'sh-plant', 'dev-air-energy',"
                    + " 'SEU-AIR', 'seu', 'energy', 'kWh', 'major', 'open', 'active', 1, now(), now(),"
                    + " 410, 520.5, 110.5, 26.95, 3, '压缩空气系统 能耗高于基准 26.9%',"
                    + " 'Compressed air energy 26.9% above baseline', now() - (? * interval '1 minute'))")) {
      for (int i = 0; i < n; i++) {
        ps.setObject(1, UUID.randomUUID());
        ps.setString(2, "sh-plant/dev-air-energy/bench-" + i);
        ps.setInt(3, i);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static String token(HttpClient http, String password) {
    JsonObject login =
        http.request(
                new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setURI("/auth/login")
                    .putHeader("Content-Type", "application/json"))
            .compose(
                r ->
                    r.send(
                            new JsonObject()
                                .put("username", "admin")
                                .put("password", password)
                                .toBuffer())
                        .compose(
                            res ->
                                res.body()
                                    .map(
                                        b -> {
                                          String cookie = res.cookies().get(0).split(";")[0];
                                          return b.toJsonObject().put("cookie", cookie);
                                        })))
            .await();
    return http.request(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI("/auth/tokens")
                .putHeader("Cookie", login.getString("cookie"))
                .putHeader("X-CSRF-Token", login.getString("csrfToken"))
                .putHeader("Content-Type", "application/json"))
        .compose(r -> r.send(new JsonObject().put("name", "bench").toBuffer()))
        .compose(res -> res.body())
        .map(b -> b.toJsonObject().getString("token"))
        .await();
  }

  /** Open loop at {@code rate}/s; returns latencies in microseconds (from the scheduled time). */
  static long[] alertList(
      Vertx vertx, HttpClient http, String token, int rate, int seconds, boolean record)
      throws InterruptedException {
    int total = rate * seconds;
    long[] lat = new long[total];
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long start = System.nanoTime() + 50_000_000L;
    AtomicInteger sent = new AtomicInteger();
    long periodic =
        vertx.setPeriodic(
            1,
            t -> {
              long now = System.nanoTime();
              int due = (int) Math.min(total, (now - start) * rate / 1_000_000_000L);
              while (sent.get() < due) {
                int i = sent.getAndIncrement();
                long scheduled = start + i * 1_000_000_000L / rate;
                http.request(
                        new RequestOptions()
                            .setURI("/sites/sh-plant/alerts?limit=50")
                            .putHeader("Authorization", "Bearer " + token))
                    .compose(r -> r.send())
                    .compose(
                        res ->
                            res.statusCode() == 200
                                ? res.body()
                                : Future.failedFuture("HTTP " + res.statusCode()))
                    .onComplete(
                        ar -> {
                          if (ar.failed()) {
                            errors.incrementAndGet();
                          }
                          lat[i] = (System.nanoTime() - scheduled) / 1000;
                          done.incrementAndGet();
                        });
              }
            });
    while (done.get() < total) {
      Thread.sleep(50);
    }
    vertx.cancelTimer(periodic);
    if (record && errors.get() > 0) {
      System.out.println("errors: " + errors.get());
    }
    return lat;
  }

  static void report(String what, long[] microsIn) {
    long[] l = microsIn.clone();
    Arrays.sort(l);
    System.out.printf(
        Locale.ROOT,
        "%s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms%n",
        what,
        l.length,
        l[(int) (l.length * 0.50)] / 1000.0,
        l[(int) (l.length * 0.90)] / 1000.0,
        l[(int) Math.min(l.length - 1, l.length * 0.99)] / 1000.0,
        l[(int) Math.min(l.length - 1, l.length * 0.999)] / 1000.0,
        l[l.length - 1] / 1000.0);
  }

  static String field(String json, String name, char end) {
    int i = json.indexOf(name) + name.length();
    int j = json.indexOf(end, i);
    return json.substring(i, j < 0 ? json.indexOf('}', i) : j).trim();
  }

  static void livePush(
      Vertx vertx, int port, String token, String mqttUri, int clients, int seus, int seconds)
      throws Exception {
    HttpClient sse =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setIdleTimeout(0),
            new PoolOptions().setHttp1MaxSize(clients + 10));
    int samples = seconds * seus;
    // One slot per (client, sample): latency in µs, 0 = not received.
    AtomicLongArray got = new AtomicLongArray(clients * samples);
    AtomicInteger connected = new AtomicInteger();
    AtomicLong received = new AtomicLong();
    for (int c = 0; c < clients; c++) {
      int client = c;
      StringBuilder buf = new StringBuilder();
      sse.request(
              new RequestOptions()
                  .setURI("/sites/sh-plant/live")
                  .putHeader("Authorization", "Bearer " + token))
          .compose(r -> r.send())
          .onSuccess(
              res -> {
                connected.incrementAndGet();
                res.handler(
                    b -> {
                      long now =
                          System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
                      buf.append(b.toString(StandardCharsets.UTF_8));
                      int end;
                      while ((end = buf.indexOf("\n\n")) >= 0) {
                        String ev = buf.substring(0, end);
                        buf.delete(0, end + 2);
                        int d = ev.indexOf("data: ");
                        if (!ev.startsWith("event: live") || d < 0) {
                          continue;
                        }
                        // Cheap field extraction: the client must not compete with the server.
                        int seq = (int) Double.parseDouble(field(ev, "\"powerKw\":", ','));
                        long sentMicros =
                            Long.parseLong(field(ev, "\"emissionRateKgCo2ePerH\":", ',')) * 1000;
                        if (seq >= 0 && seq < samples) {
                          got.compareAndSet(
                              client * samples + seq, 0, Math.max(1, now - sentMicros));
                          received.incrementAndGet();
                        }
                      }
                    });
              });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (connected.get() < clients && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    System.out.printf(Locale.ROOT, "live: %d/%d SSE clients connected%n", connected.get(), clients);
    Thread.sleep(1000);
    MqttClient pub = new MqttClient(mqttUri, "bench-live", new MemoryPersistence());
    pub.connect();
    long t0 = System.nanoTime();
    for (int i = 0; i < samples; i++) {
      long due = t0 + (long) i * 1_000_000_000L / seus;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      String seu = "SEU-" + (i % seus);
      // powerKw carries the sample number; time carries the publish instant (ms).
      JsonObject s =
          new JsonObject()
              .put("v", 1)
              .put("site", "sh-plant")
              .put("seu", seu)
              .put("time", Instant.ofEpochMilli(System.currentTimeMillis()).toString())
              .put("powerKw", (double) i)
              // carries the publish instant in ms for the latency measurement
              .put("emissionRateKgCo2ePerH", System.currentTimeMillis())
              .put("quality", "good");
      MqttMessage m = new MqttMessage(s.encode().getBytes(StandardCharsets.UTF_8));
      m.setQos(0);
      pub.publish("cw/v1/sh-plant/live/" + seu, m);
    }
    Thread.sleep(3000);
    pub.disconnect();
    pub.close();
    long[] lat = new long[got.length()];
    int missing = 0;
    int late = 0;
    for (int i = 0; i < lat.length; i++) {
      lat[i] = got.get(i);
      if (lat[i] == 0) {
        missing++;
        lat[i] = Long.MAX_VALUE / 2;
      } else if (lat[i] > Duration.ofMillis(250).toNanos() / 1000) {
        late++;
      }
    }
    report(
        "live push "
            + clients
            + " SSE clients × "
            + samples
            + " samples ("
            + seus
            + " SEUs at 1 Hz)",
        lat);
    System.out.printf(
        Locale.ROOT,
        "live: deliveries %d of %d, missing %d, later than 250 ms %d (%.4f %%)%n",
        lat.length - missing,
        lat.length,
        missing,
        late,
        100.0 * (late + missing) / lat.length);
    sse.close();
  }
}
