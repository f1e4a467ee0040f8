package io.carbonwatch.core.wire;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

  // Each quality's spelling with its closing quote: length, first 8 bytes as a word and mask.
  private static final int[] QUALITY_LENGTHS = new int[QUALITIES.length];
  private static final long[] QUALITY_HEADS = new long[QUALITIES.length];
  private static final long[] QUALITY_MASKS = new long[QUALITIES.length];

  static {
    for (int q = 0; q < QUALITIES.length; q++) {
      String quoted = QUALITIES[q].wire() + "\"";
      QUALITY_BYTES[q] = quoted.getBytes(StandardCharsets.US_ASCII);
      QUALITY_LENGTHS[q] = quoted.length();
      QUALITY_HEADS[q] = word(quoted);
      QUALITY_MASKS[q] = mask(quoted.length());
    }
  }

  // =====================================================================================
  // decode
  // =====================================================================================

  /**
   * Longer messages go to Jackson, whose read constraints (20 million characters per string by
   * default) then decide; below this no string can reach that limit.
   */
  private static final int MAX_MESSAGE_BYTES = 10_000_000;

  /** The reading, or null when the message is not in the strict form this path handles. */
  static Reading decode(byte[] b) {
    if (b.length > MAX_MESSAGE_BYTES) {
      return null;
    }
    try {
      Scanner scanner = SCANNER.get();
      scanner.reset(b);
      return scanner.reading();
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

  // Little-endian 8-byte loads: field names, qualities and string bodies are matched a word at a
  // time.
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGH = 0x8080_8080_8080_8080L;
  private static final long QUOTES = 0x2222_2222_2222_2222L;
  private static final long BACKSLASHES = 0x5C5C_5C5C_5C5C_5C5CL;
  private static final long SPACES = 0x2020_2020_2020_2020L;

  /** The first (up to 8) ASCII characters of {@code s} as a little-endian word. */
  private static long word(String s) {
    long w = 0;
    for (int k = Math.min(8, s.length()) - 1; k >= 0; k--) {
      w = (w << 8) | s.charAt(k);
    }
    return w;
  }

  private static long mask(int bytes) {
    return bytes >= 8 ? -1L : (1L << (8 * bytes)) - 1;
  }

  // Field names with their closing quote.
  private static final long K_V = word("v\"");
  private static final long K_SITE = word("site\"");
  private static final long K_AGENT = word("agent\"");
  private static final long K_METER = word("meter\"");
  private static final long K_SEQ = word("seq\"");
  private static final long K_TIME = word("time\"");
  private static final long K_VALUES = word("values\"");
  private static final long K_CHANNEL = word("channel\"");
  private static final long K_VALUE = word("value\"");
  private static final long K_UNIT = word("unit\"");
  private static final long K_QUALITY = word("quality\"");
  private static final long K_EXCEPTIO = word("exceptio");
  private static final long K_NCODE = word("nCode\"");
  private static final long K_NULL = word("null");
  // The encoder's layout in words: {"v":1," then site":" then ,"agent" then :" and so on.
  private static final long T_OPEN = word("{\"v\":1,\"");
  private static final long T_SITE = word("site\":\"");
  private static final long T_AGENT = word(",\"agent\"");
  private static final long T_METER = word(",\"meter\"");
  private static final long T_COLON_QUOTE = word(":\"");
  private static final long T_SEQ = word(",\"seq\":");
  private static final long T_TIME = word(",\"time\":");
  private static final long T_VALUES = word(",\"values");
  private static final long T_VALUES_END = word("\":[");
  private static final long T_CHANNEL = word("{\"channe");
  private static final long T_L_QUOTE_COLON_QUOTE = word("l\":\"");
  private static final long T_VALUE = word(",\"value\"");
  private static final long T_UNIT = word(",\"unit\":");
  private static final long T_QUALITY = word(",\"qualit");
  private static final long T_Y_QUOTE_COLON_QUOTE = word("y\":\"");
  private static final long T_EXCEPTION = word(",\"except");
  private static final long T_EXCEPTION_2 = word("ionCode\"");
  // The instant's template, a word at a time: 0xFF over digit bytes, the separators elsewhere.
  private static final String[] TIME_TEMPLATE = {"0000-00-", "00T00:00", ":00.000Z"};
  private static final long[] TIME_DIGITS = new long[3];
  private static final long[] TIME_SEPARATORS = new long[3];
  private static final long LOW_NIBBLES = 0x0F0F_0F0F_0F0F_0F0FL;
  private static final long HIGH_NIBBLES = 0xF0F0_F0F0_F0F0_F0F0L;
  private static final long DIGIT_HIGH_NIBBLES = 0x3030_3030_3030_3030L;
  private static final long SIXES = 0x0606_0606_0606_0606L;

  static {
    for (int k = 0; k < 3; k++) {
      String t = TIME_TEMPLATE[k];
      for (int j = 0; j < 8; j++) {
        if (t.charAt(j) == '0') {
          TIME_DIGITS[k] |= 0xFFL << (8 * j);
        } else {
          TIME_SEPARATORS[k] |= (long) t.charAt(j) << (8 * j);
        }
      }
    }
  }

  private static final long M2 = mask(2);
  private static final long M4 = mask(4);
  private static final long M5 = mask(5);
  private static final long M6 = mask(6);
  private static final long M7 = mask(7);

  /** One scanner per thread, reused: its scratch array holds a message's values until listed. */
  private static final ThreadLocal<Scanner> SCANNER = ThreadLocal.withInitial(Scanner::new);

  private static final class Scanner {
    private byte[] b;
    private int i;
    private ReadingValue[] scratch = new ReadingValue[8];

    void reset(byte[] b) {
      this.b = b;
      this.i = 0;
    }

    /** Eight bytes from {@code at}, zero-padded past the end. */
    private long word(int at) {
      byte[] b = this.b;
      if (at + 8 <= b.length) {
        return (long) LONG.get(b, at);
      }
      long w = 0;
      for (int k = b.length - 1; k >= at; k--) {
        w = (w << 8) | (b[k] & 0xFF);
      }
      return w;
    }

    /** The next byte that is not JSON whitespace, consumed. */
    private int tok() {
      byte c = b[i++];
      return c > ' ' ? c : tokAfterSpace(c);
    }

    private int tokAfterSpace(byte c) {
      while (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        c = b[i++];
      }
      if (c <= ' ') {
        throw GIVE_UP;
      }
      return c;
    }

    /** After a member: true on ',' (another follows), false on {@code close}. */
    private boolean more(char close) {
      int c = tok();
      if (c == ',') {
        return true;
      }
      if (c != close) {
        throw GIVE_UP;
      }
      return false;
    }

    Reading reading() {
      Reading r = canonicalReading();
      if (r != null) {
        return r;
      }
      i = 0;
      return anyReading();
    }

    /** True (and consumed) when the next {@code n <= 8} bytes are those of {@code expected}. */
    private boolean at(long expected, int n) {
      if ((word(i) & mask(n)) != expected) {
        return false;
      }
      i += n;
      return true;
    }

    /**
     * The layout {@link #encode} writes, matched a word at a time; null as soon as the layout
     * differs (other order, whitespace, missing or extra members), and the general scanner starts
     * over.
     */
    private Reading canonicalReading() {
      if (!at(T_OPEN, 8) || !at(T_SITE, 7)) {
        return null;
      }
      String site = stringBody(true);
      if (!at(T_AGENT, 8) || !at(T_COLON_QUOTE, 2)) {
        return null;
      }
      String agent = stringBody(true);
      if (!at(T_METER, 8) || !at(T_COLON_QUOTE, 2)) {
        return null;
      }
      String meter = stringBody(true);
      if (!at(T_SEQ, 7)) {
        return null;
      }
      long seq = integer();
      if (seq < 1) {
        throw GIVE_UP;
      }
      if (!at(T_TIME, 8) || !at('"', 1)) {
        return null;
      }
      Instant time = instantBody();
      if (!at(T_VALUES, 8) || !at(T_VALUES_END, 3)) {
        return null;
      }
      List<ReadingValue> values = valuesBody();
      if (i != b.length - 1 || b[i] != '}') {
        return null;
      }
      return new Reading(site, agent, meter, seq, time, values);
    }

    /** The canonical layout of one value, or null (position then undefined). */
    private ReadingValue canonicalValue() {
      if (!at(T_CHANNEL, 8) || !at(T_L_QUOTE_COLON_QUOTE, 4)) {
        return null;
      }
      String channel = stringBody(true);
      if (!at(T_VALUE, 8) || !at(':', 1)) {
        return null;
      }
      Double value = numberOrNull();
      if (!at(T_UNIT, 8) || !at('"', 1)) {
        return null;
      }
      String unit = stringBody(false);
      if (!at(T_QUALITY, 8) || !at(T_Y_QUOTE_COLON_QUOTE, 4)) {
        return null;
      }
      Quality quality = qualityBody();
      Integer exceptionCode = null;
      if (at(T_EXCEPTION, 8)) {
        if (!at(T_EXCEPTION_2, 8) || !at(':', 1)) {
          return null;
        }
        long code = integer();
        if (code < 1 || code > 255) {
          throw GIVE_UP;
        }
        exceptionCode = (int) code;
      }
      if (!at('}', 1)) {
        return null;
      }
      return new ReadingValue(channel, value, unit, quality, exceptionCode);
    }

    private Reading anyReading() {
      if (tok() != '{') {
        throw GIVE_UP;
      }
      int seen = 0;
      String site = null;
      String agent = null;
      String meter = null;
      long seq = 0;
      Instant time = null;
      List<ReadingValue> values = null;
      do {
        if (tok() != '"') {
          throw GIVE_UP;
        }
        long w = word(i);
        int field;
        if ((w & M2) == K_V) {
          field = 0;
          i += 2;
        } else if ((w & M5) == K_SITE) {
          field = 1;
          i += 5;
        } else if ((w & M6) == K_AGENT) {
          field = 2;
          i += 6;
        } else if ((w & M6) == K_METER) {
          field = 3;
          i += 6;
        } else if ((w & M4) == K_SEQ) {
          field = 4;
          i += 4;
        } else if ((w & M5) == K_TIME) {
          field = 5;
          i += 5;
        } else if ((w & M7) == K_VALUES) {
          field = 6;
          i += 7;
        } else {
          throw GIVE_UP;
        }
        if ((seen & (1 << field)) != 0) {
          throw GIVE_UP;
        }
        seen |= 1 << field;
        if (tok() != ':') {
          throw GIVE_UP;
        }
        switch (field) {
          case 0 -> {
            if (integer() != 1) {
              throw GIVE_UP;
            }
          }
          case 1 -> site = string(true);
          case 2 -> agent = string(true);
          case 3 -> meter = string(true);
          case 4 -> {
            seq = integer();
            if (seq < 1) {
              throw GIVE_UP;
            }
          }
          case 5 -> time = instant();
          default -> values = values();
        }
      } while (more('}'));
      if (seen != 0b111_1111) {
        throw GIVE_UP;
      }
      byte[] b = this.b;
      for (int k = i; k < b.length; k++) {
        byte c = b[k];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          throw GIVE_UP;
        }
      }
      return new Reading(site, agent, meter, seq, time, values);
    }

    private List<ReadingValue> values() {
      if (tok() != '[') {
        throw GIVE_UP;
      }
      return valuesBody();
    }

    private List<ReadingValue> valuesBody() {
      ReadingValue[] out = scratch;
      int n = 0;
      do {
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        int start = i;
        ReadingValue v = canonicalValue();
        if (v == null) {
          i = start;
          v = value();
        }
        out[n++] = v;
      } while (more(']'));
      return list(out, n);
    }

    private ReadingValue value() {
      if (tok() != '{') {
        throw GIVE_UP;
      }
      int seen = 0;
      String channel = null;
      Double value = null;
      String unit = null;
      Quality quality = null;
      Integer exceptionCode = null;
      do {
        if (tok() != '"') {
          throw GIVE_UP;
        }
        long w = word(i);
        int field;
        if (w == K_CHANNEL) {
          field = 0;
          i += 8;
        } else if ((w & M6) == K_VALUE) {
          field = 1;
          i += 6;
        } else if ((w & M5) == K_UNIT) {
          field = 2;
          i += 5;
        } else if (w == K_QUALITY) {
          field = 3;
          i += 8;
        } else if (w == K_EXCEPTIO && (word(i + 8) & M6) == K_NCODE) {
          field = 4;
          i += 14;
        } else {
          throw GIVE_UP;
        }
        if ((seen & (1 << field)) != 0) {
          throw GIVE_UP;
        }
        seen |= 1 << field;
        if (tok() != ':') {
          throw GIVE_UP;
        }
        switch (field) {
          case 0 -> channel = string(true);
          case 1 -> value = numberOrNull();
          case 2 -> unit = string(false);
          case 3 -> quality = quality();
          default -> {
            long code = integer();
            if (code < 1 || code > 255) {
              throw GIVE_UP;
            }
            exceptionCode = (int) code;
          }
        }
      } while (more('}'));
      if ((seen & 0b1111) != 0b1111) {
        throw GIVE_UP;
      }
      return new ReadingValue(channel, value, unit, quality, exceptionCode);
    }

    private Quality quality() {
      if (tok() != '"') {
        throw GIVE_UP;
      }
      return qualityBody();
    }

    private Quality qualityBody() {
      long w = word(i);
      for (int q = 0; q < QUALITY_HEADS.length; q++) {
        int len = QUALITY_LENGTHS[q];
        if ((w & QUALITY_MASKS[q]) == QUALITY_HEADS[q] && (len < 8 || tailMatches(q, len))) {
          i += len;
          return QUALITIES[q];
        }
      }
      throw GIVE_UP;
    }

    /** The quality's bytes after the first 8, closing quote included, match at {@code i + 8}. */
    private boolean tailMatches(int q, int len) {
      byte[] w = QUALITY_BYTES[q];
      byte[] b = this.b;
      if (i + len > b.length) {
        return false;
      }
      for (int k = 8; k < len; k++) {
        if (b[i + k] != w[k]) {
          return false;
        }
      }
      return true;
    }

    /**
     * A string without escapes or control characters; well-formed UTF-8 only. Scans a word at a
     * time for the closing quote, a backslash, a control character or a non-ASCII byte.
     */
    private String string(boolean nonEmpty) {
      if (tok() != '"') {
        throw GIVE_UP;
      }
      return stringBody(nonEmpty);
    }

    /** The rest of a string whose opening quote was consumed. */
    private String stringBody(boolean nonEmpty) {
      byte[] b = this.b;
      int start = i;
      int k = start;
      boolean ascii = true;
      for (; ; ) {
        if (k + 8 <= b.length) {
          long w = (long) LONG.get(b, k);
          long q = w ^ QUOTES;
          long s = w ^ BACKSLASHES;
          // The lowest flagged byte is exact (borrows only run upwards from a true hit).
          long hit = (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((w - SPACES) & ~w) | w) & HIGH;
          if (hit == 0) {
            k += 8;
            continue;
          }
          k += Long.numberOfTrailingZeros(hit) >>> 3;
        }
        byte c = b[k];
        if (c == '"') {
          break;
        }
        if (c < 0) {
          ascii = false;
        } else if (c < 0x20 || c == '\\') {
          throw GIVE_UP;
        }
        k++;
      }
      i = k + 1;
      if (k == start) {
        if (nonEmpty) {
          throw GIVE_UP;
        }
        return "";
      }
      return Strings.get(b, start, k, ascii);
    }

    /** A JSON integer token (no fraction, no exponent) of at most 18 digits. */
    private long integer() {
      int c = tok();
      byte[] b = this.b;
      boolean negative = c == '-';
      int k = negative ? i : i - 1;
      int digitsStart = k;
      long v = 0;
      int d;
      while (k < b.length && (d = b[k] - '0') >= 0 && d <= 9) {
        v = v * 10 + d;
        k++;
      }
      int digits = k - digitsStart;
      if (digits == 0 || digits > 18 || (b[digitsStart] == '0' && digits > 1)) {
        throw GIVE_UP;
      }
      if (k < b.length && (b[k] == '.' || b[k] == 'e' || b[k] == 'E')) {
        throw GIVE_UP;
      }
      i = k;
      return negative ? -v : v;
    }

    /**
     * A JSON number as Jackson's {@code getDoubleValue} gives it (integers convert exactly, so "-0"
     * is 0.0; decimals are correctly rounded), or null.
     */
    private Double numberOrNull() {
      int c = tok();
      if (c == 'n') {
        if ((word(i - 1) & M4) != K_NULL) {
          throw GIVE_UP;
        }
        i += 3;
        return null;
      }
      byte[] b = this.b;
      int start = i - 1;
      boolean negative = c == '-';
      int k = negative ? i : i - 1;
      int intStart = k;
      long m = 0;
      int d;
      while (k < b.length && (d = b[k] - '0') >= 0 && d <= 9) {
        m = m * 10 + d;
        k++;
      }
      int intDigits = k - intStart;
      if (intDigits == 0 || intDigits > 18 || (b[intStart] == '0' && intDigits > 1)) {
        throw GIVE_UP;
      }
      int significant = intDigits;
      int exp = 0;
      boolean isFloat = false;
      if (k < b.length && b[k] == '.') {
        isFloat = true;
        k++;
        int fracStart = k;
        while (k < b.length && (d = b[k] - '0') >= 0 && d <= 9) {
          m = m * 10 + d;
          k++;
        }
        int fracDigits = k - fracStart;
        if (fracDigits == 0) {
          throw GIVE_UP;
        }
        significant += fracDigits;
        exp = -fracDigits;
      }
      if (k < b.length && (b[k] == 'e' || b[k] == 'E')) {
        isFloat = true;
        k++;
        boolean expNegative = false;
        if (b[k] == '+' || b[k] == '-') {
          expNegative = b[k] == '-';
          k++;
        }
        int expStart = k;
        int e = 0;
        while (k < b.length && (d = b[k] - '0') >= 0 && d <= 9) {
          e = e * 10 + d;
          k++;
        }
        if (k == expStart || k - expStart > 3) {
          throw GIVE_UP;
        }
        exp += expNegative ? -e : e;
      }
      i = k;
      if (!isFloat) {
        // Jackson converts the integer it parsed: exact, and without a sign for zero.
        return (double) (negative ? -m : m);
      }
      if (significant <= 15 && exp >= -22 && exp <= 22) {
        // Clinger's fast path: m < 10^15 < 2^53 and 10^|exp| are exact, so one correctly
        // rounded operation gives the correctly rounded result.
        double v = exp < 0 ? m / POW10[-exp] : m * POW10[exp];
        return negative ? -v : v;
      }
      if (k - start > 64) {
        throw GIVE_UP;
      }
      return Double.parseDouble(new String(b, start, k - start, StandardCharsets.ISO_8859_1));
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, validated as {@link Instants#parseFast} does. */
    private Instant instant() {
      if (tok() != '"') {
        throw GIVE_UP;
      }
      return instantBody();
    }

    private Instant instantBody() {
      byte[] b = this.b;
      int s = i;
      if (s + 25 > b.length || b[s + 24] != '"') {
        throw GIVE_UP;
      }
      // Three words against the template 0000-00-|00T00:00|:00.000Z: separators equal, digit
      // bytes 0x30..0x39 (high nibble 3, low nibble + 6 without carry into the high nibble).
      long w0 = (long) LONG.get(b, s);
      long w1 = (long) LONG.get(b, s + 8);
      long w2 = (long) LONG.get(b, s + 16);
      if (!timeWord(w0, 0) || !timeWord(w1, 1) || !timeWord(w2, 2)) {
        throw GIVE_UP;
      }
      int year = nib(w0, 0) * 1000 + nib(w0, 1) * 100 + nib(w0, 2) * 10 + nib(w0, 3);
      int month = nib(w0, 5) * 10 + nib(w0, 6);
      int day = nib(w1, 0) * 10 + nib(w1, 1);
      int hour = nib(w1, 3) * 10 + nib(w1, 4);
      int minute = nib(w1, 6) * 10 + nib(w1, 7);
      int second = nib(w2, 1) * 10 + nib(w2, 2);
      int milli = nib(w2, 4) * 100 + nib(w2, 5) * 10 + nib(w2, 6);
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

    private static boolean timeWord(long w, int k) {
      long digits = TIME_DIGITS[k];
      return (w & ~digits) == TIME_SEPARATORS[k]
          && (w & digits & HIGH_NIBBLES) == (DIGIT_HIGH_NIBBLES & digits)
          && (((w & LOW_NIBBLES) + SIXES) & HIGH_NIBBLES & digits) == 0;
    }

    /** The low nibble of byte {@code k} of the word: the digit's value once validated. */
    private static int nib(long w, int k) {
      return (int) (w >>> (8 * k)) & 0xF;
    }
  }

  /**
   * The first {@code n} values as an immutable list; the fixed-arity {@code List.of} overloads
   * build it without copying the scratch array first (the list is what {@link Reading} keeps).
   */
  private static List<ReadingValue> list(ReadingValue[] v, int n) {
    return switch (n) {
      case 1 -> List.of(v[0]);
      case 2 -> List.of(v[0], v[1]);
      case 3 -> List.of(v[0], v[1], v[2]);
      case 4 -> List.of(v[0], v[1], v[2], v[3]);
      case 5 -> List.of(v[0], v[1], v[2], v[3], v[4]);
      case 6 -> List.of(v[0], v[1], v[2], v[3], v[4], v[5]);
      case 7 -> List.of(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
      case 8 -> List.of(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
      default -> List.of(Arrays.copyOf(v, n));
    };
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
    private static final int BITS = 12;
    private static final int SIZE = 1 << BITS;
    private static final int MAX_LENGTH = 64;
    private static final Entry[] TABLE = new Entry[SIZE];

    private Strings() {}

    /**
     * {@code head}/{@code tail}: the first and last 8 bytes (fewer, zero-padded, if shorter); with
     * the length they identify strings of up to 16 bytes without touching {@code key}.
     */
    private record Entry(long head, long tail, int length, byte[] key, String value) {}

    static String get(byte[] b, int from, int to, boolean ascii) {
      int len = to - from;
      long head;
      long tail;
      if (len >= 8) {
        head = (long) LONG.get(b, from);
        tail = (long) LONG.get(b, to - 8);
      } else if (from + 8 <= b.length) {
        head = (long) LONG.get(b, from) & mask(len);
        tail = head;
      } else {
        head = 0;
        for (int k = to - 1; k >= from; k--) {
          head = (head << 8) | (b[k] & 0xFF);
        }
        tail = head;
      }
      // Fibonacci hashing: one multiply, the top bits pick the slot.
      int slot = (int) (((head ^ (tail << 1) ^ len) * 0x9E37_79B9_7F4A_7C15L) >>> (64 - BITS));
      Entry e = TABLE[slot];
      if (e != null
          && e.head == head
          && e.tail == tail
          && e.length == len
          && (len <= 16 || Arrays.equals(e.key, 0, len, b, from, to))) {
        return e.value;
      }
      String s;
      if (ascii) {
        s = new String(b, from, len, StandardCharsets.ISO_8859_1);
      } else {
        s = new String(b, from, len, StandardCharsets.UTF_8);
        // The JDK replaces malformed UTF-8 with U+FFFD where Jackson reports an error; leave
        // both (and a genuine U+FFFD) to Jackson.
        if (s.indexOf('\uFFFD') >= 0) {
          throw GIVE_UP;
        }
      }
      if (len <= MAX_LENGTH) {
        TABLE[slot] = new Entry(head, tail, len, Arrays.copyOfRange(b, from, to), s);
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
      if (v.value() == null) {
        o.raw("null");
      } else if (!o.plainDecimal(v.value())) {
        o.raw(NumberOutput.toString(v.value(), true));
      }
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

  /**
   * The quoted UTF-8 form of the strings a producer encodes over and over (site, agent, meter,
   * channel, unit), in a bounded direct-mapped table like {@link Strings}: immutable entries, last
   * writer wins, a race only costs a miss.
   */
  static final class Quoted {
    private static final int BITS = 12;
    private static final int MAX_LENGTH = 64;
    private static final Entry[] TABLE = new Entry[1 << BITS];

    private Quoted() {}

    private record Entry(String text, byte[] json) {}

    /** {@code "text"} in UTF-8, or null when Jackson would escape a character of it. */
    static byte[] of(String s) {
      int slot = (s.hashCode() * 0x9E37_79B9) >>> (32 - BITS);
      Entry e = TABLE[slot];
      if (e != null && (e.text == s || e.text.equals(s))) {
        return e.json;
      }
      byte[] json = encode(s);
      if (json != null && s.length() <= MAX_LENGTH) {
        TABLE[slot] = new Entry(s, json);
      }
      return json;
    }

    /**
     * UTF-8 between quotes; null for the characters Jackson escapes (controls, quote, backslash) or
     * cannot encode alone (surrogates), which the generator then writes.
     */
    private static byte[] encode(String s) {
      int len = s.length();
      byte[] buf = new byte[len * 3 + 2];
      int n = 0;
      buf[n++] = '"';
      for (int k = 0; k < len; k++) {
        char c = s.charAt(k);
        if (c < 0x80) {
          if (c < 0x20 || c == '"' || c == '\\') {
            return null;
          }
          buf[n++] = (byte) c;
        } else if (c < 0x800) {
          buf[n++] = (byte) (0xC0 | (c >> 6));
          buf[n++] = (byte) (0x80 | (c & 0x3F));
        } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
          return null;
        } else {
          buf[n++] = (byte) (0xE0 | (c >> 12));
          buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          buf[n++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      buf[n++] = '"';
      return Arrays.copyOf(buf, n);
    }
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

    /** A quoted string; marks the output failed when Jackson would escape a character. */
    void string(String s) {
      byte[] q = Quoted.of(s);
      if (q == null) {
        failed = true;
        return;
      }
      room(q.length);
      System.arraycopy(q, 0, buf, n, q.length);
      n += q.length;
    }

    /**
     * Writes a double in [1e-3, 1e7) with at most 6 decimals as the shortest decimal that reads
     * back as it, which is what Jackson's (Schubfach) writer prints for it ("87.25", "100.0",
     * "0.005"); false, writing nothing, for any other value. With 10^-6 far above the spacing of
     * doubles below 1e7 at most one candidate per number of decimals can round-trip, so the first
     * that does is the shortest.
     */
    boolean plainDecimal(double d) {
      double a = Math.abs(d);
      if (!(a >= 1e-3 && a < 1e7)) {
        return false;
      }
      for (int k = 0; k <= 6; k++) {
        long m = Math.round(a * POW10[k]);
        if (m / POW10[k] == a) {
          long unit = (long) POW10[k];
          room(24);
          if (d < 0) {
            buf[n++] = '-';
          }
          digits(m / unit, 1);
          buf[n++] = '.';
          digits(m % unit, Math.max(k, 1));
          return true;
        }
      }
      return false;
    }

    /** {@code v >= 0} in decimal, zero-padded to at least {@code width} digits. */
    private void digits(long v, int width) {
      int count = 1;
      for (long t = v; t >= 10; t /= 10) {
        count++;
      }
      count = Math.max(count, width);
      for (int k = n + count - 1; k >= n; k--) {
        buf[k] = (byte) ('0' + v % 10);
        v /= 10;
      }
      n += count;
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
