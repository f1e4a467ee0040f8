package io.carbonwatch.core.wire;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-written fast path for the hottest message of the stream job, the reading: a byte-level
 * scanner that accepts only a strict subset of JSON (no escapes, no exotic numbers) and gives up
 * ({@code null}) on anything else, so the Jackson-based decoder in {@link WireCodec} stays the
 * single source of every accepted form and every error message. Anything this class accepts, the
 * Jackson decoder accepts with an equal {@link Reading}; {@code ReadingFastPathDifferentialTest}
 * checks that on a generated corpus. The encoder likewise writes the exact bytes Jackson's
 * generator would and gives up on characters that Jackson escapes.
 */
final class ReadingFastPath {
  private ReadingFastPath() {}

  /** Thrown to abandon the fast path; preallocated and without a stack trace, so cheap. */
  private static final class GiveUp extends RuntimeException {
    GiveUp() {
      super("give up", null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  private static final Quality[] QUALITIES = Quality.values();
  private static final byte[][] QUALITY_BYTES = new byte[QUALITIES.length][];

  static {
    for (int q = 0; q < QUALITIES.length; q++) {
      QUALITY_BYTES[q] = QUALITIES[q].wire().getBytes(StandardCharsets.US_ASCII);
    }
  }

  // =====================================================================================
  // decode
  // =====================================================================================

  /** The reading, or null when the message is not in the strict form this path handles. */
  static Reading decode(byte[] b) {
    try {
      return new Scanner(b).reading();
    } catch (RuntimeException e) {
      // GIVE_UP, a record constructor rejecting a value, or an index past the end: the Jackson
      // decoder repeats the work and reports the error in its own words.
      return null;
    }
  }

  /** The reading from a String message, or null (see {@link #decode(byte[])}). */
  static Reading decode(String s) {
    // An unpaired surrogate would become '?' in UTF-8; leave every surrogate to Jackson.
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
        return null;
      }
    }
    return decode(s.getBytes(StandardCharsets.UTF_8));
  }

  private static final class Scanner {
    private final byte[] b;
    private int i;

    Scanner(byte[] b) {
      this.b = b;
    }

    Reading reading() {
      ws();
      expect('{');
      int seen = 0;
      String site = null;
      String agent = null;
      String meter = null;
      long seq = 0;
      Instant time = null;
      List<ReadingValue> values = null;
      do {
        ws();
        expect('"');
        int field = readingField();
        if ((seen & (1 << field)) != 0) {
          throw GIVE_UP;
        }
        seen |= 1 << field;
        ws();
        expect(':');
        ws();
        switch (field) {
          case 0 -> {
            int start = i;
            number();
            if (i != start + 1 || b[start] != '1') {
              throw GIVE_UP;
            }
          }
          case 1 -> site = nonEmptyString();
          case 2 -> agent = nonEmptyString();
          case 3 -> meter = nonEmptyString();
          case 4 -> {
            seq = integer();
            if (seq < 1) {
              throw GIVE_UP;
            }
          }
          case 5 -> time = instant();
          default -> values = values();
        }
        ws();
      } while (comma('}'));
      if (seen != 0b111_1111) {
        throw GIVE_UP;
      }
      ws();
      if (i != b.length) {
        throw GIVE_UP;
      }
      return new Reading(site, agent, meter, seq, time, values);
    }

    /** Index of the reading field whose name starts at {@code i}; leaves {@code i} after it. */
    private int readingField() {
      int field;
      switch (b[i]) {
        case 'v' -> field = name("v\"", 0, 6);
        case 's' -> field = b[i + 1] == 'i' ? name("site\"", 1, -1) : name("seq\"", 4, -1);
        case 'a' -> field = name("agent\"", 2, -1);
        case 'm' -> field = name("meter\"", 3, -1);
        case 't' -> field = name("time\"", 5, -1);
        default -> throw GIVE_UP;
      }
      return field;
    }

    /**
     * Matches {@code text} (a name and its closing quote) at {@code i}; {@code alt} is the field
     * tried when the name is "values" rather than "v" (both start with 'v').
     */
    private int name(String text, int field, int alt) {
      if (alt >= 0 && b[i + 1] != '"') {
        if (matches("values\"")) {
          return alt;
        }
        throw GIVE_UP;
      }
      if (matches(text)) {
        return field;
      }
      throw GIVE_UP;
    }

