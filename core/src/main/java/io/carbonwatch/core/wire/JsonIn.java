package io.carbonwatch.core.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reading helpers over a Jackson streaming parser; every failure names the field path. */
final class JsonIn {
  private JsonIn() {}

  static String join(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  static void startObject(JsonParser p, String path) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.START_OBJECT) {
      throw new WireFormatException(path, "expected an object, got " + describe(t, p));
    }
  }

  static String describe(JsonToken t, JsonParser p) throws IOException {
    if (t == null) {
      return "end of input";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "the string \"" + shorten(p.getText()) + "\"";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
      case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  static String string(JsonParser p, String path) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.VALUE_STRING) {
      throw new WireFormatException(path, "expected a string, got " + describe(t, p));
    }
    return p.getText();
  }

  static String stringOrNull(JsonParser p, String path) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new WireFormatException(path, "expected a string or null, got " + describe(t, p));
    }
    return p.getText();
  }

  static String nonEmpty(JsonParser p, String path) throws IOException {
    String s = string(p, path);
    if (s.isEmpty()) {
      throw new WireFormatException(path, "expected a non-empty string");
    }
    return s;
  }

  static long integer(JsonParser p, String path, long min, long max) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw new WireFormatException(path, "expected an integer, got " + describe(t, p));
    }
    long v;
    try {
      v = p.getLongValue();
    } catch (IOException e) {
      throw new WireFormatException(path, "expected an integer in " + min + ".." + max);
    }
    if (v < min || v > max) {
      throw new WireFormatException(
          path, "expected an integer in " + min + ".." + max + ", got " + v);
    }
    return v;
  }

  static double number(JsonParser p, String path) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new WireFormatException(path, "expected a number, got " + describe(t, p));
    }
    return p.getDoubleValue();
  }

  static Double numberOrNull(JsonParser p, String path) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new WireFormatException(path, "expected a number or null, got " + describe(t, p));
    }
    return p.getDoubleValue();
  }

  static void version(JsonParser p, String path) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() != 1) {
      throw new WireFormatException(path, "expected 1, got " + describe(t, p));
    }
  }

  static Instant instant(JsonParser p, String path) throws IOException {
    String s = string(p, path);
    Instant fast = Instants.parseFast(s);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new WireFormatException(
          path,
          "expected an ISO-8601 UTC instant like 2026-11-24T02:00:05.000Z, got \"" + s + "\"");
    }
  }

  static LocalDate dateOrNull(JsonParser p, String path) throws IOException {
    String s = stringOrNull(p, path);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new WireFormatException(path, "expected a date YYYY-MM-DD, got \"" + s + "\"");
    }
  }

  static void startArray(JsonParser p, String path) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_ARRAY) {
      throw new WireFormatException(path, "expected an array, got " + describe(t, p));
    }
  }

  static WireFormatException unknown(String path, String field, String allowed) {
    return new WireFormatException(join(path, field), "unknown field, expected only " + allowed);
  }

  static WireFormatException missing(String path, String field) {
    return new WireFormatException(join(path, field), "missing required field");
  }

  static WireFormatException duplicate(String path, String field) {
    return new WireFormatException(join(path, field), "duplicate field");
  }

  /** Adds the path prefix to a compact-constructor message ("value: expected null …"). */
  static WireFormatException invalid(String path, IllegalArgumentException e) {
    String m = e.getMessage() == null ? "invalid" : e.getMessage();
    int colon = m.indexOf(": ");
    if (colon > 0 && !m.substring(0, colon).contains(" ")) {
      return new WireFormatException(join(path, m.substring(0, colon)), m.substring(colon + 2));
    }
    return new WireFormatException(path, m);
  }
}
