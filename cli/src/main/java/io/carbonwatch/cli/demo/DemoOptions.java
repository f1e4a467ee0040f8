package io.carbonwatch.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Options of {@code carbonwatch demo}, validated once.
 *
 * @param speed simulated seconds per wall-clock second (60: a simulated hour per minute)
 * @param httpPort the API's HTTP port
 * @param mqttPort the demo broker's port
 * @param influxPort the demo InfluxDB's HTTP port (its RPC port is the next one)
 * @param dataDir where the demo keeps its data; emptied at each start
 * @param siteModel the plant (default {@code docs/examples/demo-plant.yaml})
 * @param simStart simulated instant at start; null: the last weekday 08:50 in the site's zone
 * @param anomalyAfter simulated time from start to the scripted compressed-air leak; null: none
 * @param modbusPort port of the simulator's (first) Modbus TCP gateway instead of the site model's;
 *     null: as in the site model
 */
public record DemoOptions(
    double speed,
    int httpPort,
    int mqttPort,
    int influxPort,
    Path dataDir,
    Path siteModel,
    Instant simStart,
    Duration anomalyAfter,
    Integer modbusPort) {

  public static final String USAGE =
      """
      carbonwatch demo [--speed N] [--port P] [--data-dir DIR] [--site FILE]
                        [--mqtt-port P] [--influx-port P] [--modbus-port P]
                        [--sim-start INSTANT]
                        [--anomaly-after DURATION | --no-anomaly]
        --speed N           simulated seconds per second (default 60: a simulated day in 24 minutes)
                            模拟时间倍速（默认 60：24 分钟模拟一天）
        --port P            web UI and REST API port (default 8080) / Web 界面和 REST API 端口
        --data-dir DIR      demo data, emptied at each start (default ~/.carbonwatch/demo)
                            演示数据目录，每次启动时清空
        --site FILE         site model (default docs/examples/demo-plant.yaml) / 站点模型
        --mqtt-port P       MQTT broker port (default 11883) / MQTT 代理端口
        --influx-port P     InfluxDB HTTP port (default 18086; RPC uses P+2) / InfluxDB 端口
        --modbus-port P     simulator port instead of the site model's (15020 for the demo plant)
                            模拟器 Modbus 端口（默认取站点模型中的 15020）
        --sim-start T       simulated start, e.g. 2026-11-23T08:50:00+08:00 / 模拟起始时刻
        --anomaly-after D   simulated time until the compressed-air leak (default 10m)
                            距压缩空气泄漏开始的模拟时长（默认 10m）
        --no-anomaly        no scripted anomaly / 不注入异常
      """;

  public DemoOptions {
    if (!(speed > 0) || !Double.isFinite(speed) || speed > 10_000) {
      throw new IllegalArgumentException("--speed: expected a number in (0, 10000], got " + speed);
    }
    checkPort(httpPort, "--port");
    checkPort(mqttPort, "--mqtt-port");
    checkPort(influxPort, "--influx-port");
    if (modbusPort != null) {
      checkPort(modbusPort, "--modbus-port");
    }
    if (influxPort + 2 > 65535) {
      throw new IllegalArgumentException("--influx-port: expected <= 65533 (RPC uses port + 2)");
    }
    if (List.of(httpPort, mqttPort, influxPort, influxPort + 2).stream().distinct().count() < 4) {
      throw new IllegalArgumentException(
          "--port, --mqtt-port, --influx-port: expected different ports (InfluxDB also uses its"
              + " port + 2), got "
              + httpPort
              + ", "
              + mqttPort
              + ", "
              + influxPort);
    }
    if (dataDir == null) {
      throw new IllegalArgumentException("--data-dir: required");
    }
    if (siteModel == null) {
      throw new IllegalArgumentException("--site: required");
    }
    if (anomalyAfter != null && anomalyAfter.isNegative()) {
      throw new IllegalArgumentException("--anomaly-after: expected >= 0, got " + anomalyAfter);
    }
  }

  private static void checkPort(int port, String option) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(option + ": expected 1..65535, got " + port);
    }
  }

  /** Parses the arguments after {@code demo}; {@code cwd} resolves relative paths. */
  public static DemoOptions parse(List<String> args, Path cwd) {
    double speed = 60;
    int port = 8080;
    int mqttPort = 11883;
    int influxPort = 18086;
    Path dataDir = Path.of(System.getProperty("user.home"), ".carbonwatch", "demo");
    Path site = null;
    Instant simStart = null;
    Duration anomaly = Duration.ofMinutes(10);
    Integer modbusPort = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (name.equals("--no-anomaly")) {
        anomaly = null;
        continue;
      }
      if (!List.of(
              "--speed",
              "--port",
              "--data-dir",
              "--site",
              "--mqtt-port",
              "--influx-port",
              "--modbus-port",
              "--sim-start",
              "--anomaly-after")
          .contains(name)) {
        throw new IllegalArgumentException("unknown option " + a + " / 未知选项 " + a);
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(name + ": value missing");
        }
        value = args.get(++i);
      }
      switch (name) {
        case "--speed" -> speed = number(name, value);
        case "--port" -> port = integer(name, value);
        case "--mqtt-port" -> mqttPort = integer(name, value);
        case "--influx-port" -> influxPort = integer(name, value);
        case "--modbus-port" -> modbusPort = integer(name, value);
        case "--data-dir" -> dataDir = cwd.resolve(value);
        case "--site" -> site = cwd.resolve(value);
        case "--sim-start" -> simStart = instant(name, value);
        case "--anomaly-after" -> anomaly = duration(name, value);
        default -> throw new IllegalStateException(name);
      }
    }
    if (site == null) {
      site = defaultSiteModel(cwd);
    }
    return new DemoOptions(
        speed,
        port,
        mqttPort,
        influxPort,
        dataDir.normalize(),
        site,
        simStart,
        anomaly,
        modbusPort);
  }

  /** {@code docs/examples/demo-plant.yaml} in the working directory or the checkout above it. */
  static Path defaultSiteModel(Path cwd) {
    String home = System.getenv("CARBONWATCH_HOME");
    List<Path> roots = new java.util.ArrayList<>();
    if (home != null && !home.isBlank()) {
      roots.add(Path.of(home));
    }
    for (Path p = cwd.toAbsolutePath(); p != null; p = p.getParent()) {
      roots.add(p);
    }
    for (Path r : roots) {
      Path f = r.resolve("docs/examples/demo-plant.yaml");
      if (Files.isRegularFile(f)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "--site: docs/examples/demo-plant.yaml not found from "
            + cwd.toAbsolutePath()
            + "; run from the CarbonWatch checkout or give --site FILE / 未找到示例工厂模型，"
            + "请在 CarbonWatch 目录中运行或用 --site 指定");
  }

  /** The default simulated start: the last weekday (in {@code zone}) at 08:50, before now. */
  public static Instant defaultSimStart(Instant now, ZoneId zone) {
    ZonedDateTime t = now.atZone(zone).with(LocalTime.of(8, 50));
    while (!t.toInstant().isBefore(now)
        || t.getDayOfWeek() == DayOfWeek.SATURDAY
        || t.getDayOfWeek() == DayOfWeek.SUNDAY) {
      t = t.minusDays(1);
    }
    return t.toInstant();
  }

  private static double number(String name, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected a number, got " + v);
    }
  }

  private static int integer(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected an integer, got " + v);
    }
  }

  private static Instant instant(String name, String v) {
    try {
      return java.time.OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + ": expected an ISO-8601 time with offset (2026-11-23T08:50:00+08:00), got " + v);
    }
  }

  /** {@code 90s}, {@code 10m}, {@code 2h} or ISO-8601 {@code PT10M}. */
  static Duration duration(String name, String v) {
    try {
      if (v.startsWith("P") || v.startsWith("p")) {
        return Duration.parse(v);
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          name + ": expected a duration such as 90s, 10m, 2h or PT10M, got " + v);
    }
  }
}
