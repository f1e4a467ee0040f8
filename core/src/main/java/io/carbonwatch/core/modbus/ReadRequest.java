package io.carbonwatch.core.modbus;

import java.util.List;

/**
 * One Modbus read (function 3 or 4, {@code count} registers from {@code start}) and the fields
 * decoded from its response.
 */
public record ReadRequest(int function, int start, int count, List<ProfileField> fields) {
  /** The protocol maximum of registers in one read. */
  public static final int MAX_REGISTERS = 125;

  public ReadRequest {
    if (function != 3 && function != 4) {
      throw new IllegalArgumentException("request.function: expected 3 or 4, got " + function);
    }
    if (count < 1 || count > MAX_REGISTERS || start < 0 || start + count > 65536) {
      throw new IllegalArgumentException(
          "request: expected 1.." + MAX_REGISTERS + " registers within 0..65535, got " + count);
    }
    fields = List.copyOf(fields);
    for (ProfileField f : fields) {
      if (f.function() != function || f.address() < start || f.end() > start + count) {
        throw new IllegalArgumentException(
            "request: field " + f.name() + " lies outside " + function + ":" + start + "+" + count);
      }
    }
  }
}
