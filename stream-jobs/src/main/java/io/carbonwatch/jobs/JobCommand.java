package io.carbonwatch.jobs;

import io.carbonwatch.core.site.SiteModelLoader;
import io.carbonwatch.core.site.yaml.ConfigException;
import io.carbonwatch.jobs.influx.InfluxConfig;
import io.carbonwatch.jobs.influx.InfluxSink;
import io.carbonwatch.jobs.mqtt.MqttConnection;
import io.carbonwatch.jobs.mqtt.MqttPublishSink;
import io.carbonwatch.jobs.mqtt.MqttSource;
import io.carbonwatch.jobs.mqtt.MqttSourceConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code carbonwatch job --site site.yaml}: runs the stream job on a local Flink MiniCluster. The
 * same class is the entry point of the job jar on a Flink 2.3 cluster ({@code flink run
 * carbonwatch-stream-jobs-*-job.jar --site site.yaml …}), where the environment is the cluster's.
 */
public final class JobCommand {
  private JobCommand() {}

  public static final String SUMMARY = "运行流处理作业 / run the stream job (Flink, local MiniCluster)";

  public static final String USAGE =
      """
      carbonwatch job --site FILE [options]
        在本地 Flink MiniCluster 上运行流处理作业：读数 → 区间用量 → 排放 → 基准 → 告警。
        Runs the stream job on a local Flink MiniCluster: readings → intervals → emissions → baselines → alerts.
        --site FILE                 站点模型 / site model (YAML)
        --mqtt URI                  MQTT 代理 / broker, default tcp://127.0.0.1:1883
        --mqtt-user NAME            用户名 / username (optional)
        --mqtt-password SECRET      密码 / password (optional)
        --group NAME                共享订阅组 / shared-subscription group, default carbonwatch-job
        --influx URL                InfluxDB 1.x, default http://127.0.0.1:8086
        --influx-db NAME            数据库 / database, default carbonwatch
        --parallelism N             并行度 / parallelism, default 1
        --checkpoint-interval DUR   检查点间隔 / checkpoint interval, default 10s
        --mqtt-sessions N           每个读取器的 MQTT 会话数 / MQTT sessions per reader (1..64), default 1
        --checkpoint-dir URI        检查点目录 / checkpoint storage, e.g. file:///var/lib/carbonwatch/ckpt
        --out-of-orderness DUR      乱序容忍 / watermark out-of-orderness, default 30s
        --allowed-lateness DUR      迟到数据修正期 / late data corrects windows for, default 6h
        --metrics HOST:PORT         指标端点 / serve GET /metrics (Prometheus) here, default off
      退出码 / exit codes: 0 正常 ok, 1 无法连接代理 broker unreachable, 2 参数或站点模型错误 invalid arguments or site model""";

  private static final Set<String> OPTIONS =
      Set.of(
          "--site",
          "--mqtt",
          "--mqtt-user",
          "--mqtt-password",
          "--group",
          "--influx",
          "--influx-db",
          "--parallelism",
          "--checkpoint-interval",
          "--mqtt-sessions",
          "--checkpoint-dir",
          "--out-of-orderness",
          "--allowed-lateness",
          "--metrics");

  /** Entry point of the job jar under {@code flink run}. */
  public static void main(String[] args) throws Exception {
    Options o = Options.parse(List.of(args));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    if (o.parallelism > 0) {
      env.setParallelism(o.parallelism);
    }
    o.job(env.getParallelism()).build(env);
    env.execute("carbonwatch " + o.site.getFileName());
  }

