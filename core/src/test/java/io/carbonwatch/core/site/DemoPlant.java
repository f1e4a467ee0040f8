package io.carbonwatch.core.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped example plant and helpers to break copies of it. */
final class DemoPlant {
  static final Path FILE = Path.of("../docs/examples/demo-plant.yaml");

  private DemoPlant() {}

  static String text() {
    try {
      return Files.readString(FILE, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces exactly one occurrence (the n-th, 0-based) of {@code from}. */
  static String replace(String text, String from, String to, int occurrence) {
    int at = -1;
    for (int i = 0; i <= occurrence; i++) {
      at = text.indexOf(from, at + 1);
      if (at < 0) {
        throw new AssertionError("'" + from + "' occurs fewer than " + (occurrence + 1) + " times");
      }
    }
    return text.substring(0, at) + to + text.substring(at + from.length());
  }

  static String replace(String text, String from, String to) {
    return replace(text, from, to, 0);
  }

  /**
   * "line:col" (1-based) of the first occurrence of {@code marker}, offset by {@code delta} chars.
   */
  static String pos(String text, String marker, int delta) {
    int at = text.indexOf(marker);
    if (at < 0) {
      throw new AssertionError("marker not found: " + marker);
    }
    at += delta;
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < at; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return line + ":" + (at - lineStart + 1);
  }

  static String pos(String text, String marker) {
    return pos(text, marker, 0);
  }
}
