package io.carbonwatch.bench.core;

import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.core.wire.WireCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Wire codec for a typical reading: one meter poll with 5 values (energy counter, power, voltage,
 * current, and one timed-out channel), as the edge agent publishes and the stream job parses it.
 *
 * <p>{@code decodeReading} takes the encoder's own layout (the byte-level fast path's template
 * lane); {@code decodeReadingIndented} the same reading with a space after each member's ',' and
 * ':' (the fast path's general scanner); {@code decodeReadingFromString} the String overload.
 * Before the fast path (commit 3db7a7a, Jackson's streaming parser only) decode took 1517 ns and
 * 2440 B per reading and encode 1216 ns and 2216 B (JMH, idle machine, 2026-11-24 04:59 UTC);
 * figures after it are in {@code docs/benchmarks.md}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WireCodecBench {

  private Reading reading;
  private byte[] json;
  private byte[] indented;
  private String text;

  @Setup
  public void setUp() {
    reading =
        new Reading(
            "sh-plant",
            "edge-01",
            "m-air-1",
            1_234_567,
            Instant.parse("2026-11-24T03:15:00.250Z"),
            List.of(
                ReadingValue.good("energy_import", 1_234_567.891, "kWh"),
                ReadingValue.good("power_active", 87.25, "kW"),
                ReadingValue.good("voltage_l1", 231.4, "V"),
                ReadingValue.good("current_l1", 125.6, "A"),
                ReadingValue.missing("power_factor", "1", Quality.TIMEOUT)));
    json = WireCodec.encode(reading);
    text = WireCodec.text(json);
    indented = text.replace(",\"", ", \"").replace("\":", "\": ").getBytes(StandardCharsets.UTF_8);
    if (!WireCodec.decodeReading(json).equals(reading)
        || !WireCodec.decodeReading(indented).equals(reading)
        || !WireCodec.decodeReading(text).equals(reading)) {
      throw new IllegalStateException("codec does not round-trip the benchmark reading");
    }
  }

  @Benchmark
  public byte[] encodeReading() {
    return WireCodec.encode(reading);
  }

  @Benchmark
  public Reading decodeReading() {
    return WireCodec.decodeReading(json);
  }

  @Benchmark
  public Reading decodeReadingIndented() {
    return WireCodec.decodeReading(indented);
  }

  @Benchmark
  public Reading decodeReadingFromString() {
    return WireCodec.decodeReading(text);
  }

  /**
   * The same operations timed in thread CPU time rather than wall time, for a machine shared with
   * other work (JMH's wall-clock scores then measure the neighbours): {@code scripts/bench
   * io.carbonwatch.bench.core.WireCodecBench [rounds=15]}. One operation after the other (the
   * indented message last, so the canonical one is measured with the JIT profile the stream job
   * has), each for {@code rounds} rounds of 200 000 calls after 3 rounds of warm-up; prints the
   * best and the median round.
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    WireCodecBench b = new WireCodecBench();
    b.setUp();
    String[] names = {
      "decodeReading", "decodeReadingFromString", "encodeReading", "decodeReadingIndented"
    };
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int n = 200_000;
    long sink = 0;
    for (int op = 0; op < names.length; op++) {
      double[] perOp = new double[rounds];
      for (int round = -3; round < rounds; round++) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          sink +=
              switch (op) {
                case 0 -> b.decodeReading().seq();
                case 1 -> b.decodeReadingFromString().seq();
                case 2 -> b.encodeReading().length;
                default -> b.decodeReadingIndented().seq();
              };
        }
        if (round >= 0) {
          perOp[round] = (threads.getCurrentThreadCpuTime() - start) / (double) n;
        }
      }
      Arrays.sort(perOp);
      System.out.printf(
          "%-26s CPU ns/op: best %.0f, median %.0f%n", names[op], perOp[0], perOp[rounds / 2]);
    }
    System.out.println("(checksum " + sink + ")");
  }
}
