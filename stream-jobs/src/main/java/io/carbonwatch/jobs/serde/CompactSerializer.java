package io.carbonwatch.jobs.serde;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the job's two compact serializers ({@link ReadingSerializer}, {@link
 * SeriesAmountSerializer}) share: a record is framed by its length ({@link RecordFraming}), encoded
 * into and decoded from one scratch buffer with varints, copied between views without decoding, and
 * has no meaningful empty instance. The buffer makes an instance single-threaded; {@link
 * #duplicate()} must return a fresh one, as Flink asks of stateful serializers.
 *
 * <p>Identity is the class: every instance of a subclass writes the same layout.
 */
abstract class CompactSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  /** The name errors and {@link #toString()} use. */
  private final String name;

  /** Room the scratch buffer needs after the longest record (a wide read past its end). */
  private final int slack;

  /** Encoding and decoding buffer of one record, grown on demand. */
  transient byte[] scratch = new byte[256];

  /** Read position in {@link #scratch} while decoding. */
  transient int pos;

  CompactSerializer(String name, int slack) {
    this.name = name;
    this.slack = slack;
  }

  /**
   * Null: records have no meaningful empty value and are never filled in place, so the {@code
   * reuse} arguments are ignored.
   */
  @Override
  public final T createInstance() {
    return null;
  }

  @Override
  public final T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public final int getLength() {
    return -1;
  }

  @Override
  public final T deserialize(T reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public final void copy(DataInputView source, DataOutputView target) throws IOException {
    int len = RecordFraming.readLength(source, name);
    byte[] b = scratch(len);
    // Not DataOutputView.write(DataInputView, int): DataOutputSerializer's does not grow.
    source.readFully(b, 0, len);
    RecordFraming.writeVarLong(len, target);
    target.write(b, 0, len);
  }

  /** The scratch buffer, at least {@code size} bytes. */
  final byte[] scratch(long size) throws IOException {
    if (size > RecordFraming.MAX_RECORD + slack) {
      throw new IOException(name + ": record of " + size + " bytes exceeds the limit");
    }
    byte[] b = scratch;
    if (b.length < size) {
      b = new byte[Math.max((int) size, 2 * b.length)];
      scratch = b;
    }
    return b;
  }

  static int varLongSize(long v) {
    // 1 + floor((bit length - 1) / 7), and 1 for zero
    return 1 + (63 - Long.numberOfLeadingZeros(v | 1)) / 7;
  }

  static int putVarLong(byte[] b, int p, long v) {
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    return p;
  }

  /** The varint at {@link #pos} of {@code b}; moves {@code pos} past it. */
  final long getVarLong(byte[] b) throws IOException {
    int p = pos;
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b[p++];
      v |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        pos = p;
        return v;
      }
    }
    throw new IOException(name + ": corrupt varint (more than 10 bytes)");
  }

  @Override
  public final boolean equals(Object obj) {
    return obj != null && obj.getClass() == getClass();
  }

  @Override
  public final int hashCode() {
    return getClass().hashCode();
  }

  @Override
  public final String toString() {
    return name;
  }

  /** The buffers are transient: a serializer shipped inside the job graph starts empty. */
  protected final Object readResolve() {
    return duplicate();
  }
}
