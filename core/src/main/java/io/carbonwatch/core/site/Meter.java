package io.carbonwatch.core.site;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A measuring instrument (计量器具) with its GB 17167 ledger data and how it is read.
 *
 * @param energyType energy or material type as in the GB 17167 tables (electricity, natural_gas,
 *     steam, water, heat, …) or a non-energy type (production, temperature, refrigerant)
 * @param accuracyClass accuracy class as printed (0.2S, 0.5S, 1, 2, …); null only for types without
 *     a class table (production counters, temperature, …)
 * @param range measuring range, null when not applicable
 * @param pollInterval data collection frequency (6.1.6); for MQTT/manual meters the expected
 *     interval
 */
public record Meter(
    String id,
    Names name,
    MeteringLevel level,
    String energyType,
    String accuracyClass,
    MeasuringRange range,
    String serial,
    String model,
    String location,
    Calibration calibration,
    Acquisition read,
    Duration pollInterval,
    List<Channel> channels) {
  public Meter {
    Checks.id("meter.id", id);
    Checks.required("meter.name", name);
    Checks.required("meter.level", level);
    Checks.required("meter.energyType", energyType);
    Checks.required("meter.calibration", calibration);
    Checks.required("meter.read", read);
    Checks.required("meter.pollInterval", pollInterval);
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("meter.pollInterval: expected > 0");
    }
    channels = Checks.list(channels);
    if (channels.isEmpty()) {
      throw new IllegalArgumentException("meter.channels: expected at least one channel");
    }
  }

  public Optional<Channel> channel(String channelId) {
    return channels.stream().filter(c -> c.id().equals(channelId)).findFirst();
  }
}
