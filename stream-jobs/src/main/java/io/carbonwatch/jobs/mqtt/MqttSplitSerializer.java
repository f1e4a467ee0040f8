package io.carbonwatch.jobs.mqtt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Serializers for splits and for the enumerator's checkpoint (the splits not yet assigned). */
final class MqttSplitSerializer {
  private MqttSplitSerializer() {}

  static final class Split implements SimpleVersionedSerializer<MqttSplit> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(MqttSplit split) {
      return new byte[] {
        (byte) (split.index() >>> 24),
        (byte) (split.index() >>> 16),
        (byte) (split.index() >>> 8),
        (byte) split.index()
      };
    }

    @Override
    public MqttSplit deserialize(int version, byte[] bytes) throws IOException {
      if (version != 1 || bytes.length != 4) {
        throw new IOException("unknown MQTT split format v" + version);
      }
      int index =
          ((bytes[0] & 0xff) << 24)
              | ((bytes[1] & 0xff) << 16)
              | ((bytes[2] & 0xff) << 8)
              | (bytes[3] & 0xff);
      return new MqttSplit(index);
    }
  }

  static final class Pending implements SimpleVersionedSerializer<List<MqttSplit>> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(List<MqttSplit> splits) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(splits.size());
        for (MqttSplit s : splits) {
          out.writeInt(s.index());
        }
      }
      return bytes.toByteArray();
    }

    @Override
    public List<MqttSplit> deserialize(int version, byte[] serialized) throws IOException {
      if (version != 1) {
        throw new IOException("unknown MQTT enumerator state v" + version);
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        int n = in.readInt();
        List<MqttSplit> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(new MqttSplit(in.readInt()));
        }
        return out;
      }
    }
  }
}
