package io.carbonwatch.bench.core;

import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.core.wire.WireCodec;
import java.time.Instant;
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
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WireCodecBench {

  private Reading reading;
  private byte[] json;

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
    if (!WireCodec.decodeReading(json).equals(reading)) {
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
}
