package io.carbonwatch.bench.jobs;

import io.carbonwatch.jobs.CarbonJob;
import io.carbonwatch.jobs.JobConfig;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.functions.ParseReadings;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import io.carbonwatch.jobs.mqtt.MqttOutbound;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Readings per second through the whole job from an in-process source (no broker, no database:
 * discarding sinks), side by side with a parse-only job over the same source, in the same JVM.
 *
 * <p>Two plants: the generated fleet of {@link LargePlant} ({@code sites} × ({@code subMeters} + 4)
 * meters polled every 10 s of event time; the headline figure) and the 8-meter example plant at one
 * reading per meter per minute ({@link PlantReadings}; event time races ahead ~40 days per wall
 * second, so every per-minute output is multiplied — kept for comparison with earlier figures).
 *
 * <pre>
 * scripts/bench io.carbonwatch.bench.jobs.JobThroughput [readings] [parallelism] [rounds] \
 *     [sites] [subMeters] [exampleReadings]
 * </pre>
 */
public final class JobThroughput {
  private JobThroughput() {}

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
    int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int sites = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int subMeters = args.length > 4 ? Integer.parseInt(args[4]) : 496;
    long exampleN = args.length > 5 ? Long.parseLong(args[5]) : Math.min(n, 200_000);
    Path example = Path.of("docs/examples/demo-plant.yaml");
    String exampleYaml = Files.readString(example);
    LargePlant probe = new LargePlant(sites, subMeters, n, parallelism, START);
    String fleetYaml = probe.siteModelYaml();
    // A fleet model the loader refuses fails here, not inside the first job.
    new PlanRegistry("generated-fleet.yaml", fleetYaml).validate();
    System.out.printf(
        "fleet: %d sites x %d meters = %,d meters polled every 10 s (%,d readings per second of"
            + " event time)%n",
        sites, probe.metersPerSite(), probe.meters(), probe.meters() / 10);
    for (int round = 1; round <= rounds; round++) {
      Supplier<Source<MqttMessageRecord, ?, ?>> fleet =
          () -> generated(n, new LargePlant(sites, subMeters, n, parallelism, START));
      row(round, "fleet", n, parallelism, fleet, "generated-fleet.yaml", fleetYaml);
      Supplier<Source<MqttMessageRecord, ?, ?>> plant =
          () -> generated(exampleN, new PlantReadings(exampleN, START));
      row(round, "example plant", exampleN, parallelism, plant, example.toString(), exampleYaml);
    }
  }

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static void row(
      int round,
      String plant,
      long n,
      int parallelism,
      Supplier<Source<MqttMessageRecord, ?, ?>> source,
      String name,
      String yaml)
      throws Exception {
    Rate parse =
        run(plant + " parse-only", n, parallelism, env -> parseOnly(env, source, name, yaml));
    Rate whole =
        run(plant + " whole job", n, parallelism, env -> wholeJob(env, source, name, yaml));
    System.out.printf(
        "round %d, %s: parse-only %,.0f/s wall (%,.0f/s from the first reading; %,.0f per CPU-s,"
            + " %,.0f from the first reading), whole job %,.0f/s wall (%,.0f/s from the first"
            + " reading; %,.0f per CPU-s, %,.0f from the first reading), ratio %.2f wall (%.2f from"
            + " the first reading), %.2f CPU, %.2f CPU from the first reading%n",
        round,
        plant,
        parse.wall(),
        parse.steadyWall(),
        parse.cpu(),
        parse.steadyCpu(),
        whole.wall(),
        whole.steadyWall(),
        whole.cpu(),
        whole.steadyCpu(),
        whole.wall() / parse.wall(),
        whole.steadyWall() / parse.steadyWall(),
        whole.cpu() / parse.cpu(),
        whole.steadyCpu() / parse.steadyCpu());
  }

  record Rate(double wall, double cpu, double steadyCpu, double steadyWall) {}

  interface Graph {
    void build(StreamExecutionEnvironment env) throws Exception;
  }

  static Rate run(String name, long n, int parallelism, Graph graph) throws Exception {
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
    FirstRecord.reset();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    env.execute(name);
    long t1 = System.nanoTime();
    long cpu1 = os.getProcessCpuTime();
    double seconds = (t1 - t0) / 1e9;
    double cpuSeconds = (cpu1 - cpu0) / 1e9;
    double rate = n / seconds;
    // Without the job's start-up (task deployment, each operator compiling the site model): from
    // the first generated reading to the end, which is what a long-running job sustains.
    double steadyCpu = (cpu1 - FirstRecord.cpuNanos.get()) / 1e9;
    // The same for wall-clock time: the first generated reading to the job's end, which still
    // includes draining the pipeline and every window fired at the end of input.
    double steadySeconds = (t1 - FirstRecord.wallNanos.get()) / 1e9;
    // The machine is shared: wall-clock rates swing with other load, CPU time per reading does not.
    System.out.printf(
        "%s: %,d readings in %.1f s wall = %,.0f readings/s; %.1f CPU-s = %,.0f readings per CPU-second;"
            + " from the first reading %.1f s wall = %,.0f readings/s, %.1f CPU-s = %,.0f per"
            + " CPU-second (load average %.1f)%n",
        name,
        n,
        seconds,
        rate,
        cpuSeconds,
        n / cpuSeconds,
        steadySeconds,
        n / steadySeconds,
        steadyCpu,
        n / steadyCpu,
        os.getSystemLoadAverage());
    return new Rate(rate, n / cpuSeconds, n / steadyCpu, n / steadySeconds);
  }

  /** When the first reading of a run was generated (process CPU time), for the steady figure. */
  static final class FirstRecord {
    static final java.util.concurrent.atomic.AtomicLong cpuNanos =
        new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong wallNanos =
        new java.util.concurrent.atomic.AtomicLong();

    static void reset() {
      cpuNanos.set(0);
      wallNanos.set(0);
    }

    static void mark() {
      if (cpuNanos.get() == 0) {
        var os =
            (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (cpuNanos.compareAndSet(0, os.getProcessCpuTime())) {
          wallNanos.set(System.nanoTime());
        }
      }
    }
  }

  /** Marks the first generated reading; otherwise the generator itself. */
  record Timed(GeneratorFunction<Long, MqttMessageRecord> inner)
      implements GeneratorFunction<Long, MqttMessageRecord> {
    @Override
    public MqttMessageRecord map(Long index) throws Exception {
      FirstRecord.mark();
      return inner.map(index);
    }
  }

  static Source<MqttMessageRecord, ?, ?> generated(
      long n, GeneratorFunction<Long, MqttMessageRecord> generator) {
    return new DataGeneratorSource<>(
        new Timed(generator), n, TypeInformation.of(MqttMessageRecord.class));
  }

  static void parseOnly(
      StreamExecutionEnvironment env,
      Supplier<Source<MqttMessageRecord, ?, ?>> source,
      String name,
      String yaml) {
    // The whole job's settings where they apply to parsing: no defensive copies between chained
    // operators, so the two figures compare the same parse.
    env.getConfig().enableObjectReuse();
    env.fromSource(source.get(), WatermarkStrategy.noWatermarks(), "generated readings")
        .process(new ParseReadings())
        .sinkTo(new DiscardingSink<>());
  }

  static void wholeJob(
      StreamExecutionEnvironment env,
      Supplier<Source<MqttMessageRecord, ?, ?>> source,
      String name,
      String yaml) {
    new CarbonJob(
            JobConfig.defaults(name, yaml),
            source.get(),
            null,
            new DiscardingSink<String>(),
            new DiscardingSink<MqttOutbound>())
        .build(env);
  }
}
