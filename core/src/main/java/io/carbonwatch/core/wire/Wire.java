package io.carbonwatch.core.wire;

/** Shared checks of wire records. */
final class Wire {
  private Wire() {}

  /** A value used as a topic segment: non-empty, no '/', '+', '#' or control characters. */
  static String segment(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + ": required");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '/' || c == '+' || c == '#' || c < 0x20) {
        throw new IllegalArgumentException(
            field + ": expected no '/', '+', '#' or control characters, got '" + value + "'");
      }
    }
    return value;
  }

  static <T> T required(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": required");
    }
    return value;
  }
}
