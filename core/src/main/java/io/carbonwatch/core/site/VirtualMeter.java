package io.carbonwatch.core.site;

/**
 * A meter computed from others per interval, e.g. other loads = {@code M-MAIN - M-AIR-1 - M-AIR-2}.
 * A reference without a channel uses the referenced meter's counter/delta channel of the same
 * {@code quantity} (exactly one must exist).
 *
 * @param quantity what the result measures (e.g. electricity)
 * @param unit unit of the result (e.g. kWh)
 */
public record VirtualMeter(String id, Names name, String quantity, String unit, Formula formula) {
  public VirtualMeter {
    Checks.id("virtualMeter.id", id);
    Checks.required("virtualMeter.name", name);
    Checks.required("virtualMeter.quantity", quantity);
    Checks.required("virtualMeter.unit", unit);
    Checks.required("virtualMeter.formula", formula);
  }
}
