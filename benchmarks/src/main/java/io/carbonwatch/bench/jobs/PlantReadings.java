package io.carbonwatch.bench.jobs;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import java.time.Instant;
import java.util.List;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Reading messages of the example plant's meters, one per meter per minute of event time, encoded
 * with the core codec. Index {@code i} of a run of {@code total} maps so that both halves of the
 * index range (the two source splits at parallelism 2) advance through event time together: the
 * first half carries the even meters, the second the odd ones.
 */
public final class PlantReadings implements GeneratorFunction<Long, MqttMessageRecord> {
  private static final long serialVersionUID = 1L;
  static final String[] METERS = {
    "M-MAIN", "M-AIR-1", "M-AIR-2", "M-CHILL", "M-PV", "M-GAS", "M-PROD", "M-WEATHER"
  };
  private final long total;
  private final long startEpochMs;

  public PlantReadings(long total, Instant start) {
    this.total = total;
    this.startEpochMs = start.toEpochMilli();
  }

  /** The reading at position {@code p} (meter {@code p % 8}, minute {@code p / 8}). */
  public static Reading reading(long p, long startEpochMs, long minuteMs) {
    int m = (int) (p % METERS.length);
    long minute = p / METERS.length;
    Instant t = Instant.ofEpochMilli(startEpochMs + minute * minuteMs);
    String meter = METERS[m];
    List<ReadingValue> values =
        switch (meter) {
          case "M-MAIN" ->
              List.of(
                  ReadingValue.good("energy_import", 1_000_000 + minute * 5.125, "kWh"),
                  ReadingValue.good("power_active", 307.5, "kW"));
          case "M-AIR-1", "M-AIR-2", "M-PV" ->
              List.of(
                  ReadingValue.good("energy_import", 50_000 + minute * 1.25, "kWh"),
                  ReadingValue.good("power_active", 75_000, "W"));
          case "M-CHILL" ->
              List.of(
                  ReadingValue.good("energy_import", 300_000 + minute * 0.75, "kWh"),
                  ReadingValue.good("power_active", 45, "kW"));
          case "M-GAS" ->
              List.of(
                  ReadingValue.good("volume_standard", 880_000 + minute * 2.5, "Nm3"),
                  ReadingValue.good("flow_standard", 150, "Nm3/h"),
                  ReadingValue.good("temperature", 18.5, "°C"),
                  ReadingValue.good("pressure", 101.3, "kPa"));
          case "M-PROD" -> List.of(ReadingValue.good("units", 125_000 + minute * 4, "pcs"));
          default -> List.of(ReadingValue.good("temperature", 10.0, "°C"));
        };
    return new Reading("sh-plant", "edge-1", meter, minute + 1, t, values);
  }

  @Override
  public MqttMessageRecord map(Long i) {
    long half = (total + 1) / 2;
    long p = i < half ? i * 2 : (i - half) * 2 + 1;
    Reading r = reading(p, startEpochMs, 60_000L);
    return new MqttMessageRecord(
        Topics.readings(r.site(), r.agent(), r.meter()),
        WireCodec.encode(r),
        System.currentTimeMillis());
  }
}
