package io.carbonwatch.jobs;

import io.carbonwatch.core.site.SiteModelLoader;
import io.carbonwatch.core.site.yaml.ConfigException;
import io.carbonwatch.jobs.influx.InfluxConfig;
import io.carbonwatch.jobs.influx.InfluxSink;
import io.carbonwatch.jobs.mqtt.MqttConnection;
import io.carbonwatch.jobs.mqtt.MqttPublishSink;
import io.carbonwatch.jobs.mqtt.MqttSource;
import io.carbonwatch.jobs.mqtt.MqttSourceConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.scheduler.ExecutionGraphInfo;
import org.apache.flink.runtime.scheduler.exceptionhistory.RootExceptionHistoryEntry;
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
        启动时从检查点目录中最新的完整检查点恢复状态；停止（Ctrl-C、SIGTERM）时保留检查点。
        On start it resumes from the newest complete checkpoint in the checkpoint directory; stopping
        (Ctrl-C, SIGTERM) keeps the checkpoints.
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
        --checkpoint-dir DIR        检查点目录（本地路径或 file:///…）/ checkpoint directory (a path or
                                    file:///…), default ${XDG_STATE_HOME:-~/.local/state}/carbonwatch/checkpoints/GROUP
        --fresh                     不恢复检查点，从空状态开始 / start with empty state, resume nothing
        --out-of-orderness DUR      乱序容忍 / watermark out-of-orderness, default 30s
        --idleness DUR              空闲读取器不再阻挡水位线 / an idle reader stops holding the watermark back after, default 30s
        --allowed-lateness DUR      迟到数据修正期 / late data corrects windows for, default 6h
        --metrics HOST:PORT         指标端点 / serve GET /metrics (Prometheus) here, default off
      时长 / durations: 500ms, 30s, 5m, 6h, 7d
      退出码 / exit codes: 0 正常 ok, 1 无法连接代理 broker unreachable,
        2 参数、站点模型或检查点错误 invalid arguments, site model, or a checkpoint that cannot be restored""";

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
          "--idleness",
          "--allowed-lateness",
          "--metrics");

  /** Options without a value. */
  private static final Set<String> FLAGS = Set.of("--fresh");

  /**
   * Entry point of the job jar under {@code flink run}. Checkpoint storage, resuming and metric
   * reporters are the cluster's business there: the options that set them for the local MiniCluster
   * are refused rather than ignored.
   */
  public static void main(String[] args) throws Exception {
    Options o = Options.parse(List.of(args));
    refuseLocalOnlyOptions(o);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    if (o.parallelism > 0) {
      env.setParallelism(o.parallelism);
    }
    o.job(env.getParallelism()).build(env);
    env.execute("carbonwatch " + o.site.getFileName());
  }

  /**
   * Under {@code flink run}, {@code --checkpoint-dir}, {@code --fresh} and {@code --metrics} would
   * have no effect: refuses them with the cluster configuration to use instead.
   *
   * @throws IllegalArgumentException naming the option and the cluster key
   */
  static void refuseLocalOnlyOptions(Options o) {
    List<String> problems = new java.util.ArrayList<>();
    if (o.checkpointDir != null) {
      problems.add(
          "--checkpoint-dir: 在集群上由集群配置决定 / on a cluster, checkpoint storage is cluster"
              + " configuration: set execution.checkpointing.dir (and"
              + " execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION)"
              + " in conf/config.yaml");
    }
    if (o.fresh) {
      problems.add(
          "--fresh: flink run 默认从空状态开始，恢复用 -s / flink run starts empty unless given"
              + " -s <checkpoint> (execution.state-recovery.path); leave --fresh out");
    }
    if (o.metricsHost != null) {
      problems.add(
          "--metrics: 在集群上由集群配置决定 / on a cluster, metric reporters are cluster"
              + " configuration: set metrics.reporter.cw.factory.class: "
              + io.carbonwatch.jobs.metrics.MicrometerReporterFactory.class.getName()
              + ", metrics.reporter.cw.host and metrics.reporter.cw.port in conf/config.yaml");
    }
    if (!problems.isEmpty()) {
      String message =
          "flink run 不接受这些选项 / options not accepted under flink run:\n  "
              + String.join("\n  ", problems);
      System.err.println(message);
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * {@code carbonwatch job …}; blocks while the job runs. Interrupting the calling thread (as the
   * shutdown hook does on Ctrl-C or SIGTERM) cancels the job, keeps its checkpoints and returns 0.
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o;
    Path checkpoints;
    try {
      o = Options.parse(args);
      checkpoints =
          o.checkpointDir != null
              ? RetainedCheckpoints.localDirectory(o.checkpointDir)
              : RetainedCheckpoints.defaultDirectory(
                  System.getenv(), System.getProperty("user.home"), o.group);
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
    Optional<RetainedCheckpoints.Checkpoint> resume;
    try {
      Files.createDirectories(checkpoints);
      resume = o.fresh ? Optional.empty() : RetainedCheckpoints.latest(checkpoints);
    } catch (IOException | UncheckedIOException e) {
      err.println("检查点目录不可用 / checkpoint directory not usable: " + checkpoints + ": " + e);
      return 2;
    }
    Configuration conf = new Configuration();
    // On disk, one job-id directory per run; the latest checkpoints outlive the process (a stop is
    // a cancellation), and the next start resumes from them.
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    // Two per run: if the newest cannot be read, deleting its chk-N falls back to the one before.
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
    if (resume.isPresent()) {
      // NO_CLAIM (the default): the run never deletes the checkpoint it resumed from.
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, resume.get().path().toUri().toString());
    }
    if (o.metricsHost != null) {
      // One reporter per process: the local MiniCluster is one process, so one endpoint.
      conf.setString(
          "metrics.reporter.cw.factory.class",
          io.carbonwatch.jobs.metrics.MicrometerReporterFactory.class.getName());
      conf.setString("metrics.reporter.cw.host", o.metricsHost);
      conf.setString("metrics.reporter.cw.port", Integer.toString(o.metricsPort));
    }
    AtomicReference<MiniCluster> cluster = new AtomicReference<>();
    StreamExecutionEnvironment env = localEnvironment(conf, parallelism, cluster);
    job.build(env);
    if (o.fresh) {
      err.println(
          "警告 / WARNING: --fresh: 不恢复任何检查点，计数器基线和未关闭的日/月窗口从空开始，"
              + "InfluxDB 中这些窗口的总计将被部分值覆盖 / resuming NO checkpoint: counter baselines"
              + " and open day/month windows start EMPTY, and their totals in InfluxDB will be"
              + " overwritten with partial ones. The checkpoints in "
              + checkpoints
              + " are kept (此目录中的检查点保留).");
    } else if (resume.isPresent()) {
      out.println(
          "从检查点恢复 / resuming from checkpoint: "
              + resume.get().path()
              + " (写于 / written "
              + resume.get().written()
              + ")");
    } else {
      out.println(
          "没有可恢复的检查点，从空状态开始 / no checkpoint to resume in "
              + checkpoints
              + ": starting with empty state");
    }
    out.println(
        "作业运行中 / job running: "
            + o.site
            + " ← "
            + o.mqtt
            + " → "
            + o.influx
            + "/"
            + o.influxDb
            + ", 检查点 / checkpoints "
            + checkpoints
            + " (Ctrl-C 停止 / to stop)");
    Thread runner = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              runner.interrupt();
              try {
                runner.join(STOP_TIMEOUT.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "carbonwatch-job-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      // Submitted on a thread of its own: a stop (an interrupt) during the MiniCluster's start-up
      // waits for the submission and then cancels, instead of breaking the start half-way.
      FutureTask<JobClient> submission =
          new FutureTask<>(() -> env.executeAsync("carbonwatch " + o.site.getFileName()));
      new Thread(submission, "carbonwatch-job-submit").start();
      JobClient client;
      try {
        client = submission.get();
      } catch (InterruptedException e) {
        out.println("正在停止，检查点保留 / stopping, checkpoints kept in " + checkpoints);
        cancel(uninterruptibly(submission), null);
        Thread.currentThread().interrupt();
        return 0;
      } catch (ExecutionException e) {
        if (resume.isPresent()) {
          // e.g. a _metadata Flink cannot read: the job is refused at submission
          cannotResume(resume.get(), rootMessage(e.getCause()), err);
          return 2;
        }
        throw e.getCause() instanceof Exception x ? x : e;
      }
      return supervise(client, cluster.get(), checkpoints, resume, out, err);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is what stopped us
      }
    }
  }

  /** How long a stop waits for the job to cancel. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private static final long POLL_MS = 500;

  /**
   * Watches the running job: a resumed job whose state cannot be restored fails the command (Flink
   * would otherwise retry the same restore forever); once the run has completed a checkpoint of its
   * own, older job-id directories are pruned. Returns when the job ends or the thread is
   * interrupted (then the job is cancelled).
   */
  private static int supervise(
      JobClient client,
      MiniCluster cluster,
      Path checkpoints,
      Optional<RetainedCheckpoints.Checkpoint> resume,
      PrintStream out,
      PrintStream err)
      throws Exception {
    JobID id = client.getJobID();
    CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
    boolean restored = resume.isEmpty();
    boolean pruned = false;
    try {
      while (!result.isDone()) {
        if (!restored || !pruned) {
          ExecutionGraphInfo info = graph(cluster, id);
          if (info != null) {
            AccessExecutionGraph g = info.getArchivedExecutionGraph();
            if (!restored) {
              String failure = firstFailure(info);
              if (failure != null) {
                cancel(client, result);
                cannotResume(resume.get(), failure, err);
                return 2;
              }
              if (allRunning(g)) {
                restored = true;
                out.println("状态已恢复 / state restored from " + resume.get().path());
              }
            }
            if (restored
                && !pruned
                && g.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints()
                    > 0) {
              pruned = true;
              // Housekeeping: a directory that cannot be deleted (another owner, a file vanishing
              // under us) must not stop a healthy job.
              try {
                for (Path p : RetainedCheckpoints.prune(checkpoints, id.toHexString())) {
                  out.println("已删除旧检查点 / deleted old checkpoints: " + p);
                }
              } catch (RuntimeException e) {
                err.println(
                    "警告：无法清理旧检查点，作业继续运行 / warning: could not prune old checkpoints,"
                        + " the job keeps running: "
                        + e.getMessage());
              }
            }
          }
        }
        Thread.sleep(POLL_MS);
      }
    } catch (InterruptedException e) {
      out.println("正在停止，检查点保留 / stopping, checkpoints kept in " + checkpoints);
      cancel(client, result);
      Thread.currentThread().interrupt();
      return 0;
    }
    try {
      result.get();
      return 0;
    } catch (ExecutionException e) {
      if (!restored) {
        cannotResume(resume.get(), rootMessage(e), err);
        return 2;
      }
      throw e;
    }
  }

  private static ExecutionGraphInfo graph(MiniCluster cluster, JobID id)
      throws InterruptedException {
    try {
      return cluster.getExecutionGraphInfo(id).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null; // still being submitted, or already gone: the result says which
    }
  }

  private static String firstFailure(ExecutionGraphInfo info) {
    for (RootExceptionHistoryEntry e : info.getExceptionHistory()) {
      return e.getExceptionAsString();
    }
    ErrorInfo failure = info.getArchivedExecutionGraph().getFailureInfo();
    return failure == null ? null : failure.getExceptionAsString();
  }

  /** Every task has restored its state and runs (or, for a bounded input, has finished). */
  private static boolean allRunning(AccessExecutionGraph g) {
    if (g.getState() != JobStatus.RUNNING) {
      return false;
    }
    boolean any = false;
    for (AccessExecutionVertex v : g.getAllExecutionVertices()) {
      ExecutionState s = v.getExecutionState();
      if (s != ExecutionState.RUNNING && s != ExecutionState.FINISHED) {
        return false;
      }
      any = true;
    }
    return any;
  }

  private static JobClient uninterruptibly(FutureTask<JobClient> submission) throws Exception {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return submission.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception x ? x : e;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void cancel(JobClient client, CompletableFuture<JobExecutionResult> result) {
    boolean interrupted = Thread.interrupted(); // a stop must still wait for the cancellation
    try {
      client.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      (result != null ? result : client.getJobExecutionResult())
          .handle((r, e) -> null)
          .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // already terminated, or the JVM is going down: the checkpoints are on disk either way
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether a failure during a resumed start came from reading the checkpoint (its metadata or a
   * state that does not fit this version), rather than from, say, the broker going away at that
   * moment — only then is "--fresh" the advice.
   */
  static boolean isRestoreFailure(String cause) {
    String c = cause.toLowerCase(java.util.Locale.ROOT);
    return c.contains("restor")
        || c.contains("_metadata")
        || c.contains("metadata")
        || c.contains("serializer")
        || c.contains("statemigration")
        || c.contains("incompatible")
        || c.contains("savepoint")
        || c.contains("checkpoint");
  }

  private static void cannotResume(
      RetainedCheckpoints.Checkpoint from, String cause, PrintStream err) {
    if (!isRestoreFailure(cause)) {
      err.println(
          "启动失败（不一定是检查点的问题），检查点保留，请排除原因后重试 / the start failed, not"
              + " necessarily because of the checkpoint "
              + from.path()
              + "; it is kept — fix the cause and run the command again."
              + "\n  原因 / cause: "
              + cause
                  .lines()
                  .filter(l -> !l.isBlank())
                  .limit(4)
                  .map(String::strip)
                  .reduce((a, b) -> a + "\n    " + b)
                  .orElse(cause));
      return;
    }
    err.println(
        "无法从检查点恢复 / cannot resume from checkpoint "
            + from.path()
            + "\n  原因 / cause: "
            + cause
                .lines()
                .filter(l -> !l.isBlank())
                .filter(l -> !l.strip().startsWith("at ") && !l.strip().startsWith("..."))
                .limit(8)
                .map(String::strip)
                .reduce((a, b) -> a + "\n    " + b)
                .orElse(cause)
            + "\n  状态可能与此版本不兼容（例如升级后）。要放弃这些状态从空开始，请加 --fresh；"
            + "或删除该 chk 目录以使用上一个检查点。"
            + "\n  The state may not fit this version (e.g. after an upgrade). To start with empty"
            + " state instead, add --fresh; or delete that chk-N directory to fall back to the one"
            + " before.");
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    StringBuilder sb = new StringBuilder(String.valueOf(t));
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      sb.append("\ncaused by: ").append(root);
    }
    return sb.toString();
  }

  /**
   * A local environment like {@link StreamExecutionEnvironment#createLocalEnvironment(int,
   * Configuration)}, whose MiniCluster {@link #supervise} can ask about restores and checkpoints.
   */
  private static StreamExecutionEnvironment localEnvironment(
      Configuration conf, int parallelism, AtomicReference<MiniCluster> cluster) {
    conf.set(DeploymentOptions.TARGET, LocalExecutor.NAME);
    conf.set(DeploymentOptions.ATTACHED, true);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    PipelineExecutorFactory local =
        new PipelineExecutorFactory() {
          @Override
          public String getName() {
            return LocalExecutor.NAME;
          }

          @Override
          public boolean isCompatibleWith(Configuration c) {
            return LocalExecutor.NAME.equals(c.get(DeploymentOptions.TARGET));
          }

          @Override
          public PipelineExecutor getExecutor(Configuration c) {
            return LocalExecutor.createWithFactory(
                c,
                mc -> {
                  MiniCluster m = new MiniCluster(mc);
                  cluster.set(m);
                  return m;
                });
          }
        };
    PipelineExecutorServiceLoader loader =
        new PipelineExecutorServiceLoader() {
          @Override
          public PipelineExecutorFactory getExecutorFactory(Configuration c) {
            return local;
          }

          @Override
          public Stream<String> getExecutorNames() {
            return Stream.of(LocalExecutor.NAME);
          }
        };
    return new StreamExecutionEnvironment(loader, conf, JobCommand.class.getClassLoader());
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
    boolean fresh;
    Duration outOfOrderness = Duration.ofSeconds(30);
    Duration idleness = Duration.ofSeconds(30);
    Duration allowedLateness = Duration.ofHours(6);
    String metricsHost;
    int metricsPort;

    static Options parse(List<String> args) {
      Map<String, String> v = new HashMap<>();
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (FLAGS.contains(a)) {
          v.put(a, "");
          continue;
        }
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
      o.fresh = v.containsKey("--fresh");
      if (v.containsKey("--out-of-orderness")) {
        o.outOfOrderness = duration("--out-of-orderness", v.get("--out-of-orderness"));
      }
      if (v.containsKey("--idleness")) {
        o.idleness = duration("--idleness", v.get("--idleness"));
      }
      if (v.containsKey("--allowed-lateness")) {
        o.allowedLateness = duration("--allowed-lateness", v.get("--allowed-lateness"));
      }
      o.config("-", "");
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

    private static final Map<String, String> OPTION_OF_FIELD =
        Map.of(
            "outOfOrderness", "--out-of-orderness",
            "idleness", "--idleness",
            "allowedLateness", "--allowed-lateness",
            "checkpointInterval", "--checkpoint-interval");

    /**
     * The production defaults with the options' timing.
     *
     * @throws IllegalArgumentException naming the option whose value {@link JobConfig} refuses
     */
    JobConfig config(String siteModelName, String yaml) {
      JobConfig d = JobConfig.defaults(siteModelName, yaml);
      try {
        return new JobConfig(
            d.siteModelName(),
            d.siteModelYaml(),
            outOfOrderness,
            idleness,
            d.windowGrace(),
            allowedLateness,
            d.dedupeTtl(),
            d.liveInterval(),
            d.liveStaleAfter(),
            checkpointInterval,
            d.minCoverage());
      } catch (IllegalArgumentException e) {
        String m = e.getMessage();
        int colon = m.indexOf(':');
        String option = colon < 0 ? null : OPTION_OF_FIELD.get(m.substring(0, colon));
        throw new IllegalArgumentException(option == null ? m : option + m.substring(colon), e);
      }
    }

    CarbonJob job(int parallelism) throws Exception {
      String yaml = Files.readString(site, StandardCharsets.UTF_8);
      JobConfig config = config(site.toString(), yaml);
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
