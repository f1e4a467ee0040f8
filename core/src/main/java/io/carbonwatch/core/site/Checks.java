package io.carbonwatch.core.site;

import java.util.List;
import java.util.regex.Pattern;

/** Validation helpers for compact constructors; messages name the field. */
final class Checks {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_:-]*");

  private Checks() {}

  static String id(String field, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + ": expected an id of letters, digits, '_', ':' or '-', got " + value);
    }
    return value;
  }

  static <T> T required(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": required");
    }
    return value;
  }

  static <T> List<T> list(List<T> value) {
    return value == null ? List.of() : List.copyOf(value);
  }

  static boolean isId(String value) {
    return value != null && ID.matcher(value).matches();
  }
}
