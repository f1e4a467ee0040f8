package io.carbonwatch.jobs;

import static io.carbonwatch.jobs.JobHarness.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.testkit.InfluxExtension;
import io.carbonwatch.testkit.MosquittoExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carbonwatch job} as the CLI runs it ({@link JobCommand#run}), against real Mosquitto and
 * InfluxDB with the example plant: stopped and started again on the same checkpoint directory, the
 * second process resumes, and a counter's consumption across the stop is booked exactly once.
 */
class JobCommandRunTest {
  @RegisterExtension static final MosquittoExtension MQTT = new MosquittoExtension();
  @RegisterExtension static final InfluxExtension INFLUX = new InfluxExtension();

  private static final SimulatedPlantDay DAY = SimulatedPlantDay.standard();
  private static final String MAIN = "M-MAIN.energy_import";

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopWhatIsStillRunning() throws Exception {
    for (Process p : started) {
      if (!p.exit.isDone()) {
        p.stop();
      }
    }
  }

  /** One {@code carbonwatch job} process: its thread, exit code and output. */
  private final class Process {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    final Thread thread;

    Process(String... args) {
      PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
      PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
      thread =
          new Thread(
              () -> {
                try {
                  exit.complete(JobCommand.run(List.of(args), o, e));
                } catch (Throwable t) {
                  exit.completeExceptionally(t);
                }
              },
              "carbonwatch-job-under-test");
      thread.start();
      started.add(this);
    }

    String output() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }

    String errors() {
      synchronized (err) {
        return err.toString(StandardCharsets.UTF_8);
      }
    }

    void awaitOutput(String text) throws InterruptedException {
      JobHarness.await(
          "'" + text + "' in the output",
          Duration.ofSeconds(60),
          () -> output().contains(text) || exit.isDone());
      assertThat(output()).as("stderr: %s", errors()).contains(text);
    }

    /** Stops the process as Ctrl-C does (the shutdown hook interrupts the command's thread). */
    int stop() throws Exception {
      thread.interrupt();
      return exit.get(40, TimeUnit.SECONDS);
    }
  }

  private static String[] args(String group, String db, Path checkpoints, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--site",
                DemoPlant.FILE.toString(),
                "--mqtt",
                MQTT.uri(),
                "--group",
                group,
                "--influx",
                INFLUX.url(),
                "--influx-db",
                db,
                "--checkpoint-interval",
                "1s",
                "--idleness",
                "5s",
                "--checkpoint-dir",
                checkpoints.toUri().toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  private static List<Reading> between(Instant from, Instant to) {
    return DAY.readings.stream()
        .filter(r -> !r.time().isBefore(from) && !r.time().isAfter(to))
        .toList();
  }

  private static Instant at(int hour, int minute) {
    return DAY.dayStart.plus(Duration.ofHours(hour).plusMinutes(minute));
  }

  private static double minutesOfMain(String db, Instant from, Instant to) {
    return JobHarness.totals(INFLUX, db, "activity", "1m", from, to)
        .getOrDefault("meter:M-MAIN:energy_import", Double.NaN);
  }

  @Test
  void asecondProcessResumesFromTheFirstsCheckpointAndBooksTheCounterAcrossTheStopOnce(
      @TempDir Path checkpoints) throws Exception {
    String db = "cw_cmd_resume";
    INFLUX.createDatabase(db);
    try (JobHarness.Broker broker = new JobHarness.Broker(MQTT.uri(), "cmd-resume-test")) {
      // First process: 08:00–08:20 of the example plant.
      Process first = new Process(args("cw-cmd", db, checkpoints));
      first.awaitOutput("job running");
      assertThat(first.output()).contains("no checkpoint to resume in " + checkpoints);
      broker.publish(between(at(8, 0), at(8, 20)));
      double firstMinutes = DAY.consumption(MAIN, at(8, 0), at(8, 17)).doubleValue();
      JobHarness.await(
          "08:00–08:17 in minutes from the first process",
          Duration.ofSeconds(40),
          () -> Math.abs(minutesOfMain(db, at(8, 0), at(8, 17)) - firstMinutes) < 1e-6);
      // A checkpoint taken after those minutes were stored holds the meters' counter states.
      long seen = RetainedCheckpoints.latest(checkpoints).map(c -> c.number()).orElse(0L);
      JobHarness.await(
          "a checkpoint after the first readings",
          Duration.ofSeconds(20),
          () -> RetainedCheckpoints.latest(checkpoints).orElseThrow().number() > seen + 1);
      assertThat(first.stop()).as("exit code after a stop").isZero();
      assertThat(first.output()).contains("stopping, checkpoints kept in " + checkpoints);
      assertThat(first.errors()).doesNotContain("Exception");

      // Second process on the same directory; 08:21–08:24 never arrive (a gap), 08:25–09:05 do.
      RetainedCheckpoints.Checkpoint kept = RetainedCheckpoints.latest(checkpoints).orElseThrow();
      // Three older runs' directories: once the second run has a checkpoint of its own, only the
      // newest three job directories (its own, the first run's and the newest old one) remain.
      List<Path> old = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        Path chk =
            Files.createDirectories(
                checkpoints.resolve(String.valueOf(i).repeat(32) + "/chk-" + i));
        Files.setLastModifiedTime(
            Files.writeString(chk.resolve("_metadata"), "old"),
            FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(i))));
        old.add(chk.getParent());
      }
      Process second = new Process(args("cw-cmd", db, checkpoints));
      second.awaitOutput("state restored from " + kept.path());
      assertThat(second.output())
          .contains("resuming from checkpoint: " + kept.path())
          .doesNotContain("no checkpoint to resume");
      broker.publish(between(at(8, 25), at(9, 5)));
      second.awaitOutput("deleted old checkpoints: " + old.get(1));
      assertThat(old.get(0)).doesNotExist();
      assertThat(old.get(1)).doesNotExist();
      assertThat(old.get(2)).isDirectory();
      assertThat(kept.path()).as("the checkpoint resumed from").isDirectory();

      // The hour 08:00–09:00 holds exactly counter(09:00) − counter(08:00): the interval across
      // the stop is carried by the counter once. Starting empty, the second process would take
      // its first reading (08:25) as the counter's baseline and overwrite the hour with less.
      double hour = DAY.consumption(MAIN, at(8, 0), at(9, 0)).doubleValue();
      JobHarness.await(
          "the hour 08:00–09:00 of M-MAIN",
          Duration.ofSeconds(60),
          () ->
              Math.abs(
                      JobHarness.totals(INFLUX, db, "activity", "1h", at(8, 0), at(9, 0))
                              .getOrDefault("meter:M-MAIN:energy_import", 0.0)
                          - hour)
                  < 1e-6);
      Map<String, Double> hours =
          JobHarness.totals(INFLUX, db, "activity", "1h", at(8, 0), at(9, 0));
      assertClose(hours, "meter:M-MAIN:energy_import", hour, 1e-9);
      assertClose(
          hours,
          "meter:M-GAS:volume_standard",
          DAY.consumption("M-GAS.volume_standard", at(8, 0), at(9, 0)).doubleValue(),
          1e-9);
      // Minute by minute: nothing counted twice, and the gap 08:20–08:25 pro-rated from the
      // counter, neither lost nor rebased.
      assertThat(minutesOfMain(db, at(8, 0), at(9, 0))).isCloseTo(hour, within(hour));
      assertThat(minutesOfMain(db, at(8, 20), at(8, 25)))
          .isCloseTo(DAY.consumption(MAIN, at(8, 20), at(8, 25)).doubleValue(), within(hour));
      assertThat(second.stop()).as("exit code after a stop").isZero();
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double total) {
    return org.assertj.core.data.Offset.offset(Math.max(1e-6, total * 1e-9));
  }

  /** A keyed function with state of the wrong type under the name the meters' state uses. */
  static final class OtherMeterState extends KeyedProcessFunction<Long, Long, Long> {
    private transient ValueState<String> state;

    @Override
    public void open(OpenContext context) {
      state = getRuntimeContext().getState(new ValueStateDescriptor<>("meter", String.class));
    }

    @Override
    public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
      state.update("v" + value);
    }
  }

  @Test
  void aCheckpointThatCannotBeRestoredStopsTheStartNamingItAndFreshStartsEmpty(
      @TempDir Path checkpoints) throws Exception {
    // "An earlier version": operators with the job's ids, state of another type.
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    env.enableCheckpointing(200);
    env.fromSequence(0, Long.MAX_VALUE)
        .uid("source-readings")
        .map(
            v -> {
              Thread.sleep(5); // slow at the source, so barriers never wait behind full buffers
              return v;
            })
        .returns(Types.LONG)
        .uid("parse")
        .keyBy(v -> v % 16)
        .process(new OtherMeterState())
        .uid("meters");
    JobClient old = env.executeAsync("an earlier version");
    try {
      JobHarness.await(
          "a checkpoint of the earlier version",
          Duration.ofSeconds(30),
          () -> RetainedCheckpoints.latest(checkpoints).isPresent());
    } finally {
      old.cancel().get(30, TimeUnit.SECONDS);
    }
    RetainedCheckpoints.Checkpoint incompatible =
        RetainedCheckpoints.latest(checkpoints).orElseThrow();

    String db = "cw_cmd_incompatible";
    INFLUX.createDatabase(db);
    Process start = new Process(args("cw-cmd-bad", db, checkpoints));
    assertThat(start.exit.get(60, TimeUnit.SECONDS)).as("exit code").isEqualTo(2);
    assertThat(start.output()).contains("resuming from checkpoint: " + incompatible.path());
    assertThat(start.errors())
        .contains("cannot resume from checkpoint " + incompatible.path())
        .contains("cause:")
        .contains("Failed to deserialize")
        .contains("add --fresh");
    assertThat(incompatible.path().resolve("_metadata")).as("nothing deleted").isRegularFile();

    Process fresh = new Process(args("cw-cmd-bad", db, checkpoints, "--fresh"));
    fresh.awaitOutput("job running");
    assertThat(fresh.errors()).contains("WARNING: --fresh").contains("start EMPTY");
    assertThat(fresh.output()).doesNotContain("resuming from checkpoint");
    assertThat(fresh.stop()).as("exit code after a stop").isZero();
    assertThat(incompatible.path().resolve("_metadata")).as("kept after --fresh").isRegularFile();
  }

  @Test
  void anUnreadableCheckpointStopsTheStartNamingIt(@TempDir Path checkpoints) throws Exception {
    Path chk =
        Files.createDirectories(checkpoints.resolve("0123456789abcdef0123456789abcdef/chk-9"));
    Files.writeString(chk.resolve("_metadata"), "not a checkpoint");
    String db = "cw_cmd_unreadable";
    INFLUX.createDatabase(db);
    Process start = new Process(args("cw-cmd-unreadable", db, checkpoints));
    assertThat(start.exit.get(60, TimeUnit.SECONDS)).as("exit code").isEqualTo(2);
    assertThat(start.errors())
        .contains("cannot resume from checkpoint " + chk)
        .contains("add --fresh");
  }
}
