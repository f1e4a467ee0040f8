package io.carbonwatch.bench.jobs;

import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.SeriesAmount;
import io.carbonwatch.jobs.serde.SeriesAmountSerializer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A one-minute piece crossing the exchange from the meter operator to the windows: serialize into a
 * {@link DataOutputSerializer} and deserialize from a {@link DataInputDeserializer} (the views
 * Flink's record writers and readers hand to serializers), with {@link SeriesAmountSerializer}
 * ({@code carbonwatch*}) and with the serializer Flink derives for the record by itself ({@code
 * flink*}, a PojoSerializer).
 *
 * <p>The pieces are those of 2500 meters of ten sites in {@code Asia/Shanghai}: each meter's
 * electricity piece ({@code site-3|meter|m-0412|electricity}, no gas, no lineage) and its scope-2
 * emission piece (three gas groups non-zero, lineage {@code cn-grid:east@2024;AR5}), 5000 series
 * keys cycling as they do every minute; each operation handles the next piece. {@code *KeyGroup}
 * deserializes and then assigns the key group of the series key, the first thing the keyed windows
 * operator does with every record (a key decoded from a cached {@code String} has its hash code
 * already); {@code *KeyedState} then also looks the series up in a map holding the key instance of
 * its first record, as a heap state table does (a cached key is that instance, and {@code equals}
 * stops at the reference). The map is small and warm here, unlike the job's state, so that step
 * shows the least the caches can win back.
 *
 * <p>Bytes per piece are printed at setup ({@code # bytes per piece}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SeriesAmountSerdeBench {

  static final int METERS = 2_500;
  private static final int MAX_PARALLELISM = 128;

  private SeriesAmount[] pieces;
  private int next;
  private TypeSerializer<SeriesAmount> carbonwatch;
  private TypeSerializer<SeriesAmount> flink;
  private final DataOutputSerializer out = new DataOutputSerializer(256);
  private final DataInputDeserializer in = new DataInputDeserializer();
  private final DataInputDeserializer carbonwatchIn = new DataInputDeserializer();
  private final DataInputDeserializer flinkIn = new DataInputDeserializer();
  private byte[] carbonwatchBytes;
  private byte[] flinkBytes;

  /** Each series' state by its key, holding the key instance of the series' first record. */
  private HashMap<String, SeriesAmount> carbonwatchState;

  private HashMap<String, SeriesAmount> flinkState;

  /** Every series of {@link #METERS} meters, in the order a minute's pieces would come. */
  static SeriesAmount[] minuteOfPieces() {
    long start = 1_778_000_040_000L;
    SeriesAmount[] out = new SeriesAmount[2 * METERS];
    for (int m = 0; m < METERS; m++) {
      String site = "site-" + m % 10;
      String id = String.format("m-%04d", m);
      double kwh = 0.5 + (m % 97) * 0.173;
      double kg = kwh * 0.5703;
      out[2 * m] =
          new SeriesAmount(
              SeriesAmount.keyOf(site, Level.METER, id, "electricity"),
              site,
              "Asia/Shanghai",
              Level.METER,
              id,
              "electricity",
              "kWh",
              "piece",
              start,
              start + 60_000,
              kwh,
              null,
              0,
              null,
              1);
      out[2 * m + 1] =
          new SeriesAmount(
              SeriesAmount.keyOf(site, Level.METER, id, "emissions.scope2"),
              site,
              "Asia/Shanghai",
              Level.METER,
              id,
              "emissions.scope2",
              "kgCO2e",
              "piece",
              start,
              start + 60_000,
              kg,
              new double[] {kg * 0.995, kg * 0.002, kg * 0.003, 0, 0, 0, 0},
              0,
              "cn-grid:east@2024;AR5",
              1);
    }
    return out;
  }

  @Setup
  public void setUp() throws IOException {
    pieces = minuteOfPieces();
    carbonwatch = new SeriesAmountSerializer();
    flink = TypeInformation.of(SeriesAmount.class).createSerializer(new SerializerConfigImpl());
    carbonwatchBytes = bytes(carbonwatch);
    flinkBytes = bytes(flink);
    for (TypeSerializer<SeriesAmount> s : List.of(carbonwatch, flink)) {
      DataInputDeserializer check =
          new DataInputDeserializer(s == carbonwatch ? carbonwatchBytes : flinkBytes);
      for (SeriesAmount p : pieces) {
        SeriesAmount back = s.deserialize(check);
        if (!same(back, p)) {
          throw new IllegalStateException(s + " does not round-trip " + p);
        }
      }
    }
    carbonwatchState = firstRecords(carbonwatch, carbonwatchBytes);
    flinkState = firstRecords(flink, flinkBytes);
    carbonwatchIn.setBuffer(carbonwatchBytes);
    flinkIn.setBuffer(flinkBytes);
    System.out.printf(
        "%n# bytes per piece: carbonwatch %d electricity, %d emission, %.1f mean;"
            + " flink %d electricity, %d emission, %.1f mean (%s)%n",
        size(carbonwatch, pieces[0]),
        size(carbonwatch, pieces[1]),
        carbonwatchBytes.length / (double) pieces.length,
        size(flink, pieces[0]),
        size(flink, pieces[1]),
        flinkBytes.length / (double) pieces.length,
        flink.getClass().getSimpleName());
  }

  private static boolean same(SeriesAmount a, SeriesAmount b) {
    return a.withAmounts(a.amount(), null, a.pieces())
            .equals(b.withAmounts(b.amount(), null, b.pieces()))
        && Arrays.equals(a.gasCo2eKg(), b.gasCo2eKg());
  }

  private byte[] bytes(TypeSerializer<SeriesAmount> s) throws IOException {
    DataOutputSerializer o = new DataOutputSerializer(1 << 20);
    for (SeriesAmount p : pieces) {
      s.serialize(p, o);
    }
    return o.getCopyOfBuffer();
  }

  /** What a keyed state table would hold after a minute: each series keyed by its first key. */
  private static HashMap<String, SeriesAmount> firstRecords(
      TypeSerializer<SeriesAmount> s, byte[] minute) throws IOException {
    HashMap<String, SeriesAmount> state = new HashMap<>();
    DataInputDeserializer in = new DataInputDeserializer(minute);
    while (in.available() > 0) {
      SeriesAmount p = s.deserialize(in);
      state.putIfAbsent(p.key(), p);
    }
    return state;
  }

  private static int size(TypeSerializer<SeriesAmount> s, SeriesAmount p) throws IOException {
    DataOutputSerializer o = new DataOutputSerializer(256);
    s.serialize(p, o);
    return o.length();
  }

  private SeriesAmount nextPiece() {
    int i = next;
    next = i + 1 == pieces.length ? 0 : i + 1;
    return pieces[i];
  }

  private SeriesAmount roundTrip(TypeSerializer<SeriesAmount> s) throws IOException {
    out.clear();
    s.serialize(nextPiece(), out);
    in.setBuffer(out.getSharedBuffer(), 0, out.length());
    return s.deserialize(in);
  }

  private int serialize(TypeSerializer<SeriesAmount> s) throws IOException {
    out.clear();
    s.serialize(nextPiece(), out);
    return out.length();
  }

  /** The next piece of a minute's stream, from the start again after its last. */
  private static SeriesAmount deserialize(
      TypeSerializer<SeriesAmount> s, DataInputDeserializer in, byte[] minute) throws IOException {
    if (in.available() == 0) {
      in.setBuffer(minute);
    }
    return s.deserialize(in);
  }

  private static int keyGroup(SeriesAmount p) {
    return KeyGroupRangeAssignment.assignToKeyGroup(p.key(), MAX_PARALLELISM);
  }

  @Benchmark
  public SeriesAmount carbonwatchRoundTrip() throws IOException {
    return roundTrip(carbonwatch);
  }

  @Benchmark
  public SeriesAmount flinkRoundTrip() throws IOException {
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
  public SeriesAmount carbonwatchDeserialize() throws IOException {
    return deserialize(carbonwatch, carbonwatchIn, carbonwatchBytes);
  }

  @Benchmark
  public SeriesAmount flinkDeserialize() throws IOException {
    return deserialize(flink, flinkIn, flinkBytes);
  }

  @Benchmark
  public int carbonwatchDeserializeKeyGroup() throws IOException {
    return keyGroup(deserialize(carbonwatch, carbonwatchIn, carbonwatchBytes));
  }

  @Benchmark
  public int flinkDeserializeKeyGroup() throws IOException {
    return keyGroup(deserialize(flink, flinkIn, flinkBytes));
  }

  @Benchmark
  public long carbonwatchDeserializeKeyedState() throws IOException {
    SeriesAmount p = deserialize(carbonwatch, carbonwatchIn, carbonwatchBytes);
    return keyGroup(p) + carbonwatchState.get(p.key()).pieces();
  }

  @Benchmark
  public long flinkDeserializeKeyedState() throws IOException {
    SeriesAmount p = deserialize(flink, flinkIn, flinkBytes);
    return keyGroup(p) + flinkState.get(p.key()).pieces();
  }

  /** One benchmark operation, for {@link #main}. */
  private interface Op {
    long run(SeriesAmountSerdeBench b) throws IOException;
  }

  /**
   * The same operations timed in thread CPU time rather than wall time, for a machine shared with
   * other work (JMH's wall-clock scores then measure the neighbours): {@code scripts/bench
   * io.carbonwatch.bench.jobs.SeriesAmountSerdeBench [rounds=15]}. Each operation for {@code
   * rounds} rounds of 500 000 calls (100 cycles of the 5000 series) after 5 rounds of warm-up;
   * prints the best and the median round.
   */
  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    SeriesAmountSerdeBench b = new SeriesAmountSerdeBench();
    b.setUp();
    String[] names = {
      "carbonwatchRoundTrip",
      "flinkRoundTrip",
      "carbonwatchSerialize",
      "flinkSerialize",
      "carbonwatchDeserialize",
      "flinkDeserialize",
      "carbonwatchDeserializeKeyGroup",
      "flinkDeserializeKeyGroup",
      "carbonwatchDeserializeKeyedState",
      "flinkDeserializeKeyedState"
    };
    Op[] ops = {
      x -> x.carbonwatchRoundTrip().pieces(),
      x -> x.flinkRoundTrip().pieces(),
      x -> x.carbonwatchSerialize(),
      x -> x.flinkSerialize(),
      x -> x.carbonwatchDeserialize().pieces(),
      x -> x.flinkDeserialize().pieces(),
      x -> x.carbonwatchDeserializeKeyGroup(),
      x -> x.flinkDeserializeKeyGroup(),
      x -> x.carbonwatchDeserializeKeyedState(),
      x -> x.flinkDeserializeKeyedState()
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
          "%-32s CPU ns/op: best %.0f, median %.0f%n", names[op], perOp[0], perOp[rounds / 2]);
    }
    System.out.println("(checksum " + sink + ")");
  }
}
