package io.carbonwatch.core.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes gateway batches (docs/wire-format.md, "Reading batch"): {@code {"v":1,"batch":[<reading>,
 * …]}} on {@link Topics#readingBatch(String, String)}, each element exactly the bytes {@link
 * WireCodec#encode(Reading)} writes for a single reading, so a consumer that splits the batch sees
 * the same bytes as if each reading had been published alone. Stateless and thread-safe.
 */
public final class ReadingBatchCodec {
  /** Most readings one batch may carry. */
  public static final int MAX_READINGS = 10_000;

  private static final byte[] HEAD = "{\"v\":1,\"batch\":[".getBytes(StandardCharsets.US_ASCII);

  private ReadingBatchCodec() {}

  /**
   * Encodes readings of one site and agent as one batch, in the given order.
   *
   * @throws IllegalArgumentException naming the offending index and field when {@code readings} is
   *     empty, holds more than {@link #MAX_READINGS} or a null, or mixes sites or agents
   */
  public static byte[] encode(List<Reading> readings) {
    checkCount(readings == null ? 0 : readings.size());
    Reading first = readings.get(0);
    if (first == null) {
      throw new IllegalArgumentException("readings[0]: expected a reading, got null");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(readings.size() * 256 + 32);
    out.writeBytes(HEAD);
    for (int i = 0; i < readings.size(); i++) {
      Reading r = readings.get(i);
      if (r == null) {
        throw new IllegalArgumentException("readings[" + i + "]: expected a reading, got null");
      }
      if (!r.site().equals(first.site())) {
        throw new IllegalArgumentException(
            "readings["
                + i
                + "].site: a batch carries one site ("
                + first.site()
                + " from readings[0]), got "
                + r.site());
      }
      if (!r.agent().equals(first.agent())) {
        throw new IllegalArgumentException(
            "readings["
                + i
                + "].agent: a batch carries one agent ("
                + first.agent()
                + " from readings[0]), got "
                + r.agent());
      }
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(WireCodec.encode(r));
    }
    out.write(']');
    out.write('}');
    return out.toByteArray();
  }

  /**
   * Wraps readings that are already encoded by {@link WireCodec#encode(Reading)} (the edge agent's
   * disk queue holds them so) without decoding them again. The caller vouches that they are
   * readings of one site and agent; the stream job still validates each element against the batch
   * topic and dead-letters a mismatch.
   *
   * @throws IllegalArgumentException when there are 0 or more than {@link #MAX_READINGS} elements,
   *     or an element is not a JSON object
   */
  public static byte[] wrap(List<byte[]> encodedReadings) {
    checkCount(encodedReadings == null ? 0 : encodedReadings.size());
    int size = HEAD.length + 2;
    for (int i = 0; i < encodedReadings.size(); i++) {
      byte[] e = encodedReadings.get(i);
      if (e == null || e.length < 2 || e[0] != '{' || e[e.length - 1] != '}') {
        throw new IllegalArgumentException(
            "encodedReadings[" + i + "]: expected a reading as a JSON object");
      }
      size += e.length + 1;
    }
    byte[] out = new byte[size - 1];
    System.arraycopy(HEAD, 0, out, 0, HEAD.length);
    int pos = HEAD.length;
    for (int i = 0; i < encodedReadings.size(); i++) {
      if (i > 0) {
        out[pos++] = ',';
      }
      byte[] e = encodedReadings.get(i);
      System.arraycopy(e, 0, out, pos, e.length);
      pos += e.length;
    }
    out[pos++] = ']';
    out[pos] = '}';
    return out;
  }

  private static void checkCount(int n) {
    if (n < 1 || n > MAX_READINGS) {
      throw new IllegalArgumentException(
          "readings: a batch holds 1.." + MAX_READINGS + " readings, got " + n);
    }
  }
}
