package io.carbonwatch.jobs.serde;

import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.SeriesAmount;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Hand-written serializer for {@link SeriesAmount}, replacing Flink's reflective record serializer
 * (PojoSerializer: a null flag per field, {@code StringValue} strings, an enum serializer and a
 * double-array serializer) on the exchange from the meter operator to the windows.
 *
 * <p>Layout, version 1 (changing it needs a new {@link Snapshot} version that can still read this
 * one, or savepoints stop restoring). Fields in the order of the record's components:
 *
 * <pre>
 * record   := uvarint length, body (length bytes)
 * body     := str key, ubyte level, str site, str zone, str id, str metric, str unit, str window,
 *             long startEpochMs, uvarlong (endEpochMs - startEpochMs), double amount, gas,
 *             uvarint qualityMask (as unsigned 32 bits), str lineage, uvarlong pieces
 * level    := LEVEL_CODES index (never renumbered; not the enum ordinal)
 * gas      := uvarint 0 (null) | uvarint (count + 1), group * ceil(count / 8)
 * group    := ubyte mask (bit i: entry i of the group is not +0.0), the entries whose bit is set
 * str      := uvarint 0 (null) | uvarint ((length &lt;&lt; 1 | wide) + 1), then length bytes
 *             (every char &lt;= U+00FF, Latin-1) or length UTF-16 chars (wide), so every Java
 *             string round-trips exactly, lone surrogates included
 * </pre>
 *
 * varints are unsigned LEB128 (7 bits a byte, low group first); longs and doubles are 8 bytes
 * big-endian, doubles as their raw IEEE bits (NaN payloads and -0.0 kept). The period's end is sent
 * as its length (3-5 bytes for a piece to a month; exact modulo 2^64, so any {@code end > start}
 * round-trips); the start stays fixed-width because epoch milliseconds would still take 6 varint
 * bytes and the loop costs more than the two bytes saved. Gas entries that are +0.0 (most gas
 * groups of most sources) are left out behind a bitmap. A typical electricity piece takes 107
 * bytes, its scope-2 emission piece 167; Flink's record serializer 138 and 233 ({@code
 * SeriesAmountSerdeBench}). The length prefix lets a record be read from the view in one call and
 * decoded from a plain array, and copied without decoding.
 *
 * <p>Deserialized amounts go through the canonical constructor of {@link SeriesAmount}: bytes from
 * a corrupt or foreign stream fail there (null key, end not after start) or here, instead of
 * entering the job as records that break its invariants.
 *
 * <p>Decoded strings go through direct-mapped caches, so each distinct value repeated in the stream
 * decodes to one shared {@code String}. That is not for the decoding's sake: a young {@code String}
 * is cheap to allocate, and {@code SeriesAmountSerdeBench} (5000 series) decodes a record in ~115
 * ns without caches, ~125 with the names cached and ~155 with all three caches (Flink's: ~260). It
 * is for the windows operator: the series key arrives with its hash code already computed (Flink
 * hashes it for the key group of every record, the heap state table again) and, while it stays
 * cached, is the very instance the state table holds, so the table's {@code equals} is a reference
 * comparison instead of a read of the stored key's characters (cold memory with tens of thousands
 * of series); the zone is looked up in a map per record too. Whether that wins back the ~30 ns the
 * key cache costs in the benchmark (where the state is a warm 5000-entry map) can only be seen in
 * the job's profile.
 *
 * <p>Three caches, so that the many do not evict the few: series keys (one per series, tens of
 * thousands in a job: 16384 slots), ids (one per meter, source, SEU…: 8192), and the short names
 * (site, zone, metric, unit, window, lineage: 1024). A slot holds one string; on a miss an empty
 * slot is always filled but an occupied one only on every fourth miss, because series arrive in a
 * cycle (each once a minute): replacing on every miss lets two series sharing a slot evict each
 * other forever, while the throttle mostly keeps one of them (simulated, shuffled cycles: with 5000
 * series ~85 % of the keys hit, with 12000 ~68 %; replacing on every miss, 80 % and 59 %; the
 * benchmark's fixed cycle of 5000 hits 81 %). The caches take ~1.9 MB (plus the strings) and are
 * allocated on the first deserialization, so serializers that only write (the meter side) or are
 * never used do not carry them. Records are encoded and decoded in a scratch buffer. That state
 * makes an instance single-threaded: {@link #duplicate()} returns a fresh one, as Flink asks of
 * stateful serializers.
 */
public final class SeriesAmountSerializer extends CompactSerializer<SeriesAmount> {

  private static final long serialVersionUID = 1L;

  /**
   * Wire code of each level is its index here, fixed forever: enum ordinals would silently change
   * meaning in old savepoints if {@link Level} were ever reordered. New levels are appended.
   */
  private static final Level[] LEVEL_CODES = {
    Level.METER,
    Level.VIRTUAL_METER,
    Level.SOURCE,
    Level.SEU,
    Level.VARIABLE,
    Level.SITE,
    Level.ORGANISATION,
  };

  /** Level ordinal to wire code. */
  private static final byte[] CODE_OF_ORDINAL = codeOfOrdinal();

  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int KEY_CACHE_SIZE = 16_384; // powers of two
  private static final int ID_CACHE_SIZE = 8_192;
  private static final int NAME_CACHE_SIZE = 1_024;

  /** Longer strings (merged lineages, odd keys) are decoded afresh: they bound the caches' size. */
  private static final int CACHED_MAX_BYTES = 256;

  private static final int SLOT_WORDS = 8;
  private static final int INLINE_BYTES = 8 * (SLOT_WORDS - 1);

  /** Room after a record in {@link #scratch}: a string's last word is read eight bytes wide. */
  private static final int SLACK = 8;

  /** An occupied slot is replaced on one miss in {@code REPLACE_EVERY + 1}. */
  private static final int REPLACE_EVERY = 3;

  /** End of the record in {@link #scratch} while decoding. */
  private transient int limit;

  /** The words of the string being looked up: read once, for its hash and its comparison. */
  private transient long[] stringWords = new long[SLOT_WORDS - 1];

  private transient StringCache keys;
  private transient StringCache ids;
  private transient StringCache names;

  /**
   * Decoded strings by hash of their encoded bytes. A slot keeps the string's header and its first
   * {@value #INLINE_BYTES} bytes in eight longs (64 bytes, a cache line's worth), so a hit compares
   * a few words in one place instead of following a reference to a byte array: ~20 ns a record less
   * in {@code SeriesAmountSerdeBench} than a {@code byte[]} per slot compared with {@code
   * Arrays.equals}. A hash collision only costs a miss.
   */
  private static final class StringCache {
    /** Per slot: the header (0: empty slot), then the first bytes, zero-padded. */
    final long[] words;

    /** The bytes after the first {@value #INLINE_BYTES}, for the few longer strings. */
    final byte[][] overflow;

    final String[] strings;
    final int mask;
    int misses;

    StringCache(int size) {
      words = new long[size * SLOT_WORDS];
      overflow = new byte[size][];
      strings = new String[size];
      mask = size - 1;
    }
  }

  private static byte[] codeOfOrdinal() {
    Level[] all = Level.values();
    byte[] codes = new byte[all.length];
    Arrays.fill(codes, (byte) -1);
    for (int code = 0; code < LEVEL_CODES.length; code++) {
      codes[LEVEL_CODES[code].ordinal()] = (byte) code;
    }
    for (Level l : all) {
      if (codes[l.ordinal()] < 0) {
        throw new ExceptionInInitializerError(
            "SeriesAmountSerializer: level "
                + l
                + " has no wire code; append it to LEVEL_CODES (never renumber)");
      }
    }
    return codes;
  }

  public SeriesAmountSerializer() {
    super("SeriesAmountSerializer", SLACK);
  }

  /**
   * False although every other component is immutable: {@link SeriesAmount#gasCo2eKg()} is an array
   * anyone holding the record could write to, so Flink's containers (list state, composite
   * serializers) must keep calling {@link #copy(SeriesAmount)} rather than share elements.
   */
  @Override
  public boolean isImmutableType() {
    return false;
  }

  /** A fresh instance: the scratch buffer and string caches are per thread. */
  @Override
  public TypeSerializer<SeriesAmount> duplicate() {
    return new SeriesAmountSerializer();
  }

  /**
   * The strings are immutable and shared; only the gas array is copied, so that writing to the
   * copy's array cannot change the original. Without gas the record itself is returned. (The job
   * runs with object reuse, so Flink copies nothing on its chains; this is for state and tests.)
   */
  @Override
  public SeriesAmount copy(SeriesAmount from) {
    if (from == null || from.gasCo2eKg() == null) {
      return from;
    }
    return from.withAmounts(from.amount(), from.gasCo2eKg().clone(), from.pieces());
  }

  @Override
  public void serialize(SeriesAmount r, DataOutputView out) throws IOException {
    if (r == null) {
      // Flink never sends null records; a null here is a bug upstream (and tells
      // NullableSerializer.checkIfNullSupported that null is not supported).
      throw new NullPointerException("SeriesAmountSerializer: null record");
    }
    double[] gas = r.gasCo2eKg();
    // Worst case: every string wide, every varint 10 bytes, every gas entry present.
    long max =
        60L
            + maxString(r.key())
            + maxString(r.site())
            + maxString(r.zone())
            + maxString(r.id())
            + maxString(r.metric())
            + maxString(r.unit())
            + maxString(r.window())
            + maxString(r.lineage())
            + (gas == null ? 0 : 9L * gas.length);
    byte[] b = scratch(max);
    int p = putString(b, 0, r.key());
    b[p++] = CODE_OF_ORDINAL[r.level().ordinal()];
    p = putString(b, p, r.site());
    p = putString(b, p, r.zone());
    p = putString(b, p, r.id());
    p = putString(b, p, r.metric());
    p = putString(b, p, r.unit());
    p = putString(b, p, r.window());
    long start = r.startEpochMs();
    LONG_BE.set(b, p, start);
    p = putVarLong(b, p + 8, r.endEpochMs() - start);
    LONG_BE.set(b, p, Double.doubleToRawLongBits(r.amount()));
    p += 8;
    p = gas == null ? putVarLong(b, p, 0) : putGas(b, p, gas);
    p = putVarLong(b, p, r.qualityMask() & 0xFFFF_FFFFL);
    p = putString(b, p, r.lineage());
    p = putVarLong(b, p, r.pieces());
    // Two calls on the view instead of one per field: the view's bounds checks and virtual
    // dispatch, not the encoding, are most of the cost of many small writes.
    RecordFraming.writeVarLong(p, out);
    out.write(b, 0, p);
  }

  @Override
  public SeriesAmount deserialize(DataInputView in) throws IOException {
    int length = RecordFraming.readLength(in, "SeriesAmountSerializer");
    byte[] b = scratch(length + SLACK);
    in.readFully(b, 0, length);
    if (keys == null) {
      keys = new StringCache(KEY_CACHE_SIZE);
      ids = new StringCache(ID_CACHE_SIZE);
      names = new StringCache(NAME_CACHE_SIZE);
    }
    try {
      pos = 0;
      limit = length;
      String key = getString(b, keys);
      int code = b[pos++] & 0xFF;
      if (code >= LEVEL_CODES.length) {
        throw new IOException("SeriesAmountSerializer: corrupt level code " + code);
      }
      String site = getString(b, names);
      String zone = getString(b, names);
      String id = getString(b, ids);
      String metric = getString(b, names);
      String unit = getString(b, names);
      String window = getString(b, names);
      long start = (long) LONG_BE.get(b, pos);
      pos += 8;
      long end = start + getVarLong(b);
      double amount = Double.longBitsToDouble((long) LONG_BE.get(b, pos));
      pos += 8;
      double[] gas = getGas(b);
      long qualityMask = getVarLong(b);
      if (qualityMask >>> 32 != 0) {
        throw new IOException("SeriesAmountSerializer: corrupt quality mask " + qualityMask);
      }
      String lineage = getString(b, names);
      long pieces = getVarLong(b);
      if (pos != limit) {
        throw new IOException(
            "SeriesAmountSerializer: corrupt record (" + pos + " of " + limit + " bytes used)");
      }
      return new SeriesAmount(
          key,
          site,
          zone,
          LEVEL_CODES[code],
          id,
          metric,
          unit,
          window,
          start,
          end,
          amount,
          gas,
          (int) qualityMask,
          lineage,
          pieces);
    } catch (IndexOutOfBoundsException e) {
      throw new IOException("SeriesAmountSerializer: corrupt record (runs past its buffer)", e);
    }
  }

  // ---- encoding into the scratch buffer ----------------------------------------------------

  private static long maxString(String s) {
    return s == null ? 1 : 5 + 2L * s.length();
  }

  private static int putString(byte[] b, int p, String s) {
    if (s == null) {
      b[p] = 0;
      return p + 1;
    }
    int len = s.length();
    long header = ((long) len << 1) + 1;
    int start = p + varLongSize(header);
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c > 0xFF) {
        p = putVarLong(b, p, header + 1);
        for (int j = 0; j < len; j++) {
          char w = s.charAt(j);
          b[p++] = (byte) (w >>> 8);
          b[p++] = (byte) w;
        }
        return p;
      }
      b[start + i] = (byte) c;
    }
    putVarLong(b, p, header);
    return start + len;
  }

  private static int putGas(byte[] b, int p, double[] gas) {
    int n = gas.length;
    p = putVarLong(b, p, n + 1L);
    for (int group = 0; group < n; group += 8) {
      int maskAt = p++;
      int mask = 0;
      int groupEnd = Math.min(n, group + 8);
      for (int i = group; i < groupEnd; i++) {
        long bits = Double.doubleToRawLongBits(gas[i]);
        if (bits != 0) {
          LONG_BE.set(b, p, bits);
          p += 8;
          mask |= 1 << (i - group);
        }
      }
      b[maskAt] = (byte) mask;
    }
    return p;
  }

  // ---- decoding from the scratch buffer ----------------------------------------------------

  /**
   * The hit path only, small enough for the JIT to inline at each of the eight call sites; misses
   * and long strings are handled out of line.
   */
  private String getString(byte[] b, StringCache cache) throws IOException {
    long header = getVarLong(b);
    if (header == 0) {
      return null;
    }
    int p = pos;
    long lengthAndWide = header - 1;
    int n = (int) ((lengthAndWide >>> 1) << (lengthAndWide & 1));
    // Checked against the record's end, not the buffer's: a corrupt length must not allocate.
    if (lengthAndWide < 0 || lengthAndWide >>> 1 > limit - p || n > limit - p) {
      throw new IOException(
          "SeriesAmountSerializer: corrupt string length " + (lengthAndWide >>> 1));
    }
    pos = p + n;
    if (n > INLINE_BYTES) {
      return getLongString(b, p, n, header, cache);
    }
    int count = (n + 7) >>> 3;
    long h = header * 0x9E37_79B9_7F4A_7C15L;
    long[] ws = stringWords;
    for (int i = 0; i < count; i++) {
      long w = word(b, p, n, i);
      ws[i] = w;
      h = (h ^ w) * 0xC2B2_AE3D_27D4_EB4FL;
      h ^= h >>> 29;
    }
    // High bits of the product: they depend on every bit of every word.
    int slot = (int) ((h * 0x9E37_79B9_7F4A_7C15L) >>> 32) & cache.mask;
    long[] words = cache.words;
    int base = slot * SLOT_WORDS;
    if (words[base] == header) {
      int i = 0;
      while (i < count && words[base + 1 + i] == ws[i]) {
        i++;
      }
      if (i == count) {
        return cache.strings[slot];
      }
    }
    return miss(b, p, n, header, cache, slot);
  }

  /** Decodes the string and, if the slot is free or its turn has come, caches it. */
  private static String miss(byte[] b, int p, int n, long header, StringCache cache, int slot) {
    String s = decode(b, p, n, header);
    long[] words = cache.words;
    int base = slot * SLOT_WORDS;
    if (words[base] == 0 || (++cache.misses & REPLACE_EVERY) == 0) {
      int inline = Math.min(n, INLINE_BYTES);
      int count = (inline + 7) >>> 3;
      words[base] = header;
      for (int i = 0; i < SLOT_WORDS - 1; i++) {
        words[base + 1 + i] = i < count ? word(b, p, inline, i) : 0;
      }
      cache.overflow[slot] =
          n > INLINE_BYTES ? Arrays.copyOfRange(b, p + INLINE_BYTES, p + n) : null;
      cache.strings[slot] = s;
    }
    return s;
  }

  /**
   * A string of more than {@value #INLINE_BYTES} bytes: the slot keeps the rest in {@link
   * StringCache#overflow}; past {@value #CACHED_MAX_BYTES} bytes it is not cached at all.
   */
  private static String getLongString(byte[] b, int p, int n, long header, StringCache cache) {
    if (n > CACHED_MAX_BYTES) {
      return decode(b, p, n, header);
    }
    int count = (n + 7) >>> 3;
    long h = header * 0x9E37_79B9_7F4A_7C15L;
    for (int i = 0; i < count; i++) {
      h = (h ^ word(b, p, n, i)) * 0xC2B2_AE3D_27D4_EB4FL;
      h ^= h >>> 29;
    }
    int slot = (int) ((h * 0x9E37_79B9_7F4A_7C15L) >>> 32) & cache.mask;
    long[] words = cache.words;
    int base = slot * SLOT_WORDS;
    if (words[base] == header) {
      int i = 0;
      while (i < SLOT_WORDS - 1 && words[base + 1 + i] == word(b, p, n, i)) {
        i++;
      }
      byte[] rest = cache.overflow[slot];
      if (i == SLOT_WORDS - 1 && Arrays.equals(rest, 0, rest.length, b, p + INLINE_BYTES, p + n)) {
        return cache.strings[slot];
      }
    }
    return miss(b, p, n, header, cache, slot);
  }

  /**
   * Word {@code i} of the {@code n} bytes at {@code p}, little-endian, bytes past {@code n} zeroed
   * (they belong to the next field, or are the {@link #SLACK} after the record).
   */
  private static long word(byte[] b, int p, int n, int i) {
    long v = (long) LONG_LE.get(b, p + 8 * i);
    int rest = n - 8 * i;
    return rest >= 8 ? v : v & ((1L << (rest << 3)) - 1);
  }

  /** The {@code n} bytes at {@code p} of a string with the given header. */
  private static String decode(byte[] b, int p, int n, long header) {
    if (((header - 1) & 1) == 0) {
      // Latin-1 is Java's compact string coding: this constructor is a plain array copy.
      return new String(b, p, n, StandardCharsets.ISO_8859_1);
    }
    char[] chars = new char[n >>> 1];
    for (int i = 0; i < chars.length; i++, p += 2) {
      chars[i] = (char) ((b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF));
    }
    return new String(chars);
  }

  private double[] getGas(byte[] b) throws IOException {
    long header = getVarLong(b);
    if (header == 0) {
      return null;
    }
    long n = header - 1;
    // Every group of eight takes at least its mask byte: bounds the array by the record's size.
    if (header < 0 || n > 8L * (limit - pos)) {
      throw new IOException("SeriesAmountSerializer: corrupt gas count " + n);
    }
    double[] gas = new double[(int) n];
    int p = pos;
    for (int group = 0; group < n; group += 8) {
      int mask = b[p++] & 0xFF;
      int inGroup = (int) Math.min(8, n - group);
      if (mask >>> inGroup != 0) {
        throw new IOException(
            "SeriesAmountSerializer: corrupt gas mask 0x" + Integer.toHexString(mask));
      }
      for (; mask != 0; mask &= mask - 1) {
        gas[group + Integer.numberOfTrailingZeros(mask)] =
            Double.longBitsToDouble((long) LONG_BE.get(b, p));
        p += 8;
      }
    }
    pos = p;
    return gas;
  }

  // ---- identity ------------------------------------------------------------------------------

  @Override
  public TypeSerializerSnapshot<SeriesAmount> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Layout version 1 (above); see {@link LayoutSnapshot}. */
  public static final class Snapshot extends LayoutSnapshot<SeriesAmount> {
    static final int VERSION = 1;

    /** Public no-argument constructor: Flink instantiates snapshots reflectively on restore. */
    public Snapshot() {
      super("SeriesAmountSerializer", VERSION);
    }

    @Override
    public TypeSerializer<SeriesAmount> restoreSerializer() {
      return new SeriesAmountSerializer();
    }
  }
}
