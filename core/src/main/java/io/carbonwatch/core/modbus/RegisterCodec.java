package io.carbonwatch.core.modbus;

import io.carbonwatch.core.site.RegisterType;
import io.carbonwatch.core.site.WordOrder;

/**
 * Decodes values from raw 16-bit Modbus register words and encodes them back (the simulator and the
 * tests need the inverse).
 *
 * <p>Order letters name the bytes of the value from most to least significant: {@code ABCD} is
 * big-endian with the high word first (the Modbus default); {@code CDAB} swaps words (low word
 * first); {@code BADC} swaps the bytes inside each word; {@code DCBA} is fully little-endian. For
 * 64-bit values the same rule extends to four words; for 16-bit values only the byte swap applies.
 */
public final class RegisterCodec {
  private RegisterCodec() {}

  /** Number of registers a value of this type occupies. */
  public static int words(RegisterType type) {
    return switch (type) {
      case U16, I16 -> 1;
      case U32, I32, F32 -> 2;
      case U64, I64, F64 -> 4;
    };
  }

  /** Whether the low word comes first on the wire. */
  static boolean lowWordFirst(WordOrder order) {
    return order == WordOrder.CDAB || order == WordOrder.DCBA;
  }

  /** Whether the two bytes inside each word are swapped. */
  static boolean bytesSwapped(WordOrder order) {
    return order == WordOrder.BADC || order == WordOrder.DCBA;
  }

  /**
   * The value's bits, most significant first, assembled from {@code words(type)} registers at
   * {@code offset}. Each register is an unsigned 16-bit value (0..65535).
   */
  public static long bits(int[] registers, int offset, RegisterType type, WordOrder order) {
    int n = words(type);
    if (offset < 0 || offset + n > registers.length) {
      throw new IllegalArgumentException(
          "registers: need " + n + " words at offset " + offset + ", have " + registers.length);
    }
    long bits = 0;
    for (int i = 0; i < n; i++) {
      int w = registers[offset + (lowWordFirst(order) && n > 1 ? n - 1 - i : i)] & 0xFFFF;
      if (bytesSwapped(order)) {
        w = ((w & 0xFF) << 8) | (w >>> 8);
      }
      bits = (bits << 16) | w;
    }
    return bits;
  }

  /** The raw (unscaled) value as a double; u64 above 2^63 is converted unsigned. */
  public static double decode(int[] registers, int offset, RegisterType type, WordOrder order) {
    long b = bits(registers, offset, type, order);
    return switch (type) {
      case U16, U32 -> (double) b;
      case I16 -> (double) (short) b;
      case I32 -> (double) (int) b;
      case I64 -> (double) b;
      case U64 -> b >= 0 ? (double) b : (double) (b >>> 1) * 2.0 + (b & 1);
      case F32 -> (double) Float.intBitsToFloat((int) b);
      case F64 -> Double.longBitsToDouble(b);
    };
  }

  /** The registers holding {@code bits} (most significant first) in the given order. */
  public static int[] encodeBits(long bits, RegisterType type, WordOrder order) {
    int n = words(type);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int w = (int) ((bits >>> (16 * (n - 1 - i))) & 0xFFFF);
      if (bytesSwapped(order)) {
        w = ((w & 0xFF) << 8) | (w >>> 8);
      }
      out[lowWordFirst(order) && n > 1 ? n - 1 - i : i] = w;
    }
    return out;
  }

  /**
   * Encodes a raw value; integers are rounded to the nearest and wrap like the device register
   * would (a counter past the register maximum rolls over).
   */
  public static int[] encode(double raw, RegisterType type, WordOrder order) {
    long bits =
        switch (type) {
          case U16, I16 -> Math.round(raw) & 0xFFFFL;
          case U32, I32 -> Math.round(raw) & 0xFFFF_FFFFL;
          case I64 -> Math.round(raw);
          case U64 -> raw >= 0x1p63 ? Math.round(raw - 0x1p63) ^ Long.MIN_VALUE : Math.round(raw);
          case F32 -> Float.floatToRawIntBits((float) raw) & 0xFFFF_FFFFL;
          case F64 -> Double.doubleToRawLongBits(raw);
        };
    return encodeBits(bits, type, order);
  }

  /** The largest raw value an integer register can hold (the rollover point of a counter). */
  public static double maxRaw(RegisterType type) {
    return switch (type) {
      case U16 -> 65535.0;
      case I16 -> 32767.0;
      case U32 -> 4294967295.0;
      case I32 -> 2147483647.0;
      case U64 -> 0x1p64;
      case I64 -> 0x1p63;
      case F32 -> Float.MAX_VALUE;
      case F64 -> Double.MAX_VALUE;
    };
  }
}