    private boolean matches(String text) {
      int n = text.length();
      if (i + n > b.length) {
        return false;
      }
      for (int k = 0; k < n; k++) {
        if (b[i + k] != text.charAt(k)) {
          return false;
        }
      }
      i += n;
      return true;
    }

    private List<ReadingValue> values() {
      expect('[');
      ReadingValue[] out = new ReadingValue[8];
      int n = 0;
      do {
        ws();
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = value();
        ws();
      } while (comma(']'));
      return List.of(n == out.length ? out : Arrays.copyOf(out, n));
    }

    private ReadingValue value() {
      expect('{');
      int seen = 0;
      String channel = null;
      Double value = null;
      String unit = null;
      Quality quality = null;
      Integer exceptionCode = null;
      do {
        ws();
        expect('"');
        int field;
        if (matches("channel\"")) {
          field = 0;
        } else if (matches("value\"")) {
          field = 1;
        } else if (matches("unit\"")) {
          field = 2;
        } else if (matches("quality\"")) {
          field = 3;
        } else if (matches("exceptionCode\"")) {
          field = 4;
        } else {
          throw GIVE_UP;
        }
        if ((seen & (1 << field)) != 0) {
          throw GIVE_UP;
        }
        seen |= 1 << field;
        ws();
        expect(':');
        ws();
        switch (field) {
          case 0 -> channel = nonEmptyString();
          case 1 -> value = b[i] == 'n' ? nullLiteral() : number();
          case 2 -> unit = string();
          case 3 -> quality = quality();
          default -> {
            long code = integer();
            if (code < 1 || code > 255) {
              throw GIVE_UP;
            }
            exceptionCode = (int) code;
          }
        }
        ws();
      } while (comma('}'));
      if ((seen & 0b1111) != 0b1111) {
        throw GIVE_UP;
      }
      return new ReadingValue(channel, value, unit, quality, exceptionCode);
    }

    private Double nullLiteral() {
      if (!matches("null")) {
        throw GIVE_UP;
      }
      return null;
    }

    private Quality quality() {
      expect('"');
      for (int q = 0; q < QUALITY_BYTES.length; q++) {
        byte[] w = QUALITY_BYTES[q];
        int end = i + w.length;
        if (end < b.length && b[end] == '"' && Arrays.equals(b, i, end, w, 0, w.length)) {
          i = end + 1;
          return QUALITIES[q];
        }
      }
      throw GIVE_UP;
    }

    private void ws() {
      byte[] b = this.b;
      int i = this.i;
      while (i < b.length) {
        byte c = b[i];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          break;
        }
        i++;
      }
      this.i = i;
    }

    private void expect(char c) {
      if (b[i] != c) {
        throw GIVE_UP;
      }
      i++;
    }

    /** After a member: true on ',' (another follows), false on {@code close}. */
    private boolean comma(char close) {
      byte c = b[i++];
      if (c == ',') {
        return true;
      }
      if (c == close) {
        return false;
      }
      throw GIVE_UP;
    }

    private String nonEmptyString() {
      String s = string();
      if (s.isEmpty()) {
        throw GIVE_UP;
      }
      return s;
    }

    /** A string without escapes or control characters; well-formed UTF-8 only. */
    private String string() {
      expect('"');
      byte[] b = this.b;
      int start = i;
      int h = 0;
      boolean ascii = true;
      int k = start;
      for (; ; k++) {
        byte c = b[k];
        if (c == '"') {
          break;
        }
        if (c == '\\' || (c >= 0 && c < 0x20)) {
          throw GIVE_UP;
        }
        if (c < 0) {
          ascii = false;
        }
        h = 31 * h + c;
      }
      i = k + 1;
      return Strings.get(b, start, k, h, ascii);
    }

