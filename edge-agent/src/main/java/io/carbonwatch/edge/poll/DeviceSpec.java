package io.carbonwatch.edge.poll;

import io.carbonwatch.core.modbus.DeviceProfile;
import io.carbonwatch.core.modbus.ProfileField;
import io.carbonwatch.core.modbus.ReadRequest;
import io.carbonwatch.core.modbus.RequestPlanner;
import io.carbonwatch.core.site.Channel;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.ModbusAcquisition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Modbus meter ready to poll: its channels bound to profile fields (same name), the planned
 * requests, and the unit factor from the field's unit to the channel's. Built once at start-up;
 * every mismatch is a configuration error naming the meter and channel.
 */
public record DeviceSpec(
    Meter meter,
    int unitId,
    String gatewayId,
    DeviceProfile profile,
    List<ReadRequest> plan,
    Map<String, Binding> bindings,
    double ptRatio,
    double ctRatio,
    Duration timeout,
    Integer retries,
    Duration pause) {

  /** A channel fed by a profile field. */
  public record Binding(Channel channel, ProfileField field, double unitFactor) {}

  /**
   * @param timeout per-device response timeout; null: the gateway's
   * @param retries per-device retries; null: the gateway's
   * @param pause per-device pause before each request; null: the gateway's
   */
  public DeviceSpec {
    plan = List.copyOf(plan);
    bindings = Map.copyOf(bindings);
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("meter " + meter.id() + " timeout: expected > 0");
    }
    if (retries != null && (retries < 0 || retries > 10)) {
      throw new IllegalArgumentException("meter " + meter.id() + " retries: expected 0..10");
    }
  }

  /** The same device with its own timeout, retries and pause (null keeps the gateway's). */
  public DeviceSpec withTiming(Duration timeout, Integer retries, Duration pause) {
    return new DeviceSpec(
        meter, unitId, gatewayId, profile, plan, bindings, ptRatio, ctRatio, timeout, retries,
        pause);
  }

  /** The same device behind instrument transformers with these ratios (primary/secondary). */
  public DeviceSpec withRatios(double pt, double ct) {
    if (!(pt > 0) || !(ct > 0)) {
      throw new IllegalArgumentException("meter " + meter.id() + " PT/CT ratio: expected > 0");
    }
    return new DeviceSpec(
        meter, unitId, gatewayId, profile, plan, bindings, pt, ct, timeout, retries, pause);
  }

  public static DeviceSpec of(Meter meter, DeviceProfile full, double ptRatio, double ctRatio) {
    if (!(meter.read() instanceof ModbusAcquisition m)) {
      throw new IllegalArgumentException("meter " + meter.id() + ": not read over Modbus");
    }
    Map<String, Binding> bindings = new LinkedHashMap<>();
    for (Channel c : meter.channels()) {
      ProfileField f =
          full.field(c.id())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "meter "
                              + meter.id()
                              + " channel "
                              + c.id()
                              + ": profile "
                              + full.id()
                              + " has no field of that name; expected one of "
                              + full.fields().stream()
                                  .map(ProfileField::name)
                                  .collect(Collectors.joining(", "))));
      OptionalDouble factor = Units.factor(f.unit(), c.unit());
      if (factor.isEmpty()) {
        throw new IllegalArgumentException(
            "meter "
                + meter.id()
                + " channel "
                + c.id()
                + ": unit "
                + c.unit()
                + " cannot be converted from the device's "
                + f.unit()
                + " (profile "
                + full.id()
                + ")");
      }
      bindings.put(f.name(), new Binding(c, f, factor.getAsDouble()));
    }
    DeviceProfile selected = full.select(Set.copyOf(bindings.keySet()));
    return new DeviceSpec(
        meter,
        m.unitId(),
        m.gateway(),
        selected,
        RequestPlanner.plan(selected),
        bindings,
        ptRatio,
        ctRatio,
        null,
        null,
        null);
  }

  public String meterId() {
    return meter.id();
  }
}
