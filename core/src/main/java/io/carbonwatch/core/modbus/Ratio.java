package io.carbonwatch.core.modbus;

/**
 * Which instrument-transformer ratios multiply a field: meters behind voltage (PT) and current (CT)
 * transformers report secondary-side values that are scaled to primary-side values.
 */
public enum Ratio {
  NONE("none"),
  PT("pt"),
  CT("ct"),
  PT_CT("pt*ct");

  private final String wire;

  Ratio(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The multiplier for the given transformer ratios (both ≥ 1 in practice). */
  public double factor(double ptRatio, double ctRatio) {
    return switch (this) {
      case NONE -> 1.0;
      case PT -> ptRatio;
      case CT -> ctRatio;
      case PT_CT -> ptRatio * ctRatio;
    };
  }

  static Ratio parse(String text) {
    for (Ratio r : values()) {
      if (r.wire.equals(text)) {
        return r;
      }
    }
    return null;
  }
}