    /** A JSON integer token (no fraction, no exponent) of at most 18 digits. */
    private long integer() {
      int start = i;
      boolean negative = b[i] == '-';
      if (negative) {
        i++;
      }
      int digitsStart = i;
      long v = 0;
      while (i < b.length && b[i] >= '0' && b[i] <= '9') {
        v = v * 10 + (b[i] - '0');
        i++;
      }
      int digits = i - digitsStart;
      if (digits == 0 || digits > 18 || (b[digitsStart] == '0' && digits > 1)) {
        throw GIVE_UP;
      }
      if (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
        throw GIVE_UP;
      }
      if (i - start > 19) {
        throw GIVE_UP;
      }
      return negative ? -v : v;
    }

    /**
     * A JSON number as Jackson's {@code getDoubleValue} gives it: integers convert exactly (so "-0"
     * is 0.0), decimals are correctly rounded.
     */
    private Double number() {
      int start = i;
      boolean negative = b[i] == '-';
      if (negative) {
        i++;
      }
      int intStart = i;
      long m = 0;
      int significant = 0;
      while (i < b.length && b[i] >= '0' && b[i] <= '9') {
        m = m * 10 + (b[i] - '0');
        i++;
      }
      int intDigits = i - intStart;
      if (intDigits == 0 || (b[intStart] == '0' && intDigits > 1) || intDigits > 18) {
        throw GIVE_UP;
      }
      significant = intDigits;
      int exp = 0;
      boolean isFloat = false;
      if (i < b.length && b[i] == '.') {
        isFloat = true;
        i++;
        int fracStart = i;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
          m = m * 10 + (b[i] - '0');
          i++;
        }
        int fracDigits = i - fracStart;
        if (fracDigits == 0) {
          throw GIVE_UP;
        }
        significant += fracDigits;
        exp = -fracDigits;
      }
      if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
        isFloat = true;
        i++;
        boolean expNegative = false;
        if (b[i] == '+' || b[i] == '-') {
          expNegative = b[i] == '-';
          i++;
        }
        int expStart = i;
        int e = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
          e = e * 10 + (b[i] - '0');
          i++;
        }
        if (i == expStart || i - expStart > 3) {
          throw GIVE_UP;
        }
        exp += expNegative ? -e : e;
      }
      if (!isFloat) {
        // Jackson converts the integer it parsed: exact, and without a sign for zero.
        return (double) (negative ? -m : m);
      }
      if (significant <= 15 && m < (1L << 53) && exp >= -22 && exp <= 22) {
        // Clinger's fast path: both operands exact, one correctly rounded operation.
        double d = exp < 0 ? m / POW10[-exp] : m * POW10[exp];
        return negative ? -d : d;
      }
      if (i - start > 64) {
        throw GIVE_UP;
      }
      return Double.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, validated as {@link Instants#parseFast} does. */
    private Instant instant() {
      expect('"');
      byte[] b = this.b;
      int s = i;
      if (s + 25 > b.length
          || b[s + 4] != '-'
          || b[s + 7] != '-'
          || b[s + 10] != 'T'
          || b[s + 13] != ':'
          || b[s + 16] != ':'
          || b[s + 19] != '.'
          || b[s + 23] != 'Z'
          || b[s + 24] != '"') {
        throw GIVE_UP;
      }
      int year = digits(s, 4);
      int month = digits(s + 5, 2);
      int day = digits(s + 8, 2);
      int hour = digits(s + 11, 2);
      int minute = digits(s + 14, 2);
      int second = digits(s + 17, 2);
      int milli = digits(s + 20, 3);
      if (month < 1
          || month > 12
          || day < 1
          || day > lengthOfMonth(year, month)
          || hour > 23
          || minute > 59
          || second > 59) {
        throw GIVE_UP;
      }
      i = s + 25;
      return Instant.ofEpochMilli(
          epochDay(year, month, day) * 86_400_000L
              + hour * 3_600_000L
              + minute * 60_000L
              + second * 1000L
              + milli);
    }

    private int digits(int at, int n) {
      int v = 0;
      for (int k = at; k < at + n; k++) {
        int d = b[k] - '0';
        if (d < 0 || d > 9) {
          throw GIVE_UP;
        }
        v = v * 10 + d;
      }
      return v;
    }
  }

  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int e = 0; e < POW10.length; e++) {
      POW10[e] = p;
      p *= 10;
    }
  }

  /**
   * Bounded cache of the small strings that repeat in every message (site, agent, meter, channel,
   * unit): a direct-mapped table, last writer wins. Entries are immutable with final fields, so
   * unsynchronised reads see them whole; a race only costs a miss.
   */
  static final class Strings {
    private static final int SIZE = 4096;
    private static final int MAX_LENGTH = 64;
    private static final Entry[] TABLE = new Entry[SIZE];

    private Strings() {}

    private record Entry(byte[] key, String value) {}

    static String get(byte[] b, int from, int to, int hash, boolean ascii) {
      if (from == to) {
        return "";
      }
      int slot = (hash ^ (hash >>> 12)) & (SIZE - 1);
      Entry e = TABLE[slot];
      if (e != null && Arrays.equals(e.key, 0, e.key.length, b, from, to)) {
        return e.value;
      }
      String s;
      if (ascii) {
        s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
      } else {
        s = new String(b, from, to - from, StandardCharsets.UTF_8);
        // The JDK replaces malformed UTF-8 with U+FFFD where Jackson reports an error; leave
        // both (and a genuine U+FFFD) to Jackson.
        if (s.indexOf('\uFFFD') >= 0) {
          throw GIVE_UP;
        }
      }
      if (to - from <= MAX_LENGTH) {
        TABLE[slot] = new Entry(Arrays.copyOfRange(b, from, to), s);
      }
      return s;
    }
  }

  // =====================================================================================
  // encode
  // =====================================================================================

  private static final int KEEP_BUFFER = 16 * 1024;
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[1024]);

  /** Jackson's exact bytes for the reading, or null when a string needs escaping. */
  static byte[] encode(Reading r) {
    Out o = new Out(BUFFER.get());
    o.raw("{\"v\":1,\"site\":");
    o.string(r.site());
    o.raw(",\"agent\":");
    o.string(r.agent());
    o.raw(",\"meter\":");
    o.string(r.meter());
    o.raw(",\"seq\":");
    o.raw(Long.toString(r.seq()));
    o.raw(",\"time\":\"");
    o.instant(r.time());
    o.raw("\",\"values\":[");
    List<ReadingValue> values = r.values();
    for (int k = 0, n = values.size(); k < n; k++) {
      ReadingValue v = values.get(k);
      o.raw(k == 0 ? "{\"channel\":" : ",{\"channel\":");
      o.string(v.channel());
      o.raw(",\"value\":");
      o.raw(v.value() == null ? "null" : NumberOutput.toString(v.value(), true));
      o.raw(",\"unit\":");
      o.string(v.unit());
      o.raw(",\"quality\":\"");
      o.raw(v.quality().wire());
      if (v.exceptionCode() != null) {
        o.raw("\",\"exceptionCode\":");
        o.raw(Integer.toString(v.exceptionCode()));
        o.raw("}");
      } else {
        o.raw("\"}");
      }
    }
    o.raw("]}");
    if (o.failed) {
      return null;
    }
    if (o.buf.length <= KEEP_BUFFER) {
      BUFFER.set(o.buf);
    }
    return Arrays.copyOf(o.buf, o.n);
  }

  private static final class Out {
    byte[] buf;
    int n;
    boolean failed;

    Out(byte[] buf) {
      this.buf = buf;
    }

    private void room(int more) {
      if (n + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
      }
    }

    /** ASCII text written as is. */
    void raw(String s) {
      int len = s.length();
      room(len);
      s.getBytes(0, len, buf, n); // deprecated but exact for ASCII, and copies without a char[]
      n += len;
    }

    /**
     * A quoted string, UTF-8 encoded; characters Jackson escapes (controls, quote, backslash) or
     * cannot encode alone (surrogates) mark the output failed.
     */
    void string(String s) {
      int len = s.length();
      room(len * 3 + 2);
      byte[] buf = this.buf;
      int n = this.n;
      buf[n++] = '"';
      for (int k = 0; k < len; k++) {
        char c = s.charAt(k);
        if (c < 0x80) {
          if (c < 0x20 || c == '"' || c == '\\') {
            failed = true;
            return;
          }
          buf[n++] = (byte) c;
        } else if (c < 0x800) {
          buf[n++] = (byte) (0xC0 | (c >> 6));
          buf[n++] = (byte) (0x80 | (c & 0x3F));
        } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
          failed = true;
          return;
        } else {
          buf[n++] = (byte) (0xE0 | (c >> 12));
          buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          buf[n++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      buf[n++] = '"';
      this.n = n;
    }

    /** As {@link Instants#format}, without the intermediate String. */
    void instant(Instant t) {
      long millis = t.toEpochMilli();
      long day = Math.floorDiv(millis, 86_400_000L);
      int msOfDay = (int) Math.floorMod(millis, 86_400_000L);
      if (day < DAY_0000_01_01 || day > DAY_9999_12_31) {
        raw(t.toString());
        return;
      }
      room(24);
      formatTo(buf, n, day, msOfDay);
      n += 24;
    }
  }

  // =====================================================================================
  // calendar (proleptic ISO, as java.time.LocalDate computes it, without the objects)
  // =====================================================================================

  private static final long DAYS_0000_TO_1970 = 719_528L;
  private static final long DAYS_PER_CYCLE = 146_097L;
  static final long DAY_0000_01_01 = epochDay(0, 1, 1);
  static final long DAY_9999_12_31 = epochDay(9999, 12, 31);

  static boolean isLeap(long year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** {@code LocalDate.of(year, month, day).toEpochDay()} for years 0..9999. */
  static long epochDay(int year, int month, int day) {
    long y = year;
    long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367L * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total--;
      if (!isLeap(year)) {
        total--;
      }
    }
    return total - DAYS_0000_TO_1970;
  }

  /** Writes {@code yyyy-MM-ddTHH:mm:ss.SSSZ} at {@code at}; the day is within years 0..9999. */
  static void formatTo(byte[] c, int at, long epochDay, int msOfDay) {
    // LocalDate.ofEpochDay's algorithm: years counted from March so the leap day comes last.
    long zeroDay = epochDay + DAYS_0000_TO_1970 - 60;
    long adjust = 0;
    if (zeroDay < 0) {
      long adjustCycles = (zeroDay + 1) / DAYS_PER_CYCLE - 1;
      adjust = adjustCycles * 400;
      zeroDay += -adjustCycles * DAYS_PER_CYCLE;
    }
    long yearEst = (400 * zeroDay + 591) / DAYS_PER_CYCLE;
    long doyEst = zeroDay - (365 * yearEst + yearEst / 4 - yearEst / 100 + yearEst / 400);
    if (doyEst < 0) {
      yearEst--;
      doyEst = zeroDay - (365 * yearEst + yearEst / 4 - yearEst / 100 + yearEst / 400);
    }
    yearEst += adjust;
    int marchDoy0 = (int) doyEst;
    int marchMonth0 = (marchDoy0 * 5 + 2) / 153;
    int month = (marchMonth0 + 2) % 12 + 1;
    int dom = marchDoy0 - (marchMonth0 * 306 + 5) / 10 + 1;
    int year = (int) (yearEst + marchMonth0 / 10);
    put4(c, at, year);
    c[at + 4] = '-';
    put2(c, at + 5, month);
    c[at + 7] = '-';
    put2(c, at + 8, dom);
    c[at + 10] = 'T';
    put2(c, at + 11, msOfDay / 3_600_000);
    c[at + 13] = ':';
    put2(c, at + 14, msOfDay / 60_000 % 60);
    c[at + 16] = ':';
    put2(c, at + 17, msOfDay / 1000 % 60);
    c[at + 19] = '.';
    int ms = msOfDay % 1000;
    c[at + 20] = (byte) ('0' + ms / 100);
    c[at + 21] = (byte) ('0' + ms / 10 % 10);
    c[at + 22] = (byte) ('0' + ms % 10);
    c[at + 23] = 'Z';
  }

  private static void put2(byte[] c, int at, int v) {
    c[at] = (byte) ('0' + v / 10);
    c[at + 1] = (byte) ('0' + v % 10);
  }

  private static void put4(byte[] c, int at, int v) {
    c[at] = (byte) ('0' + v / 1000);
    c[at + 1] = (byte) ('0' + v / 100 % 10);
    c[at + 2] = (byte) ('0' + v / 10 % 10);
    c[at + 3] = (byte) ('0' + v % 10);
  }
}
