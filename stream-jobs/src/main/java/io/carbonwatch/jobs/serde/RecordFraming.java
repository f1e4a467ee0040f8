package io.carbonwatch.jobs.serde;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The length prefix both compact serializers put in front of a record on Flink's views (unsigned
 * LEB128, 7 bits a byte, low group first), so a record is read from the view in one call and
 * decoded from a plain array, and copied without decoding. Errors name the serializer that hit
 * them.
 */
final class RecordFraming {
  /** The longest record either layout accepts: a corrupt length must not allocate more. */
  static final int MAX_RECORD = 1 << 26;

  private RecordFraming() {}

  static int readLength(DataInputView in, String serializer) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int x = in.readByte();
      v |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        if (v > MAX_RECORD) {
          throw new IOException(serializer + ": corrupt record length " + v);
        }
        return (int) v;
      }
    }
    throw new IOException(serializer + ": corrupt record length (more than 5 bytes)");
  }

  static void writeVarLong(long v, DataOutputView out) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.writeByte((int) v);
  }
}
