package io.carbonwatch.core.site;

import java.time.Duration;

/**
 * One measured value of a meter, published as {@code values[].channel} in a Reading.
 *
 * @param id channel id, unique within the meter (e.g. {@code energy_import})
 * @param quantity what is measured (e.g. {@code electricity}, {@code active_power}, {@code
 *     natural_gas}, {@code production}, {@code temperature}, {@code refrigerant})
 * @param kind counter (cumulative register), gauge (instantaneous) or delta (amount since last)
 * @param unit unit of the value as published (e.g. kWh, kW, Nm3, kg, °C, pcs)
 * @param registerMax value at which a counter rolls over to 0 (null: the register type's maximum)
 * @param expectChange true when an unchanged value beyond {@code frozenAfter} is suspect (frozen)
 * @param frozenAfter how long a value may stay unchanged before it is flagged frozen (null: never)
 */
public record Channel(
    String id,
    String quantity,
    ChannelKind kind,
    String unit,
    Double registerMax,
    boolean expectChange,
    Duration frozenAfter) {
  public Channel {
    Checks.id("channel.id", id);
    Checks.required("channel.quantity", quantity);
    Checks.required("channel.kind", kind);
    Checks.required("channel.unit", unit);
    if (registerMax != null && kind != ChannelKind.COUNTER) {
      throw new IllegalArgumentException("channel.registerMax: only for kind counter");
    }
    if (registerMax != null && !(registerMax > 0)) {
      throw new IllegalArgumentException("channel.registerMax: expected > 0");
    }
  }
}
