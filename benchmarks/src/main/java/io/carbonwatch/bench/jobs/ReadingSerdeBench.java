package io.carbonwatch.bench.jobs;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.jobs.serde.ReadingSerializer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A reading crossing a Flink exchange: serialize into a {@link DataOutputSerializer} and
 * deserialize from a {@link DataInputDeserializer} (the views Flink's record writers and readers
 * hand to serializers), with {@link ReadingSerializer} ({@code carbonwatch*}) and with the
 * serializer Flink derives for the record by itself ({@code flink*}, a PojoSerializer over a
 * ListSerializer of ReadingValue). The reading is one meter poll of an energy counter and a power
 * channel. {@code constructValidated} is the canonical constructors alone (validation and
 * allocation of the two values and the reading), the part of {@code carbonwatchDeserialize} that
 * skipping validation could save at most.
 *
 * <p>Bytes per reading are printed at setup ({@code # bytes per reading}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReadingSerdeBench {

  private Reading reading;
  private TypeSerializer<Reading> carbonwatch;
  private TypeSerializer<Reading> flink;
  private final DataOutputSerializer out = new DataOutputSerializer(256);
  private final DataInputDeserializer in = new DataInputDeserializer();
  private byte[] carbonwatchBytes;
  private byte[] flinkBytes;

  static Reading typicalReading() {
    return new Reading(
        "site-01",
        "edge-1",
        "m-0042",
        1_234_567,
        Instant.parse("2026-11-24T03:15:00.250Z"),
        List.of(
            ReadingValue.good("energy_kwh", 1_234_567.891, "kWh"),
            ReadingValue.good("power_kw", 87.25, "kW")));
  }

  @Setup
  public void setUp() throws IOException {
    reading = typicalReading();
    carbonwatch = new ReadingSerializer();
    flink = TypeInformation.of(Reading.class).createSerializer(new SerializerConfigImpl());
    carbonwatchBytes = bytes(carbonwatch);
    flinkBytes = bytes(flink);
    for (byte[] b : new byte[][] {carbonwatchBytes, flinkBytes}) {
      TypeSerializer<Reading> s = b == carbonwatchBytes ? carbonwatch : flink;
      if (!s.deserialize(new DataInputDeserializer(b)).equals(reading)) {
        throw new IllegalStateException(s + " does not round-trip the benchmark reading");
      }
    }
    System.out.printf(
        "%n# bytes per reading: carbonwatch %d, flink %d (%s)%n",
        carbonwatchBytes.length, flinkBytes.length, flink.getClass().getSimpleName());
  }

  private byte[] bytes(TypeSerializer<Reading> s) throws IOException {
    DataOutputSerializer o = new DataOutputSerializer(256);
    s.serialize(reading, o);
    return o.getCopyOfBuffer();
  }

  private Reading roundTrip(TypeSerializer<Reading> s) throws IOException {
    out.clear();
    s.serialize(reading, out);
    in.setBuffer(out.getSharedBuffer(), 0, out.length());
    return s.deserialize(in);
  }

  private int serialize(TypeSerializer<Reading> s) throws IOException {
    out.clear();
    s.serialize(reading, out);
    return out.length();
  }

  private Reading deserialize(TypeSerializer<Reading> s, byte[] b) throws IOException {
    in.setBuffer(b);
    return s.deserialize(in);
  }

  @Benchmark
  public Reading carbonwatchRoundTrip() throws IOException {
    return roundTrip(carbonwatch);
  }

  @Benchmark
  public Reading flinkRoundTrip() throws IOException {
    return roundTrip(flink);
  }

  @Benchmark
  public int carbonwatchSerialize() throws IOException {
    return serialize(carbonwatch);
  }

  @Benchmark
  public int flinkSerialize() throws IOException {
    return serialize(flink);
  }

  @Benchmark
  public Reading carbonwatchDeserialize() throws IOException {
    return deserialize(carbonwatch, carbonwatchBytes);
  }

  @Benchmark
  public Reading flinkDeserialize() throws IOException {
    return deserialize(flink, flinkBytes);
  }

  @Benchmark
  public Reading constructValidated() {
    Reading r = reading;
    List<ReadingValue> v = r.values();
    ReadingValue a = v.get(0);
    ReadingValue b = v.get(1);
    return new Reading(
        r.site(),
        r.agent(),
        r.meter(),
        r.seq(),
        r.time(),
        List.of(
            new ReadingValue(a.channel(), a.value(), a.unit(), a.quality(), a.exceptionCode()),
            new ReadingValue(b.channel(), b.value(), b.unit(), b.quality(), b.exceptionCode())));
  }

  /** One benchmark operation, for {@link #main}. */
  private interface Op {
    long run(ReadingSerdeBench b) throws IOException;
  }

  /**
   * The same operations timed in thread CPU time rather than wall time, for a machine shared with
   * other work (JMH's wall-clock scores then measure the neighbours): {@code scripts/bench
   * io.carbonwatch.bench.jobs.ReadingSerdeBench [rounds=15]}. Each operation for {@code rounds}
   * rounds of 500 000 calls after 5 rounds of warm-up; prints the best and the median round.
   */
  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    ReadingSerdeBench b = new ReadingSerdeBench();
    b.setUp();
    String[] names = {
      "carbonwatchRoundTrip",
      "flinkRoundTrip",
      "carbonwatchSerialize",
      "flinkSerialize",
      "carbonwatchDeserialize",
      "flinkDeserialize",
      "constructValidated"
    };
    Op[] ops = {
      x -> x.carbonwatchRoundTrip().seq(),
      x -> x.flinkRoundTrip().seq(),
      x -> x.carbonwatchSerialize(),
      x -> x.flinkSerialize(),
      x -> x.carbonwatchDeserialize().seq(),
      x -> x.flinkDeserialize().seq(),
      x -> x.constructValidated().seq()
    };
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int n = 500_000;
    long sink = 0;
    for (int op = 0; op < ops.length; op++) {
      double[] perOp = new double[rounds];
      for (int round = -5; round < rounds; round++) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          sink += ops[op].run(b);
        }
        if (round >= 0) {
          perOp[round] = (threads.getCurrentThreadCpuTime() - start) / (double) n;
        }
      }
      Arrays.sort(perOp);
      System.out.printf(
          "%-24s CPU ns/op: best %.0f, median %.0f%n", names[op], perOp[0], perOp[rounds / 2]);
    }
    System.out.println("(checksum " + sink + ")");
  }
}
