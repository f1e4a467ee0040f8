package io.carbonwatch.jobs.serde;

import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Hand-written serializer for {@link Reading}, replacing Flink's reflective record serializer
 * (PojoSerializer with a ListSerializer of NullableSerializer-wrapped fields and {@code
 * StringValue} strings) on the job's exchanges and in state.
 *
 * <p>Layout, version 1 (changing it needs a new {@link Snapshot} version that can still read this
 * one, or savepoints stop restoring):
 *
 * <pre>
 * record   := uvarint length, reading (length bytes)
 * reading  := str site, str agent, str meter, uvarlong seq, varlong epochSecond (zigzag),
 *             uvarint nano, uvarint count, value * count
 * value    := str channel, str unit, byte flags, [double value], [ubyte exceptionCode]
 * flags    := bits 0-3 quality code (QUALITY_CODES, never renumbered),
 *             0x10 value present, 0x20 exception code present
 * str      := uvarint (length &lt;&lt; 1 | wide), then length bytes (every char &lt;= U+00FF, Latin-1)
 *             or length UTF-16 chars (wide), so every Java string round-trips exactly,
 *             lone surrogates included
 * </pre>
 *
 * varints are unsigned LEB128 (7 bits a byte, low group first); doubles are big-endian IEEE bits. A
 * typical reading (three ids of 6-7 chars, two channels of 8-10 chars) takes 81 bytes, Flink's
 * record serializer 119. The length prefix lets a record be read from the view in one call and
 * decoded from a plain array, and copied without decoding.
 *
 * <p>Deserialized readings go through the canonical constructors of {@link Reading} and {@link
 * ReadingValue}: bytes from a corrupt or foreign stream fail there instead of entering the job as
 * records that break its invariants. Their cost is measured in {@code ReadingSerdeBench}.
 *
 * <p>Records are encoded and decoded in a scratch buffer, and decoded Latin-1 strings go through a
 * small direct-mapped caches (one for site and agent ids, one for channel and unit names), so the
 * names that repeat in every reading decode to one shared {@code String} each instead of a new one
 * per reading (less allocation, and the meter operator can compare them by reference). Meter ids
 * are not cached: there are thousands of them. That state makes an instance single-threaded: {@link
 * #duplicate()} returns a fresh one, as Flink asks of stateful serializers.
 */
public final class ReadingSerializer extends CompactSerializer<Reading> {

  private static final long serialVersionUID = 1L;

  /**
   * Wire code of each quality is its index here, fixed forever: enum ordinals would silently change
   * meaning in old savepoints if {@link Quality} were ever reordered. New qualities are appended
   * (at most 16).
   */
  private static final Quality[] QUALITY_CODES = {
    Quality.GOOD,
    Quality.TIMEOUT,
    Quality.DEVICE_EXCEPTION,
    Quality.OUT_OF_RANGE,
    Quality.FROZEN,
    Quality.ESTIMATED,
    Quality.CALIBRATION_OVERDUE,
    Quality.CALIBRATION_FAILED,
  };

  /** Quality ordinal to wire code. */
  private static final byte[] CODE_OF_ORDINAL = codeOfOrdinal();

  private static final int QUALITY_MASK = 0x0F;
  private static final int HAS_VALUE = 0x10;
  private static final int HAS_EXCEPTION_CODE = 0x20;
  private static final int KNOWN_FLAGS = QUALITY_MASK | HAS_VALUE | HAS_EXCEPTION_CODE;

  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int CACHE_SIZE = 256; // power of two
  private static final int CACHED_MAX_LENGTH = 64;

  /** Decoded Latin-1 strings by hash of their bytes; a miss just replaces the slot. */
  private transient String[] cache = new String[CACHE_SIZE];

  /** The bytes of each cached string, compared with {@link Arrays#equals} (vectorised). */
  private transient byte[][] cacheBytes = new byte[CACHE_SIZE][];

  /**
   * A second cache for channel and unit names only. A fleet has thousands of meter ids but a few
   * dozen channel and unit names; sharing one cache, the ids kept evicting the names, and the meter
   * operator compares a reading's names with its previous reading's by reference first.
   */
  private transient String[] names = new String[CACHE_SIZE];

  private transient byte[][] namesBytes = new byte[CACHE_SIZE][];

  private static byte[] codeOfOrdinal() {
    Quality[] all = Quality.values();
    byte[] codes = new byte[all.length];
    Arrays.fill(codes, (byte) -1);
    for (int code = 0; code < QUALITY_CODES.length; code++) {
      codes[QUALITY_CODES[code].ordinal()] = (byte) code;
    }
    for (Quality q : all) {
      if (codes[q.ordinal()] < 0) {
        throw new ExceptionInInitializerError(
            "ReadingSerializer: quality "
                + q
                + " has no wire code; append it to QUALITY_CODES (never renumber)");
      }
    }
    return codes;
  }

  public ReadingSerializer() {
    super("ReadingSerializer", 0);
  }

  @Override
  public boolean isImmutableType() {
    return true;
  }

  /** A fresh instance: the scratch buffer and string cache are per thread. */
  @Override
  public TypeSerializer<Reading> duplicate() {
    return new ReadingSerializer();
  }

  @Override
  public Reading copy(Reading from) {
    return from;
  }

  @Override
  public void serialize(Reading r, DataOutputView out) throws IOException {
    if (r == null) {
      // Flink never sends null records; a null here is a bug upstream (and tells
      // NullableSerializer.checkIfNullSupported that null is not supported).
      throw new NullPointerException("ReadingSerializer: null reading");
    }
    List<ReadingValue> values = r.values();
    int n = values.size();
    // Worst case: 3 varlongs and the count (10 bytes each), every string wide, every value full.
    long max = 40L + maxString(r.site()) + maxString(r.agent()) + maxString(r.meter());
    for (int i = 0; i < n; i++) {
      ReadingValue v = values.get(i);
      max += 10 + maxString(v.channel()) + maxString(v.unit());
    }
    byte[] b = scratch(max);
    int p = putString(b, 0, r.site());
    p = putString(b, p, r.agent());
    p = putString(b, p, r.meter());
    p = putVarLong(b, p, r.seq());
    Instant t = r.time();
    long s = t.getEpochSecond();
    p = putVarLong(b, p, (s << 1) ^ (s >> 63));
    p = putVarLong(b, p, t.getNano());
    p = putVarLong(b, p, n);
    for (int i = 0; i < n; i++) {
      ReadingValue v = values.get(i);
      p = putString(b, p, v.channel());
      p = putString(b, p, v.unit());
      Double value = v.value();
      Integer exceptionCode = v.exceptionCode();
      int flags = CODE_OF_ORDINAL[v.quality().ordinal()];
      if (value != null) {
        flags |= HAS_VALUE;
      }
      if (exceptionCode != null) {
        flags |= HAS_EXCEPTION_CODE;
      }
      b[p++] = (byte) flags;
      if (value != null) {
        LONG_BE.set(b, p, Double.doubleToRawLongBits(value));
        p += 8;
      }
      if (exceptionCode != null) {
        b[p++] = (byte) (int) exceptionCode;
      }
    }
    // Two calls on the view instead of one per field: the view's bounds checks and virtual
    // dispatch, not the encoding, are most of the cost of many small writes.
    RecordFraming.writeVarLong(p, out);
    out.write(b, 0, p);
  }

  @Override
  public Reading deserialize(DataInputView in) throws IOException {
    int end = RecordFraming.readLength(in, "ReadingSerializer");
    byte[] b = scratch(end);
    in.readFully(b, 0, end);
    try {
      pos = 0;
      String site = getString(b, cache, cacheBytes);
      String agent = getString(b, cache, cacheBytes);
      // Not cached: a fleet has thousands of meters, so a small cache would miss nearly always and
      // only add a comparison and a copy.
      String meter = getString(b, null, null);
      long seq = getVarLong(b);
      long zz = getVarLong(b);
      long epochSecond = (zz >>> 1) ^ -(zz & 1);
      long nano = getVarLong(b);
      long n = getVarLong(b);
      if (n < 0 || n > end) {
        throw new IOException("ReadingSerializer: corrupt value count " + n);
      }
      ReadingValue[] values = new ReadingValue[(int) n];
      for (int i = 0; i < n; i++) {
        String channel = getString(b, names, namesBytes);
        String unit = getString(b, names, namesBytes);
        int flags = b[pos++] & 0xFF;
        int code = flags & QUALITY_MASK;
        if ((flags & ~KNOWN_FLAGS) != 0 || code >= QUALITY_CODES.length) {
          throw new IOException(
              "ReadingSerializer: corrupt value flags 0x" + Integer.toHexString(flags));
        }
        Double value = null;
        if ((flags & HAS_VALUE) != 0) {
          value = Double.longBitsToDouble((long) LONG_BE.get(b, pos));
          pos += 8;
        }
        Integer exceptionCode = null;
        if ((flags & HAS_EXCEPTION_CODE) != 0) {
          exceptionCode = b[pos++] & 0xFF;
        }
        values[i] = new ReadingValue(channel, value, unit, QUALITY_CODES[code], exceptionCode);
      }
      if (pos != end || nano < 0 || nano > 999_999_999) {
        throw new IOException(
            "ReadingSerializer: corrupt record (" + pos + " of " + end + " bytes used)");
      }
      // List.of copies the array once; Reading's List.copyOf then keeps that immutable list.
      return new Reading(
          site, agent, meter, seq, Instant.ofEpochSecond(epochSecond, nano), List.of(values));
    } catch (IndexOutOfBoundsException e) {
      throw new IOException("ReadingSerializer: corrupt record (runs past its buffer)", e);
    }
  }

  // ---- encoding into the scratch buffer ----------------------------------------------------

  private static long maxString(String s) {
    return 5 + 2L * s.length();
  }

  private static int putString(byte[] b, int p, String s) {
    int len = s.length();
    int start = p + varLongSize((long) len << 1);
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c > 0xFF) {
        p = putVarLong(b, p, ((long) len << 1) | 1);
        for (int j = 0; j < len; j++) {
          char w = s.charAt(j);
          b[p++] = (byte) (w >>> 8);
          b[p++] = (byte) w;
        }
        return p;
      }
      b[start + i] = (byte) c;
    }
    putVarLong(b, p, (long) len << 1);
    return start + len;
  }

  // ---- decoding from the scratch buffer ----------------------------------------------------

  private String getString(byte[] b, String[] cache, byte[][] cacheBytes) throws IOException {
    long header = getVarLong(b);
    if (header < 0 || header >>> 1 > RecordFraming.MAX_RECORD) {
      throw new IOException("ReadingSerializer: corrupt string length " + (header >>> 1));
    }
    int len = (int) (header >>> 1);
    int p = pos;
    if ((header & 1) != 0) {
      char[] chars = new char[len];
      for (int i = 0; i < len; i++, p += 2) {
        chars[i] = (char) ((b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF));
      }
      pos = p;
      return new String(chars);
    }
    pos = p + len;
    if (len > CACHED_MAX_LENGTH || cache == null) {
      return new String(b, p, len, StandardCharsets.ISO_8859_1);
    }
    int slot = slot(b, p, len);
    byte[] key = cacheBytes[slot];
    if (key != null && Arrays.equals(key, 0, key.length, b, p, p + len)) {
      return cache[slot];
    }
    // Latin-1 is Java's compact string coding: this constructor is a plain array copy.
    String s = new String(b, p, len, StandardCharsets.ISO_8859_1);
    cache[slot] = s;
    cacheBytes[slot] = Arrays.copyOfRange(b, p, p + len);
    return s;
  }

  /**
   * Cache slot from the length and the first, middle and last bytes: ids differ mostly at their
   * ends ("m-0042", "m-0043"), and a collision only costs a miss.
   */
  private static int slot(byte[] b, int p, int len) {
    if (len == 0) {
      return 0;
    }
    int h = len * 0x9E3779B1;
    h = (h ^ b[p]) * 0x01000193;
    h = (h ^ b[p + (len >> 1)]) * 0x01000193;
    h = (h ^ b[p + len - 1]) * 0x01000193;
    h = (h ^ b[p + len - 1 - (len >> 2)]) * 0x01000193;
    return (h ^ (h >>> 16)) & (CACHE_SIZE - 1);
  }

  // ---- identity ------------------------------------------------------------------------------

  @Override
  public TypeSerializerSnapshot<Reading> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Layout version 1 (above); see {@link LayoutSnapshot}. */
  public static final class Snapshot extends LayoutSnapshot<Reading> {
    static final int VERSION = 1;

    /** Public no-argument constructor: Flink instantiates snapshots reflectively on restore. */
    public Snapshot() {
      super("ReadingSerializer", VERSION);
    }

    @Override
    public TypeSerializer<Reading> restoreSerializer() {
      return new ReadingSerializer();
    }
  }
}
