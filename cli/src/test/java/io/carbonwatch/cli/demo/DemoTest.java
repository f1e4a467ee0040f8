package io.carbonwatch.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-command demo end to end, in process: every component starts, live values reach a browser
 * client through the API's event stream, the scripted compressed-air leak becomes an alert that an
 * admin sees over REST (logged in with the printed one-time password), and closing the demo leaves
 * no child process and no listening port behind.
 */
class DemoTest {
  private static final Path SITE = Path.of("..", "docs", "examples", "demo-plant.yaml");
  private static final double SPEED = 120;

  static {
    DemoCommand.quietLogging();
  }

  @TempDir Path dir;

  @Test
  void showsLiveDataAndRaisesTheLeakAlertThenStopsLeavingNothingRunning() throws Exception {
    int http = Ports.free();
    int mqtt = Ports.free();
    int influx = Ports.free();
    while (!Ports.isFree(influx + 2) || influx + 2 == http || influx + 2 == mqtt) {
      influx = Ports.free();
    }
    DemoOptions options =
        DemoOptions.parse(
            List.of(
                "--speed", "" + SPEED,
                "--port", "" + http,
                "--mqtt-port", "" + mqtt,
                "--influx-port", "" + influx,
                // not the site model's 15020: another demo or test may be running on this machine
                "--modbus-port", "" + Ports.free(),
                "--data-dir", dir.resolve("demo").toString(),
                "--site", SITE.toString()),
            Path.of("").toAbsolutePath());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
    long t0 = System.nanoTime();
    Demo demo = new Demo(options, out);
    List<Integer> ports;
    try {
      demo.start();
      String banner = demo.banner();
      long started = System.nanoTime();
      System.out.println(banner);

      // the password as a user reads it off the banner, not from the object
      Matcher m = Pattern.compile("Password / 密码: (\\S+)").matcher(banner);
      assertThat(m.find()).as("banner shows the one-time password:\n" + banner).isTrue();
      String password = m.group(1);
      assertThat(password).hasSizeGreaterThanOrEqualTo(16);
      assertThat(banner).contains(demo.url());

      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String cookie = login(client, demo.url(), password);

      String live = firstLiveEvent(client, demo.url(), cookie, Duration.ofSeconds(90));
      long liveAt = System.nanoTime();
      assertThat(live).contains("\"site\":\"sh-plant\"").contains("powerKw");

      String alerts = awaitAlert(client, demo.url(), cookie, Duration.ofSeconds(240));
      long alertAt = System.nanoTime();
      assertThat(alerts).contains("\"rule\":\"dev-air-energy\"").contains("\"target\":\"SEU-AIR\"");
      assertThat(demo.anomalyTriggered()).isTrue();
      System.out.printf(
          "demo timing at %.0fx: start-up %d s, first live event %d s after start-up, first alert"
              + " %d s after start-up (simulated now %s)%n",
          SPEED,
          (started - t0) / 1_000_000_000,
          (liveAt - started) / 1_000_000_000,
          (alertAt - started) / 1_000_000_000,
          demo.simNow());
    } finally {
      ports = demo.ports();
      demo.close();
    }

    List<ProcessHandle> left =
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    assertThat(left).as("processes left running: %s", describe(left)).allMatch(before::contains);
    // PostgreSQL is started through pg_ctl and is no descendant: look for anything naming our dir
    String dataDir = options.dataDir().toAbsolutePath().toString();
    List<ProcessHandle> strays =
        ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().orElse("").contains(dataDir))
            .toList();
    assertThat(strays).as("processes using %s: %s", dataDir, describe(strays)).isEmpty();
    assertThat(ports).hasSizeGreaterThanOrEqualTo(5);
    for (int port : ports) {
      assertThat(Ports.isFree(port)).as("port %d free after close", port).isTrue();
    }
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("stopped mosquitto")
        .contains("stopped influxd")
        .contains("stopped api")
        .contains("stopped stream-job");
  }

  private static String describe(List<ProcessHandle> ps) {
    return ps.stream()
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .toList()
        .toString();
  }

  static String login(HttpClient client, String baseUrl, String password) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"admin\",\"password\":\"" + password + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("login: " + r.body()).isEqualTo(200);
    return r.headers().allValues("set-cookie").stream()
        .filter(c -> c.startsWith("cw_session="))
        .map(c -> c.substring(0, c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + r.headers().map()));
  }

  /** Reads the API's event stream until the first {@code live} event and returns its data. */
  static String firstLiveEvent(HttpClient client, String baseUrl, String cookie, Duration timeout)
      throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(baseUrl + "sites/sh-plant/live"))
            .header("Cookie", cookie)
            .header("Accept", "text/event-stream")
            .build();
    CompletableFuture<HttpResponse<Stream<String>>> f =
        client.sendAsync(req, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> r = f.get(30, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    CompletableFuture<String> data =
        CompletableFuture.supplyAsync(
            () -> {
              boolean live = false;
              for (String line : (Iterable<String>) r.body()::iterator) {
                if (line.equals("event: live")) {
                  live = true;
                } else if (live && line.startsWith("data: ")) {
                  return line.substring(6);
                } else if (line.isEmpty()) {
                  live = false;
                }
              }
              throw new AssertionError("event stream ended without a live event");
            });
    try {
      return data.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      r.body().close();
    }
  }

  /** Polls the alert list until it holds an alert; returns the response body. */
  static String awaitAlert(HttpClient client, String baseUrl, String cookie, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "sites/sh-plant/alerts"))
                  .header("Cookie", cookie)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("alerts: " + r.body()).isEqualTo(200);
      last = r.body();
      if (last.contains("\"alertId\"")) {
        return last;
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError("no alert within " + timeout + "; last answer: " + last);
  }

  @Test
  void defaultSimulatedStartIsAWeekdayMorningBeforeNow() {
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    // a Sunday afternoon: the last weekday morning is Friday's
    Instant sunday = Instant.parse("2026-11-22T06:00:00Z");
    assertThat(DemoOptions.defaultSimStart(sunday, zone))
        .isEqualTo(Instant.parse("2026-11-20T00:50:00Z"));
    // a Tuesday at 07:00 local: Monday's morning, because today's 08:50 is still ahead
    Instant tuesdayEarly = Instant.parse("2026-11-23T23:00:00Z");
    assertThat(DemoOptions.defaultSimStart(tuesdayEarly, zone))
        .isEqualTo(Instant.parse("2026-11-23T00:50:00Z"));
  }
}
