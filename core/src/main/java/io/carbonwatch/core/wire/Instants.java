package io.carbonwatch.core.wire;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Instants on the wire: ISO-8601 UTC with exactly three fraction digits ({@code
 * 2026-11-24T02:00:05.000Z}). Formatting and the common parse path avoid {@code DateTimeFormatter},
 * which dominates decode time otherwise.
 */
public final class Instants {
  private Instants() {}

  /** {@code 2026-11-24T02:00:05.000Z} (milliseconds, sub-millisecond digits dropped). */
  public static String format(Instant t) {
    long millis = t.toEpochMilli();
    long day = Math.floorDiv(millis, 86_400_000L);
    int msOfDay = (int) Math.floorMod(millis, 86_400_000L);
    LocalDate d = LocalDate.ofEpochDay(day);
    int year = d.getYear();
    if (year < 0 || year > 9999) {
      return t.toString();
    }
    char[] c = new char[24];
    put4(c, 0, year);
    c[4] = '-';
    put2(c, 5, d.getMonthValue());
    c[7] = '-';
    put2(c, 8, d.getDayOfMonth());
    c[10] = 'T';
    put2(c, 11, msOfDay / 3_600_000);
    c[13] = ':';
    put2(c, 14, msOfDay / 60_000 % 60);
    c[16] = ':';
    put2(c, 17, msOfDay / 1000 % 60);
    c[19] = '.';
    int ms = msOfDay % 1000;
    c[20] = (char) ('0' + ms / 100);
    c[21] = (char) ('0' + ms / 10 % 10);
    c[22] = (char) ('0' + ms % 10);
    c[23] = 'Z';
    return new String(c);
  }

  private static void put2(char[] c, int at, int v) {
    c[at] = (char) ('0' + v / 10);
    c[at + 1] = (char) ('0' + v % 10);
  }

  private static void put4(char[] c, int at, int v) {
    c[at] = (char) ('0' + v / 1000);
    c[at + 1] = (char) ('0' + v / 100 % 10);
    c[at + 2] = (char) ('0' + v / 10 % 10);
    c[at + 3] = (char) ('0' + v % 10);
  }

  /** Parses the exact 24-character form; null for anything else (caller falls back). */
  static Instant parseFast(String s) {
    if (s.length() != 24
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(19) != '.'
        || s.charAt(23) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int milli = digits(s, 20, 3);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || milli < 0) {
      return null;
    }
    if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochMilli(
        epochDay * 86_400_000L + hour * 3_600_000L + minute * 60_000L + second * 1000L + milli);
  }

  private static int digits(String s, int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      v = v * 10 + (ch - '0');
    }
    return v;
  }
}
