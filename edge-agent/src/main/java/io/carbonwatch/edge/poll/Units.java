package io.carbonwatch.edge.poll;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * Decimal-prefix conversions between a device's unit and the unit a channel publishes (an SDM630
 * reports W, a channel may want kW). Only exact SI-prefix factors; anything else is a configuration
 * error, never a guess.
 */
public final class Units {
  private static final Map<String, Map<String, Double>> FACTORS =
      Map.ofEntries(
          Map.entry("W", Map.of("kW", 1e-3, "MW", 1e-6)),
          Map.entry("kW", Map.of("W", 1e3, "MW", 1e-3)),
          Map.entry("MW", Map.of("W", 1e6, "kW", 1e3)),
          Map.entry("Wh", Map.of("kWh", 1e-3, "MWh", 1e-6)),
          Map.entry("kWh", Map.of("Wh", 1e3, "MWh", 1e-3)),
          Map.entry("MWh", Map.of("Wh", 1e6, "kWh", 1e3)),
          Map.entry("var", Map.of("kvar", 1e-3)),
          Map.entry("kvar", Map.of("var", 1e3)),
          Map.entry("Pa", Map.of("kPa", 1e-3, "MPa", 1e-6)),
          Map.entry("kPa", Map.of("Pa", 1e3, "MPa", 1e-3)),
          Map.entry("MPa", Map.of("kPa", 1e3, "Pa", 1e6)));

  private Units() {}

  /** The factor that turns a value in {@code from} into {@code to}; empty when not convertible. */
  public static OptionalDouble factor(String from, String to) {
    if (from.equals(to)) {
      return OptionalDouble.of(1.0);
    }
    Double f = FACTORS.getOrDefault(from, Map.of()).get(to);
    return f == null ? OptionalDouble.empty() : OptionalDouble.of(f);
  }
}
