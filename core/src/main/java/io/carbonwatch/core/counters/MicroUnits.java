package io.carbonwatch.core.counters;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Fixed-point arithmetic in millionths of the channel unit (1 µkWh = 1 mWh / 1000).
 *
 * <p>Why: register values like 123456.7 kWh are not exact in binary floating point, and summing
 * thousands of pro-rated doubles drifts. Counting in {@code long} micro-units makes "sum of
 * intervals = last − first + corrections" hold exactly, while staying allocation-free on the hot
 * path (a {@link BigDecimal} per reading would cost several objects). The range of a {@code long}
 * in micro-units is ±9.2·10¹² units, far above any register (a 2³² register scaled by 1 is
 * 4.3·10⁹).
 */
public final class MicroUnits {
  /** Micro-units per unit. */
  public static final long SCALE = 1_000_000L;

  private static final double EXACT_DOUBLE_LIMIT = 1e9;

  private MicroUnits() {}

  /**
   * Converts a register value to micro-units, rounding to the nearest micro-unit of its decimal
   * representation (so 123456.7 becomes exactly 123456700000).
   */
  public static long fromDouble(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value: must be finite but was " + value);
    }
    if (Math.abs(value) < EXACT_DOUBLE_LIMIT) {
      // |value·1e6| < 2^53 here, so the product's error is < 0.5 micro and rounding is exact.
      return Math.round(value * SCALE);
    }
    return BigDecimal.valueOf(value)
        .movePointRight(6)
        .setScale(0, RoundingMode.HALF_EVEN)
        .longValueExact();
  }

  /** Converts a decimal to micro-units exactly; more than six decimals is an error. */
  public static long fromDecimal(BigDecimal value, String field) {
    try {
      return value.movePointRight(6).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          field + ": " + value.toPlainString() + " needs more than 6 decimals or is too large", e);
    }
  }

  public static double toDouble(long micro) {
    return micro / (double) SCALE;
  }

  public static BigDecimal toDecimal(long micro) {
    return BigDecimal.valueOf(micro, 6);
  }

  /** floor(a·b / c) for a, b ≥ 0 and c > 0, exact even when a·b overflows a {@code long}. */
  static long mulDivFloor(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      return lo / c;
    }
    return BigInteger.valueOf(a)
        .multiply(BigInteger.valueOf(b))
        .divide(BigInteger.valueOf(c))
        .longValueExact();
  }
}
