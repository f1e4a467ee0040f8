package io.carbonwatch.core.site;

/**
 * One Modbus read request: function code 3 (holding) or 4 (input), 0-based start, ≤ 125 registers.
 */
public record ReadBlock(int function, int start, int count) {
  public ReadBlock {
    if (function != 3 && function != 4) {
      throw new IllegalArgumentException("block.function: expected one of 3, 4, got " + function);
    }
    if (start < 0 || start > 65535) {
      throw new IllegalArgumentException("block.start: expected 0..65535, got " + start);
    }
    if (count < 1 || count > 125 || start + count > 65536) {
      throw new IllegalArgumentException("block.count: expected 1..125, got " + count);
    }
  }
}
