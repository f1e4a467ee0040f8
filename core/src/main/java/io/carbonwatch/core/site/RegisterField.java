package io.carbonwatch.core.site;

/**
 * A field decoded from registers into a channel: {@code value = raw × scale + offset}.
 *
 * @param channel the meter channel the value goes to
 * @param function function code of the block that holds the address (3 or 4)
 * @param address 0-based protocol address of the first register
 */
public record RegisterField(
    String channel,
    int function,
    int address,
    RegisterType type,
    WordOrder order,
    double scale,
    double offset) {
  public RegisterField {
    Checks.required("field.channel", channel);
    if (function != 3 && function != 4) {
      throw new IllegalArgumentException("field.function: expected one of 3, 4, got " + function);
    }
    if (address < 0 || address > 65535) {
      throw new IllegalArgumentException("field.address: expected 0..65535, got " + address);
    }
    Checks.required("field.type", type);
    Checks.required("field.order", order);
    if (scale == 0 || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("field.scale: expected a finite non-zero number");
    }
  }

  /** Number of 16-bit registers the field occupies. */
  public int registerCount() {
    return switch (type) {
      case U16, I16 -> 1;
      case U32, I32, F32 -> 2;
      case U64, I64, F64 -> 4;
    };
  }
}
