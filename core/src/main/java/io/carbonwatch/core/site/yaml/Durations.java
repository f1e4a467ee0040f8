package io.carbonwatch.core.site.yaml;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human durations in configuration files: {@code 500ms}, {@code 15s}, {@code 1m}, {@code 1h30m},
 * {@code 1d}, or ISO-8601 ({@code PT15S}). {@link #format(Duration)} writes the short form.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException saying what is expected
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(expected(text));
      }
    }
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < t.length() && m.find(at) && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      at = m.end();
    }
    if (at == 0 || at != t.length()) {
      throw new IllegalArgumentException(expected(text));
    }
    return total;
  }

  private static String expected(String text) {
    return "expected a duration such as 500ms, 15s, 1m, 1h30m, 1d or PT15S, got '" + text + "'";
  }

  /** The short form that {@link #parse(String)} reads back, e.g. {@code 1h30m}, {@code 500ms}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.isNegative()) {
      return d.toString();
    }
    StringBuilder b = new StringBuilder();
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    long seconds = d.toSecondsPart();
    long millis = d.toMillisPart();
    if (d.toNanosPart() % 1_000_000 != 0) {
      return d.toString();
    }
    if (days > 0) b.append(days).append('d');
    if (hours > 0) b.append(hours).append('h');
    if (minutes > 0) b.append(minutes).append('m');
    if (seconds > 0) b.append(seconds).append('s');
    if (millis > 0) b.append(millis).append("ms");
    return b.toString();
  }
}
