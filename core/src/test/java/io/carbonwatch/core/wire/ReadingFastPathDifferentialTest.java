package io.carbonwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link WireCodec}'s reading codec against the Jackson-only codec it replaced ({@link
 * ReferenceReadingCodec}), on hand-written edge cases and a few thousand generated and mutated
 * messages (fixed seed): every message must give an equal record or an equal error message, and
 * every reading must encode to the same bytes.
 */
class ReadingFastPathDifferentialTest {
  private static final long SEED = 20261124L;

  /** A decode result: the record, or the exception's class and message. */
  private record Outcome(Reading reading, String error) {
    static Outcome of(ThrowingSupplier<Reading> decode) {
      try {
        return new Outcome(decode.get(), null);
      } catch (RuntimeException e) {
        return new Outcome(null, e.getClass().getName() + ": " + e.getMessage());
      }
    }

    boolean accepted() {
      return reading != null;
    }
  }

  private interface ThrowingSupplier<T> {
    T get();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final String CANONICAL =
      "{\"v\":1,\"site\":\"sh-plant\",\"agent\":\"edge-1\",\"meter\":\"M-AIR-1\",\"seq\":7,"
          + "\"time\":\"2026-11-24T02:00:05.000Z\",\"values\":["
          + "{\"channel\":\"energy_import\",\"value\":1234.5,\"unit\":\"kWh\",\"quality\":\"good\"},"
          + "{\"channel\":\"power\",\"value\":null,\"unit\":\"kW\",\"quality\":\"timeout\"}]}";

  private static String replace(String target, String replacement) {
    assertThat(CANONICAL).contains(target);
    return CANONICAL.replace(target, replacement);
  }

