package io.carbonwatch.cli.demo;

import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.check.SiteModels;
import io.carbonwatch.edge.sim.Simulator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole CarbonWatch stack on one machine: Mosquitto and InfluxDB as child processes, the API
 * with embedded PostgreSQL, the stream job on a local MiniCluster, the Modbus simulator with the
 * demo plant, its MQTT-native feeds, the edge agent and the scripted anomaly — started in that
 * order and closed in reverse. {@link #close()} leaves nothing running; it is idempotent and safe
 * from a shutdown hook.
 */
public final class Demo implements AutoCloseable {
  /** Marks a directory the demo made, so a mistyped {@code --data-dir} is never emptied. */
  static final String MARKER = ".carbonwatch-demo";

  private static final String PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final DemoOptions options;
  private final PrintStream out;
  private final DebianPackages packages;
  private final String adminPassword;
  private final List<DemoComponent> started = new ArrayList<>();
  private DemoPlant plant;
  private MosquittoComponent mosquitto;
  private InfluxComponent influx;
  private ApiComponent api;
  private SimulatorComponent simulator;
  private AirLeakScenario scenario;
  private Instant simStart;
  private boolean closed;

  public Demo(DemoOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.packages = new DebianPackages(out);
    this.adminPassword = newPassword(new SecureRandom(), 20);
  }

  static String newPassword(SecureRandom random, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return b.toString();
  }

  /** Starts every component; on failure closes what started and rethrows. */
  public synchronized Demo start() throws Exception {
    if (closed) {
      throw new IllegalStateException("demo already closed");
    }
    SiteModel model = SiteModels.load(options.siteModel());
    if (options.modbusPort() != null) {
      model = DemoPlant.withModbusPort(model, options.modbusPort());
    }
    Site site = model.sites().get(0);
    Path dir = prepareDataDir(options.dataDir());
    Ports.requireFree(options.mqttPort(), "MQTT broker", "--mqtt-port");
    Ports.requireFree(options.influxPort(), "InfluxDB", "--influx-port");
    Ports.requireFree(options.influxPort() + 2, "InfluxDB RPC", "--influx-port");
    Ports.requireFree(options.httpPort(), "web UI / API", "--port");
    try {
      mosquitto = new MosquittoComponent(packages, dir.resolve("mosquitto"), options.mqttPort());
      influx =
          new InfluxComponent(
              packages, dir.resolve("influxdb"), options.influxPort(), options.influxPort() + 2);
      start(mosquitto);
      start(influx);
      api =
          new ApiComponent(
              options.httpPort(),
              dir.resolve("api"),
              mosquitto.uri(),
              influx.url(),
              options.siteModel(),
              adminPassword);
      start(api);
      start(
          new StreamJobComponent(
              options.siteModel(), mosquitto.uri(), influx.url(), ApiComponent.DATABASE));

      // simulated time starts only now, so start-up does not eat into the simulated day
      simStart =
          options.simStart() != null
              ? options.simStart()
              : DemoOptions.defaultSimStart(Instant.now(), site.timeZone());
      Simulator sim =
          new Simulator(
              site,
              new Simulator.Options(
                  options.speed(), 42L, simStart, "127.0.0.1", java.util.Map.of()));
      plant = new DemoPlant(model, site, sim.clock());
      simulator = new SimulatorComponent(plant, sim);
      start(simulator);
      PlantFeeds feeds = new PlantFeeds(plant, mosquitto.uri());
      start(feeds);
      start(new EdgeAgentComponent(plant, mosquitto.uri(), dir.resolve("edge")));
      if (options.anomalyAfter() != null) {
        scenario = new AirLeakScenario(plant, feeds, simStart.plus(options.anomalyAfter()), out);
        start(scenario);
      }
      return this;
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private void start(DemoComponent c) throws Exception {
    long t0 = System.nanoTime();
    out.println("[demo] starting " + c.name() + " / 正在启动 " + c.name());
    started.add(c);
    c.start();
    out.printf(
        "[demo] %s ready in %d ms / %s 已就绪%n",
        c.name(), (System.nanoTime() - t0) / 1_000_000, c.name());
  }

  /** Creates the data dir, or empties one the demo made before; refuses any other non-empty dir. */
  static Path prepareDataDir(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs.resolve(MARKER))) {
      ChildProcess.stopLeftovers(abs);
    }
    if (Files.isDirectory(abs)) {
      boolean empty;
      try (Stream<Path> s = Files.list(abs)) {
        empty = s.findAny().isEmpty();
      }
      if (!empty && !Files.exists(abs.resolve(MARKER))) {
        throw new DemoException(
            "--data-dir "
                + abs
                + ": not empty and not a demo directory (no "
                + MARKER
                + "); the demo empties its data dir at each start, so choose an empty or new"
                + " directory / 该目录非空且不是演示数据目录，演示每次启动会清空数据目录，请换一个空目录");
      }
      try (Stream<Path> s = Files.list(abs)) {
        for (Path p : s.toList()) {
          deleteRecursively(p);
        }
      }
    } else if (Files.exists(abs)) {
      throw new DemoException("--data-dir " + abs + ": not a directory / 不是目录");
    }
    Files.createDirectories(abs);
    Files.writeString(
        abs.resolve(MARKER),
        "CarbonWatch demo data; emptied by each `carbonwatch demo` start.\n"
            + "CarbonWatch 演示数据，每次启动 `carbonwatch demo` 时清空。\n");
    return abs;
  }

  private static void deleteRecursively(Path p) throws IOException {
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The start-up banner: where everything is, the URL and the one-time password. */
  public String banner() {
    StringBuilder b = new StringBuilder();
    b.append("\n============================================================================\n");
    b.append(" CarbonWatch demo is running / CarbonWatch 演示已启动\n\n");
    for (DemoComponent c : started) {
      String d = c.describe();
      if (d != null) {
        b.append("  ").append(d).append('\n');
      }
    }
    b.append("\n  Open / 打开:     ").append(url()).append('\n');
    b.append("  User / 用户:     admin\n");
    b.append("  Password / 密码: ").append(adminPassword).append('\n');
    b.append("    (one-time password, shown only now / 一次性密码，仅显示这一次)\n");
    b.append("  Simulated time / 模拟时间: from ")
        .append(simStart)
        .append(" at ")
        .append(options.speed())
        .append("x\n");
    b.append("  Data / 数据:     ").append(options.dataDir().toAbsolutePath()).append('\n');
    b.append("\n  Press Ctrl-C to stop everything / 按 Ctrl-C 停止全部服务\n");
    b.append("============================================================================\n");
    return b.toString();
  }

  public String url() {
    return "http://127.0.0.1:" + options.httpPort() + "/";
  }

  public String adminPassword() {
    return adminPassword;
  }

  public String mqttUri() {
    return mosquitto.uri();
  }

  public String influxUrl() {
    return influx.url();
  }

  public Instant simStart() {
    return simStart;
  }

  /** The simulated clock (null before start). */
  public Instant simNow() {
    return plant == null ? null : plant.clock().now();
  }

  /** The running Modbus simulator (for tests that script faults); null before start. */
  public Simulator simulator() {
    return simulator == null ? null : simulator.simulator();
  }

  /** Every port the demo listens on (HTTP, MQTT, InfluxDB HTTP and RPC, Modbus gateways). */
  public java.util.List<Integer> ports() {
    java.util.List<Integer> ports = new ArrayList<>();
    ports.add(options.httpPort());
    ports.add(options.mqttPort());
    ports.add(options.influxPort());
    ports.add(options.influxPort() + 2);
    if (plant != null) {
      plant
          .site()
          .agents()
          .forEach(
              a ->
                  a.gateways()
                      .forEach(
                          g -> {
                            if (g.port() > 0) {
                              ports.add(g.port());
                            }
                          }));
    }
    return ports;
  }

  public boolean anomalyTriggered() {
    return scenario != null && scenario.triggered();
  }

  /** Stops every started component in reverse order, each waited for; never throws. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = started.size() - 1; i >= 0; i--) {
      DemoComponent c = started.get(i);
      try {
        c.close();
        out.println("[demo] stopped " + c.name() + " / 已停止 " + c.name());
      } catch (RuntimeException e) {
        out.println("[demo] stopping " + c.name() + " failed: " + e + " / 停止失败");
      }
    }
    started.clear();
  }
}
