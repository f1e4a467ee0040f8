package io.carbonwatch.core.wire;

/**
 * One channel's value in a {@link Reading}.
 *
 * @param value the value in {@code unit}; null exactly when {@code quality} is timeout or
 *     device_exception
 * @param exceptionCode Modbus exception code, present only with device_exception (1..255)
 */
public record ReadingValue(
    String channel, Double value, String unit, Quality quality, Integer exceptionCode) {
  public ReadingValue {
    if (channel == null || channel.isEmpty()) {
      throw new IllegalArgumentException("channel: required");
    }
    if (unit == null) {
      throw new IllegalArgumentException("unit: required");
    }
    if (quality == null) {
      throw new IllegalArgumentException("quality: required");
    }
    if (quality.hasValue() && value == null) {
      throw new IllegalArgumentException("value: required with quality " + quality.wire());
    }
    if (!quality.hasValue() && value != null) {
      throw new IllegalArgumentException("value: expected null with quality " + quality.wire());
    }
    if (value != null && !Double.isFinite(value)) {
      throw new IllegalArgumentException("value: expected a finite number");
    }
    if ((quality == Quality.DEVICE_EXCEPTION) != (exceptionCode != null)) {
      throw new IllegalArgumentException("exceptionCode: present exactly with device_exception");
    }
    if (exceptionCode != null && (exceptionCode < 1 || exceptionCode > 255)) {
      throw new IllegalArgumentException("exceptionCode: expected 1..255, got " + exceptionCode);
    }
  }

  public static ReadingValue good(String channel, double value, String unit) {
    return new ReadingValue(channel, value, unit, Quality.GOOD, null);
  }

  public static ReadingValue missing(String channel, String unit, Quality quality) {
    return new ReadingValue(channel, null, unit, quality, null);
  }

  public static ReadingValue deviceException(String channel, String unit, int exceptionCode) {
    return new ReadingValue(channel, null, unit, Quality.DEVICE_EXCEPTION, exceptionCode);
  }
}