  private static List<byte[]> handWritten() {
    List<String> s = new ArrayList<>();
    s.add(CANONICAL);
    s.add(" \t\r\n" + CANONICAL + " \n\t\r");
    s.add(
        CANONICAL.replace(",", " ,\n ").replace(":", " : ").replace("{", "{ ").replace("}", " }"));
    s.add(CANONICAL.replace("[", "[ ").replace("]", "\t]"));
    s.add(
        "{\"values\":[{\"quality\":\"good\",\"unit\":\"kWh\",\"value\":3,\"channel\":\"e\"}],"
            + "\"time\":\"2026-11-24T02:00:05.000Z\",\"seq\":1,\"meter\":\"m\",\"agent\":\"a\","
            + "\"site\":\"s\",\"v\":1}");
    for (String v : List.of("1.0", "2", "\"1\"", "01", "-1", "1e0", "0", "true", "null", "1 2")) {
      s.add(replace("\"v\":1", "\"v\":" + v));
    }
    for (String seq :
        List.of(
            "0",
            "-1",
            "-0",
            "1",
            "999999999999999999",
            "9223372036854775807",
            "9223372036854775808",
            "99999999999999999999999",
            "1.0",
            "1e3",
            "\"7\"",
            "07",
            "null")) {
      s.add(replace("\"seq\":7", "\"seq\":" + seq));
    }
    for (String t :
        List.of(
            "2026-11-24T02:00:05Z",
            "2026-11-24T02:00:05.1Z",
            "2026-11-24T02:00:05.123456Z",
            "2026-11-24T02:00:05.123456789Z",
            "2026-11-24T02:00:05.000+08:00",
            "2026-02-29T00:00:00.000Z",
            "2024-02-29T00:00:00.000Z",
            "2100-02-29T00:00:00.000Z",
            "2000-02-29T00:00:00.000Z",
            "2026-04-31T00:00:00.000Z",
            "2026-11-24T24:00:00.000Z",
            "2026-12-31T23:59:60.000Z",
            "2026-11-24T02:60:05.000Z",
            "0000-01-01T00:00:00.000Z",
            "0000-02-29T12:00:00.000Z",
            "9999-12-31T23:59:59.999Z",
            "+10000-01-01T00:00:00.000Z",
            "-0001-01-01T00:00:00.000Z",
            "2026-13-01T00:00:00.000Z",
            "2026-00-01T00:00:00.000Z",
            "2026-11-00T00:00:00.000Z",
            "2026-11-24t02:00:05.000z",
            "2026-11-24 02:00:05.000Z",
            "2026-11-24T02:00:05,000Z",
            "2026-1a-24T02:00:05.000Z",
            "2026-11-24T02:00:05.00aZ",
            "2026-11-24T02:00:05.000Z ",
            "",
            "now")) {
      s.add(replace("2026-11-24T02:00:05.000Z", t));
    }
    s.add(replace("\"time\":\"2026-11-24T02:00:05.000Z\"", "\"time\":1790000000000"));
    s.add(replace("\"time\":\"2026-11-24T02:00:05.000Z\"", "\"time\":null"));
    for (String value :
        List.of(
            "1",
            "-0",
            "-0.0",
            "0.0",
            "0e5",
            "1E2",
            "1.5E+2",
            "1.5e-2",
            "1e308",
            "1e309",
            "-1e400",
            "1.5e-400",
            "1e-1000",
            "1.7976931348623157e308",
            "4.9e-324",
            "2.2250738585072014E-308",
            "0.1",
            "0.30000000000000004",
            "123456789012345678",
            "1234567890123456789",
            "12345678901234567890123",
            "9007199254740993",
            "9007199254740993.0",
            "1234567.891",
            "0.000000000000000000000001",
            "123456789012345.6789",
            "1.",
            ".5",
            "+1",
            "01",
            "-01",
            "-",
            "1e",
            "1e+",
            "1.e5",
            "NaN",
            "Infinity",
            "-Infinity",
            "\"1\"",
            "true",
            "false",
            "nul",
            "nulll",
            "[1]",
            "{}",
            "1x",
            "1 1")) {
      s.add(replace("\"value\":1234.5", "\"value\":" + value));
    }
    for (String code : List.of("0", "1", "127", "128", "255", "256", "2.0", "-1", "1e1", "\"2\"")) {
      s.add(
          replace(
              "\"value\":null,\"unit\":\"kW\",\"quality\":\"timeout\"",
              "\"value\":null,\"unit\":\"kW\",\"quality\":\"device_exception\",\"exceptionCode\":"
                  + code));
      s.add(replace("\"quality\":\"good\"", "\"quality\":\"good\",\"exceptionCode\":" + code));
    }
    s.add(replace("\"quality\":\"timeout\"", "\"quality\":\"device_exception\""));
    s.add(
        replace(
            "\"quality\":\"timeout\"", "\"quality\":\"device_exception\",\"exceptionCode\":null"));
    for (Quality q : Quality.values()) {
      s.add(replace("\"quality\":\"good\"", "\"quality\":\"" + q.wire() + "\""));
      s.add(replace("\"quality\":\"timeout\"", "\"quality\":\"" + q.wire() + "\""));
    }
    for (String q : List.of("ok", "GOOD", "goo\\u0064", "good ", "", "timeou", "goodx")) {
      s.add(replace("\"quality\":\"good\"", "\"quality\":\"" + q + "\""));
    }
    s.add(replace("\"quality\":\"good\"", "\"quality\":1"));
    for (String site :
        List.of(
            "\\u0073h-plant",
            "sh\\/plant",
            "sh/plant",
            "sh+plant",
            "sh#plant",
            "车间-1",
            "\\u0001",
            "a\\tb",
            "\u007f",
            "\u2028",
            "😀",
            "",
            "x".repeat(100),
            "ü".repeat(40))) {
      s.add(replace("sh-plant", site));
    }
    for (String unit : List.of("°C", "m³", "", "k\\\"W", "k\\\\W", "\\u00b0C", "%", "1")) {
      s.add(replace("\"kWh\"", "\"" + unit + "\""));
    }
    s.add(replace("\"channel\":\"power\"", "\"channel\":\"\""));
    s.add(replace("\"channel\":\"power\"", "\"channel\":null"));
    s.add(replace("\"channel\":\"power\"", "\"channel\":\"p\",\"channel\":\"q\""));
    s.add(replace("\"unit\":\"kW\"", "\"unit\":\"kW\",\"unit\":\"kW\""));
    s.add(replace("\"unit\":\"kW\",", ""));
    s.add(replace("\"unit\":\"kW\"", "\"unit\":\"kW\",\"x\":1"));
    s.add(replace("\"unit\":\"kW\"", "\"unit\":\"kW\",\"\\u0075nit\":\"kW\""));
    s.add(replace("\"site\":\"sh-plant\"", "\"site\":\"sh-plant\",\"site\":\"sh-plant\""));
    s.add(replace("\"site\":\"sh-plant\"", "\"\\u0073ite\":\"sh-plant\""));
    s.add(replace("\"site\":\"sh-plant\"", "\"site\":\"sh-plant\",\"extra\":{}"));
    s.add(replace("\"site\":\"sh-plant\",", ""));
    s.add(replace("\"v\":1,", ""));
    s.add(replace("\"v\":1,", "\"v\":1,\"v\":1,"));
    s.add(replace("\"values\":[", "\"values\":[],\"x\":["));
    s.add(replace("\"values\":[", "\"vals\":["));
    s.add(replace("\"values\":[", "\"value\":["));
    s.add(replace("\"values\":[", "\"values\" [").replace("]}", "]}"));
    s.add(
        "{\"v\":1,\"site\":\"s\",\"agent\":\"a\",\"meter\":\"m\",\"seq\":1,"
            + "\"time\":\"2026-11-24T02:00:05.000Z\",\"values\":[]}");
    s.add(
        "{\"v\":1,\"site\":\"s\",\"agent\":\"a\",\"meter\":\"m\",\"seq\":1,"
            + "\"time\":\"2026-11-24T02:00:05.000Z\",\"values\":null}");
    s.add(
        "{\"v\":1,\"site\":\"s\",\"agent\":\"a\",\"meter\":\"m\",\"seq\":1,"
            + "\"time\":\"2026-11-24T02:00:05.000Z\",\"values\":[null]}");
    s.add(
        "{\"v\":1,\"site\":\"s\",\"agent\":\"a\",\"meter\":\"m\",\"seq\":1,"
            + "\"time\":\"2026-11-24T02:00:05.000Z\",\"values\":[[]]}");
    s.add(
        "{\"v\":1,\"site\":\"s\",\"agent\":\"a\",\"meter\":\"m\",\"seq\":1,"
            + "\"time\":\"2026-11-24T02:00:05.000Z\",\"values\":{}}");
    StringBuilder many = new StringBuilder();
    for (int k = 0; k < 40; k++) {
      many.append(k == 0 ? "" : ",")
          .append("{\"channel\":\"c")
          .append(k)
          .append("\",\"value\":")
          .append(k)
          .append(".25,\"unit\":\"kWh\",\"quality\":\"good\"}");
    }
    s.add(replace("{\"channel\":\"energy_import\"", many + ",{\"channel\":\"energy_import\""));
    for (String tail : List.of(" {}", "x", ",", "]", "}", "{", "\u0000", " 1", "null")) {
      s.add(CANONICAL + tail);
    }
    s.add("\uFEFF" + CANONICAL);
    s.add(CANONICAL.substring(0, CANONICAL.length() - 1));
    s.add("[" + CANONICAL + "]");
    s.add("");
    s.add(" ");
    s.add("null");
    s.add("[]");
    s.add("{}");
    s.add("{");
    s.add("\"x\"");
    s.add("{\"v\":1}");
    s.add(CANONICAL.replace("\"", "'"));
    s.add(CANONICAL.replace("\"v\"", "v"));
    s.add(CANONICAL.replace("{\"v\":1,", "{/* c */\"v\":1,"));

    List<byte[]> out = new ArrayList<>();
    for (String m : s) {
      out.add(b(m));
    }
    // Byte-level oddities that no Java string literal above can carry.
    byte[] canonical = b(CANONICAL);
    int siteAt = CANONICAL.indexOf("sh-plant");
    for (byte[] bad :
        List.of(
            new byte[] {(byte) 0xC3, 0x28},
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xE2, (byte) 0x82},
            new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD},
            new byte[] {0x00},
            new byte[] {0x1F})) {
      byte[] m = new byte[canonical.length + bad.length];
      System.arraycopy(canonical, 0, m, 0, siteAt);
      System.arraycopy(bad, 0, m, siteAt, bad.length);
      System.arraycopy(canonical, siteAt, m, siteAt + bad.length, canonical.length - siteAt);
      out.add(m);
    }
    out.add(CANONICAL.getBytes(StandardCharsets.UTF_16BE));
    out.add(CANONICAL.getBytes(StandardCharsets.UTF_16LE));
    out.add(CANONICAL.getBytes(StandardCharsets.UTF_16));
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] withBom = Arrays.copyOf(bom, bom.length + canonical.length);
    System.arraycopy(canonical, 0, withBom, bom.length, canonical.length);
    out.add(withBom);
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // random readings
  // ---------------------------------------------------------------------------------------

  private static final String SEGMENT_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:";
  private static final String[] ODD = {"车", "间", "°", "³", "µ", "é", "😀", "\u2028", "\u007f", "ÿ"};
  private static final String[] UNITS = {"kWh", "kW", "V", "A", "1", "°C", "m³", "Nm³/h", "%", ""};
  private static final String[] UNIT_ESCAPES = {"\"", "\\", "\n", "\t", "\u0001", "/"};

  private static String segment(Random rnd) {
    int n = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 80 : 12);
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < n; k++) {
      if (rnd.nextInt(25) == 0) {
        sb.append(ODD[rnd.nextInt(ODD.length)]);
      } else {
        sb.append(SEGMENT_CHARS.charAt(rnd.nextInt(SEGMENT_CHARS.length())));
      }
    }
    return sb.toString();
  }

  private static String unit(Random rnd) {
    String u = UNITS[rnd.nextInt(UNITS.length)];
    if (rnd.nextInt(20) == 0) {
      u = u + UNIT_ESCAPES[rnd.nextInt(UNIT_ESCAPES.length)];
    }
    return u;
  }

  private static double number(Random rnd) {
    return switch (rnd.nextInt(10)) {
      case 0 -> rnd.nextInt(100_000);
      case 1 -> Math.round(rnd.nextDouble() * 1e8) / 1000.0;
      case 2 -> Math.round(rnd.nextGaussian() * 1e4) / 100.0;
      case 3 -> -0.0;
      case 4 -> 0.0;
      case 5 -> {
        double d;
        do {
          d = Double.longBitsToDouble(rnd.nextLong());
        } while (!Double.isFinite(d));
        yield d;
      }
      case 6 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20);
      case 7 -> (double) rnd.nextLong();
      case 8 -> Double.MIN_VALUE * (1 + rnd.nextInt(1000));
      default -> rnd.nextDouble();
    };
  }

  private static ReadingValue value(Random rnd) {
    String channel = segment(rnd);
    String unit = unit(rnd);
    Quality q = Quality.values()[rnd.nextInt(Quality.values().length)];
    return switch (q) {
      case TIMEOUT -> ReadingValue.missing(channel, unit, q);
      case DEVICE_EXCEPTION -> ReadingValue.deviceException(channel, unit, 1 + rnd.nextInt(255));
      default -> new ReadingValue(channel, number(rnd), unit, q, null);
    };
  }

  private static Instant time(Random rnd) {
    return switch (rnd.nextInt(12)) {
      case 0 -> Instant.ofEpochMilli(1_700_000_000_000L + rnd.nextInt(1_000_000_000));
      case 1 ->
          Instant.ofEpochSecond(
              -62_167_219_200L + (long) (rnd.nextDouble() * 315_537_897_600L),
              rnd.nextInt(1_000_000_000));
      case 2 -> Instant.ofEpochSecond(253_402_300_800L + rnd.nextInt(1_000_000));
      case 3 -> Instant.ofEpochSecond(-62_167_219_200L - 1 - rnd.nextInt(1_000_000));
      case 4 -> Instant.ofEpochMilli(rnd.nextLong() >> 20);
      default -> Instant.parse("2026-11-24T02:00:05.250Z").plusMillis(rnd.nextInt(86_400_000));
    };
  }

  private static Reading reading(Random rnd) {
    List<ReadingValue> values = new ArrayList<>();
    int n = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 30 : 8);
    for (int k = 0; k < n; k++) {
      values.add(value(rnd));
    }
    long seq =
        rnd.nextInt(4) == 0
            ? 1 + (rnd.nextLong() >>> 1) % Long.MAX_VALUE
            : 1 + rnd.nextInt(1_000_000);
    return new Reading(segment(rnd), segment(rnd), segment(rnd), seq, time(rnd), values);
  }

  private static final String[] REPLACEMENTS = {
    "\"x\"", "1", "-1", "0", "1.5", "true", "null", "[]", "{}", "\"\"", "1e400", "-0", "255", "256"
  };
  private static final byte[] INTERESTING = b("\"\\,:{}[]0-.eE1 n\t");

  private static byte[] mutate(byte[] m, Random rnd) {
    String text = new String(m, StandardCharsets.UTF_8);
    int kind = rnd.nextInt(7);
    if (kind >= 3 && !text.contains("\":")) {
      kind = 0;
    }
    switch (kind) {
      case 0 -> {
        return Arrays.copyOf(m, rnd.nextInt(m.length));
      }
      case 1 -> {
        byte[] c = m.clone();
        int at = rnd.nextInt(c.length);
        c[at] =
            rnd.nextBoolean()
                ? INTERESTING[rnd.nextInt(INTERESTING.length)]
                : (byte) rnd.nextInt(256);
        return c;
      }
      case 2 -> {
        int from = rnd.nextInt(m.length);
        int to = Math.min(m.length, from + 1 + rnd.nextInt(8));
        byte[] c = new byte[m.length - (to - from)];
        System.arraycopy(m, 0, c, 0, from);
        System.arraycopy(m, to, c, from, m.length - to);
        return c;
      }
      case 3 -> {
        // delete one "name":value member (best effort: up to the next ',' or '}')
        List<Integer> names = new ArrayList<>();
        for (int k = text.indexOf("\":"); k >= 0; k = text.indexOf("\":", k + 1)) {
          names.add(text.lastIndexOf('"', k - 1));
        }
        int start = names.get(rnd.nextInt(names.size()));
        int end = start;
        while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '}') {
          end++;
        }
        if (end < text.length() && text.charAt(end) == ',') {
          end++;
        }
        return b(text.substring(0, start) + text.substring(end));
      }
      case 4 -> {
        // replace one value with a value of another type
        List<Integer> colons = new ArrayList<>();
        for (int k = text.indexOf("\":"); k >= 0; k = text.indexOf("\":", k + 1)) {
          colons.add(k + 2);
        }
        int start = colons.get(rnd.nextInt(colons.size()));
        int end = start;
        char first = start < text.length() ? text.charAt(start) : ' ';
        if (first == '"') {
          end = Math.max(start, text.indexOf('"', start + 1) + 1);
        } else if (first != '[' && first != '{') {
          while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '}') {
            end++;
          }
        } else {
          end = start + 1;
        }
        return b(
            text.substring(0, start)
                + REPLACEMENTS[rnd.nextInt(REPLACEMENTS.length)]
                + text.substring(end));
      }
      case 5 -> {
        // duplicate a member or add an unknown one
        int k = text.indexOf(",\"", rnd.nextInt(text.length()));
        if (k < 0) {
          return b(text + " ");
        }
        int next = text.indexOf(',', k + 1);
        String extra = rnd.nextBoolean() || next < 0 ? "\"x\":1," : text.substring(k + 1, next + 1);
        return b(text.substring(0, k + 1) + extra + text.substring(k + 1));
      }
      default -> {
        // insert whitespace
        int at = rnd.nextInt(text.length());
        return b(text.substring(0, at) + " \n\t\r".charAt(rnd.nextInt(4)) + text.substring(at));
      }
    }
  }

  private static void assertSameDecode(byte[] m, int[] counts) {
    Outcome expected = Outcome.of(() -> ReferenceReadingCodec.decodeReading(m));
    Outcome actual = Outcome.of(() -> WireCodec.decodeReading(m));
    assertThat(actual).as("%s", new String(m, StandardCharsets.UTF_8)).isEqualTo(expected);
    Reading fast = ReadingFastPath.decode(m);
    if (fast != null) {
      counts[2]++;
      assertThat(expected.reading())
          .as("fast path accepted %s", new String(m, StandardCharsets.UTF_8))
          .isEqualTo(fast);
    }
    String text = new String(m, StandardCharsets.UTF_8);
    Outcome expectedText = Outcome.of(() -> ReferenceReadingCodec.decodeReading(text));
    Outcome actualText = Outcome.of(() -> WireCodec.decodeReading(text));
    assertThat(actualText).as("as String: %s", text).isEqualTo(expectedText);
    counts[expected.accepted() ? 0 : 1]++;
  }

  private static Outcome encodeOutcome(ThrowingSupplier<byte[]> encode) {
    try {
      return new Outcome(null, new String(encode.get(), StandardCharsets.ISO_8859_1));
    } catch (RuntimeException e) {
      return new Outcome(null, "threw " + e.getClass().getName() + ": " + e.getMessage());
    }
  }

  @Test
  void handWrittenEdgeCasesDecodeAsTheReferenceDecoderDoes() {
    int[] counts = new int[3];
    for (byte[] m : handWritten()) {
      assertSameDecode(m, counts);
    }
    // Both kinds are well represented, and the fast path really served the usual form.
    assertThat(counts[0]).isGreaterThan(60);
    assertThat(counts[1]).isGreaterThan(150);
    assertThat(ReadingFastPath.decode(b(CANONICAL))).isNotNull();
    assertThat(counts[2]).isGreaterThan(40);
  }

  @Test
  void generatedReadingsEncodeToTheReferenceBytesAndDecodeBack() {
    Random rnd = new Random(SEED);
    int fastEncoded = 0;
    int[] counts = new int[3];
    for (int k = 0; k < 3000; k++) {
      Reading r = reading(rnd);
      Outcome expected = encodeOutcome(() -> ReferenceReadingCodec.encode(r));
      Outcome actual = encodeOutcome(() -> WireCodec.encode(r));
      assertThat(actual).as("%s", r).isEqualTo(expected);
      if (ReadingFastPath.encode(r) != null) {
        fastEncoded++;
      }
      if (!expected.error().startsWith("threw")) {
        byte[] m = WireCodec.encode(r);
        assertSameDecode(m, counts);
      }
    }
    assertThat(fastEncoded).isGreaterThan(1500);
    assertThat(counts[0]).isGreaterThan(2500);
    assertThat(counts[2]).isGreaterThan(1000);
  }

  @Test
  void mutatedMessagesDecodeAsTheReferenceDecoderDoes() {
    Random rnd = new Random(SEED + 1);
    List<byte[]> seeds = new ArrayList<>(handWritten());
    for (int k = 0; k < 200; k++) {
      seeds.add(WireCodec.encode(reading(rnd)));
    }
    int[] counts = new int[3];
    for (int k = 0; k < 6000; k++) {
      byte[] m = seeds.get(rnd.nextInt(seeds.size()));
      if (m.length == 0) {
        continue;
      }
      for (int depth = 1 + rnd.nextInt(2); depth > 0 && m.length > 0; depth--) {
        m = mutate(m, rnd);
      }
      assertSameDecode(m, counts);
    }
    assertThat(counts[0]).as("accepted").isGreaterThan(150);
    assertThat(counts[2]).as("accepted by the fast path").isGreaterThan(100);
    assertThat(counts[1]).as("rejected").isGreaterThan(4000);
  }

  @Test
  void shortDecimalsAndTheirBoundariesEncodeAsJacksonWritesThem() {
    Random rnd = new Random(SEED + 2);
    List<Double> numbers = new ArrayList<>();
    for (double edge : new double[] {1e-3, 9.999999999999999e-4, 1e7, 9999999.0, 9999999.999999}) {
      numbers.add(edge);
      numbers.add(Math.nextUp(edge));
      numbers.add(Math.nextDown(edge));
    }
    for (int k = 0; k < 40_000; k++) {
      int decimals = rnd.nextInt(9);
      double magnitude = Math.pow(10, rnd.nextInt(12) - 4);
      double d =
          Math.round(rnd.nextDouble() * magnitude * Math.pow(10, decimals))
              / Math.pow(10, decimals);
      if (rnd.nextInt(8) == 0) {
        d = rnd.nextBoolean() ? Math.nextUp(d) : Math.nextDown(d);
      }
      numbers.add(rnd.nextBoolean() ? -d : d);
    }
    for (int k = 0; k < numbers.size(); k += 8) {
      List<ReadingValue> values = new ArrayList<>();
      for (double d : numbers.subList(k, Math.min(numbers.size(), k + 8))) {
        values.add(ReadingValue.good("c" + values.size(), d, "kWh"));
      }
      Reading r = new Reading("s", "a", "m", 1 + k, Instant.EPOCH, values);
      byte[] expected = ReferenceReadingCodec.encode(r);
      assertThat(new String(WireCodec.encode(r), StandardCharsets.UTF_8))
          .isEqualTo(new String(expected, StandardCharsets.UTF_8));
      assertThat(WireCodec.decodeReading(expected))
          .isEqualTo(ReferenceReadingCodec.decodeReading(expected));
    }
  }

  @Test
  void everyByteOfTheInstantIsValidatedAsTheReferenceDecoderDoes() {
    byte[] canonical = b(CANONICAL);
    int at = CANONICAL.indexOf("2026-11-24T02:00:05.000Z");
    byte[] candidates = b("/:0159aT-.Z +\"");
    int[] counts = new int[3];
    for (int k = 0; k < 24; k++) {
      for (byte c : candidates) {
        byte[] m = canonical.clone();
        m[at + k] = c;
        assertSameDecode(m, counts);
      }
      for (int c : new int[] {0x00, 0x7F, 0x80, 0xB0, 0xFF}) {
        byte[] m = canonical.clone();
        m[at + k] = (byte) c;
        assertSameDecode(m, counts);
      }
    }
    assertThat(counts[0]).as("accepted").isGreaterThan(24);
    assertThat(counts[1]).as("rejected").isGreaterThan(200);
  }

  @Test
  void calendarArithmeticMatchesJavaTimeForEveryDayOfYears0To9999() {
    byte[] buf = new byte[24];
    long first = LocalDate.of(0, 1, 1).toEpochDay();
    long last = LocalDate.of(9999, 12, 31).toEpochDay();
    assertThat(ReadingFastPath.DAY_0000_01_01).isEqualTo(first);
    assertThat(ReadingFastPath.DAY_9999_12_31).isEqualTo(last);
    Random rnd = new Random(SEED);
    for (long day = first; day <= last; day++) {
      LocalDate d = LocalDate.ofEpochDay(day);
      assertThat(ReadingFastPath.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
          .isEqualTo(day);
      if (d.getDayOfMonth() >= 28) {
        assertThat(ReadingFastPath.lengthOfMonth(d.getYear(), d.getMonthValue()))
            .isEqualTo(d.lengthOfMonth());
      }
      int msOfDay = rnd.nextInt(86_400_000);
      ReadingFastPath.formatTo(buf, 0, day, msOfDay);
      String expected = Instants.format(Instant.ofEpochMilli(day * 86_400_000L + msOfDay));
      if (!expected.equals(new String(buf, StandardCharsets.ISO_8859_1))) {
        assertThat(new String(buf, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
      }
    }
  }

  @Test
  void stringCacheStaysCorrectUnderConcurrentDecodingOfManyDistinctMeters() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int offset = t;
        done.add(
            pool.submit(
                () -> {
                  int checked = 0;
                  for (int k = 0; k < 20_000; k++) {
                    String meter = "m-" + ((k * 7 + offset) % 9000);
                    String channel = "ch" + (k % 13);
                    byte[] m =
                        b(
                            replace("M-AIR-1", meter)
                                .replace("energy_import", channel)
                                .replace("\"seq\":7", "\"seq\":" + (k + 1)));
                    Reading r = WireCodec.decodeReading(m);
                    if (!r.meter().equals(meter)
                        || !r.values().get(0).channel().equals(channel)
                        || r.seq() != k + 1
                        || !Objects.equals(r, ReferenceReadingCodec.decodeReading(m))) {
                      throw new AssertionError(
                          "wrong decode of " + new String(m, StandardCharsets.UTF_8) + ": " + r);
                    }
                    checked++;
                  }
                  return checked;
                }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get()).isEqualTo(20_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
