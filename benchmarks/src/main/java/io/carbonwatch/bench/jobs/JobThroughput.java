package io.carbonwatch.bench.jobs;

import io.carbonwatch.jobs.CarbonJob;
import io.carbonwatch.jobs.JobConfig;
import io.carbonwatch.jobs.control.ControlState;
import io.carbonwatch.jobs.control.ControlUpdate;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.functions.ParseReadings;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import io.carbonwatch.jobs.mqtt.MqttOutbound;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Readings per second through the whole job from an in-process source (no broker, no database:
 * discarding sinks), side by side with a parse-only job over the same source, in the same JVM.
 *
 * <pre>scripts/bench io.carbonwatch.bench.jobs.JobThroughput [readings] [parallelism] [rounds]
 * </pre>
 */
public final class JobThroughput {
  private JobThroughput() {}

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
    int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path site = Path.of("docs/examples/demo-plant.yaml");
    String yaml = Files.readString(site);
    for (int round = 1; round <= rounds; round++) {
      double parse = run("parse-only", n, parallelism, env -> parseOnly(env, n, site, yaml));
      double whole = run("whole job", n, parallelism, env -> wholeJob(env, n, site, yaml));
      System.out.printf(
          "round %d: parse-only %,.0f, whole job %,.0f readings per CPU-second, ratio %.2f%n",
          round, parse, whole, whole / parse);
    }
  }

  interface Graph {
    void build(StreamExecutionEnvironment env) throws Exception;
  }

  static double run(String name, long n, int parallelism, Graph graph) throws Exception {
    Configuration conf = new Configuration();
    conf.setString("taskmanager.memory.managed.size", "64m");
    conf.setString(
        "execution.checkpointing.dir",
        java.nio.file.Files.createTempDirectory("cw-bench-ckpt").toUri().toString());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    graph.build(env);
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    env.execute(name);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
    double rate = n / seconds;
    // The machine is shared: wall-clock rates swing with other load, CPU time per reading does not.
    System.out.printf(
        "%s: %,d readings in %.1f s wall = %,.0f readings/s; %.1f CPU-s = %,.0f readings per CPU-second"
            + " (load average %.1f)%n",
        name, n, seconds, rate, cpuSeconds, n / cpuSeconds, os.getSystemLoadAverage());
    return n / cpuSeconds;
  }

  static DataGeneratorSource<MqttMessageRecord> source(long n) {
    return new DataGeneratorSource<>(
        new PlantReadings(n, Instant.parse("2026-01-01T00:00:00Z")),
        n,
        TypeInformation.of(MqttMessageRecord.class));
  }

  static void parseOnly(StreamExecutionEnvironment env, long n, Path site, String yaml) {
    var control =
        env.fromData(new ControlUpdate("-", "none", "")).broadcast(ControlState.DESCRIPTOR);
    env.fromSource(source(n), WatermarkStrategy.noWatermarks(), "generated readings")
        .connect(control)
        .process(new ParseReadings(new PlanRegistry(site.toString(), yaml)))
        .sinkTo(new DiscardingSink<>());
  }

  static void wholeJob(StreamExecutionEnvironment env, long n, Path site, String yaml) {
    new CarbonJob(
            JobConfig.defaults(site.toString(), yaml),
            source(n),
            null,
            new DiscardingSink<String>(),
            new DiscardingSink<MqttOutbound>())
        .build(env);
  }
}