  /** {@code carbonwatch job …}; blocks while the job runs. */
  public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    CarbonJob job;
    int parallelism = Math.max(1, o.parallelism);
    try {
      job = o.job(parallelism);
    } catch (ConfigException e) {
      SiteModelLoader.messages(e).forEach(err::println);
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("站点模型无法用于流处理 / the site model cannot be streamed: " + e.getMessage());
      return 2;
    } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
      err.println("无法连接 MQTT 代理 / cannot reach the MQTT broker " + o.mqtt + ": " + e.getMessage());
      return 1;
    }
    Configuration conf = new Configuration();
    // The JobManager's memory holds at most 5 MB of state: keep checkpoints on disk by default.
    conf.setString(
        "execution.checkpointing.dir",
        o.checkpointDir != null
            ? o.checkpointDir
            : Path.of(System.getProperty("java.io.tmpdir"), "carbonwatch-checkpoints")
                .toUri()
                .toString());
    if (o.metricsHost != null) {
      // One reporter per process: the local MiniCluster is one process, so one endpoint.
      conf.setString(
          "metrics.reporter.cw.factory.class",
          io.carbonwatch.jobs.metrics.MicrometerReporterFactory.class.getName());
      conf.setString("metrics.reporter.cw.host", o.metricsHost);
      conf.setString("metrics.reporter.cw.port", Integer.toString(o.metricsPort));
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    job.build(env);
    out.println(
        "作业运行中 / job running: "
            + o.site
            + " ← "
            + o.mqtt
            + " → "
            + o.influx
            + "/"
            + o.influxDb
            + " (Ctrl-C 停止 / to stop)");
    env.execute("carbonwatch " + o.site.getFileName());
    return 0;
  }

  static final class Options {
    Path site;
    String mqtt = "tcp://127.0.0.1:1883";
    String mqttUser;
    String mqttPassword;
    String group = "carbonwatch-job";
    String influx = "http://127.0.0.1:8086";
    String influxDb = "carbonwatch";
    int parallelism;
    Duration checkpointInterval = Duration.ofSeconds(10);
    int mqttSessions = 1;
    String checkpointDir;
    Duration outOfOrderness = Duration.ofSeconds(30);
    Duration allowedLateness = Duration.ofHours(6);
    String metricsHost;
    int metricsPort;

    static Options parse(List<String> args) {
      Map<String, String> v = new HashMap<>();
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (!OPTIONS.contains(a)) {
          throw new IllegalArgumentException("未知选项 / unknown option: " + a);
        }
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("缺少取值 / missing value for " + a);
        }
        v.put(a, args.get(++i));
      }
      Options o = new Options();
      if (!v.containsKey("--site")) {
        throw new IllegalArgumentException("缺少 --site / missing --site FILE");
      }
      o.site = Path.of(v.get("--site"));
      o.mqtt = v.getOrDefault("--mqtt", o.mqtt);
      o.mqttUser = v.get("--mqtt-user");
      o.mqttPassword = v.get("--mqtt-password");
      o.group = v.getOrDefault("--group", o.group);
      o.influx = v.getOrDefault("--influx", o.influx);
      o.influxDb = v.getOrDefault("--influx-db", o.influxDb);
      if (v.containsKey("--parallelism")) {
        try {
          o.parallelism = Integer.parseInt(v.get("--parallelism"));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "--parallelism: expected a number, got " + v.get("--parallelism"));
        }
        if (o.parallelism < 1) {
          throw new IllegalArgumentException("--parallelism: expected >= 1");
        }
      }
      if (v.containsKey("--checkpoint-interval")) {
        o.checkpointInterval = duration("--checkpoint-interval", v.get("--checkpoint-interval"));
      }
      if (v.containsKey("--mqtt-sessions")) {
        try {
          o.mqttSessions = Integer.parseInt(v.get("--mqtt-sessions"));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "--mqtt-sessions: expected a number, got " + v.get("--mqtt-sessions"));
        }
        if (o.mqttSessions < 1 || o.mqttSessions > 64) {
          throw new IllegalArgumentException("--mqtt-sessions: expected 1..64");
        }
      }
      o.checkpointDir = v.get("--checkpoint-dir");
      if (v.containsKey("--out-of-orderness")) {
        o.outOfOrderness = duration("--out-of-orderness", v.get("--out-of-orderness"));
      }
      if (v.containsKey("--allowed-lateness")) {
        o.allowedLateness = duration("--allowed-lateness", v.get("--allowed-lateness"));
      }
      if (v.containsKey("--metrics")) {
        String hp = v.get("--metrics");
        int colon = hp.lastIndexOf(':');
        try {
          o.metricsPort = Integer.parseInt(hp.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
          throw new IllegalArgumentException("--metrics: expected HOST:PORT, got " + hp);
        }
        if (colon <= 0 || o.metricsPort < 1 || o.metricsPort > 65535) {
          throw new IllegalArgumentException("--metrics: expected HOST:PORT, got " + hp);
        }
        o.metricsHost = hp.substring(0, colon);
      }
      if (!Files.isRegularFile(o.site)) {
        throw new IllegalArgumentException("找不到文件 / file not found: " + o.site);
      }
      return o;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    static Duration duration(String option, String text) {
      Matcher m = DURATION.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            option + ": expected a duration like 500ms, 30s, 5m, 6h, 7d, got " + text);
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }

    CarbonJob job(int parallelism) throws Exception {
      String yaml = Files.readString(site, StandardCharsets.UTF_8);
      JobConfig d = JobConfig.defaults(site.toString(), yaml);
      JobConfig config =
          new JobConfig(
              d.siteModelName(),
              d.siteModelYaml(),
              outOfOrderness,
              d.idleness(),
              d.windowGrace(),
              allowedLateness,
              d.dedupeTtl(),
              d.liveInterval(),
              d.liveStaleAfter(),
              checkpointInterval,
              d.minCoverage());
      MqttConnection connection =
          new MqttConnection(mqtt, mqttUser, mqttPassword, group, Duration.ofDays(7));
      MqttSourceConfig readings =
          MqttSourceConfig.readings(connection, group).withSessionsPerReader(mqttSessions);
      CarbonJob job =
          new CarbonJob(
              config,
              new MqttSource(readings),
              new MqttSource(
                  MqttSourceConfig.control(
                      new MqttConnection(
                          mqtt, mqttUser, mqttPassword, group + "-control", Duration.ofDays(7)))),
              new InfluxSink(InfluxConfig.of(influx, influxDb)),
              new MqttPublishSink(
                  new MqttConnection(
                      mqtt, mqttUser, mqttPassword, group + "-out", Duration.ofDays(7)),
                  "out"));
      // Readings published before the readers first connect are queued in these sessions.
      MqttSource.prepareSessions(readings, parallelism);
      return job;
    }
  }
}
