package io.carbonwatch.core.modbus;

import io.carbonwatch.core.site.ChannelKind;
import io.carbonwatch.core.site.RegisterType;
import io.carbonwatch.core.site.WordOrder;

/**
 * One value of a device profile: where it lives and how raw registers become a value in {@code
 * unit}: {@code value = raw × scale × ratio(PT, CT) + offset}.
 *
 * @param name the field name; a meter channel with the same id receives the value
 * @param function 3 (holding registers) or 4 (input registers)
 * @param address 0-based protocol (PDU) address of the first register
 * @param min lowest plausible value (null: unbounded); outside it the value is out_of_range
 * @param max highest plausible value (null: unbounded)
 */
public record ProfileField(
    String name,
    int function,
    int address,
    RegisterType type,
    WordOrder order,
    double scale,
    double offset,
    Ratio ratio,
    String unit,
    String quantity,
    ChannelKind kind,
    Double min,
    Double max) {
  public ProfileField {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("field.name: required");
    }
    if (function != 3 && function != 4) {
      throw new IllegalArgumentException(
          "field " + name + ".function: expected one of 3, 4, got " + function);
    }
    if (type == null) {
      throw new IllegalArgumentException("field " + name + ".type: required");
    }
    if (order == null) {
      throw new IllegalArgumentException("field " + name + ".order: required");
    }
    if (address < 0 || address + RegisterCodec.words(type) > 65536) {
      throw new IllegalArgumentException(
          "field " + name + ".address: expected 0..65535 (protocol address), got " + address);
    }
    if (!(scale != 0 && Double.isFinite(scale))) {
      throw new IllegalArgumentException("field " + name + ".scale: expected finite, non-zero");
    }
    if (!Double.isFinite(offset)) {
      throw new IllegalArgumentException("field " + name + ".offset: expected finite");
    }
    if (ratio == null) {
      ratio = Ratio.NONE;
    }
    if (unit == null || unit.isBlank()) {
      throw new IllegalArgumentException("field " + name + ".unit: required");
    }
    if (kind == null) {
      kind = ChannelKind.GAUGE;
    }
    if (min != null && max != null && !(max > min)) {
      throw new IllegalArgumentException("field " + name + ".max: expected > min");
    }
  }

  /** Registers the field occupies. */
  public int words() {
    return RegisterCodec.words(type);
  }

  /** One past the last register of the field. */
  public int end() {
    return address + words();
  }

  /** The engineering value from the registers of a response that starts at {@code blockStart}. */
  public double decode(int[] registers, int blockStart, double ptRatio, double ctRatio) {
    double raw = RegisterCodec.decode(registers, address - blockStart, type, order);
    return raw * scale * ratio.factor(ptRatio, ctRatio) + offset;
  }

  /** The raw register value that decodes to {@code value} (the simulator's inverse). */
  public double raw(double value, double ptRatio, double ctRatio) {
    return (value - offset) / (scale * ratio.factor(ptRatio, ctRatio));
  }

  /** Whether a decoded value lies outside the field's plausible range. */
  public boolean outOfRange(double value) {
    return (min != null && value < min) || (max != null && value > max);
  }
}
