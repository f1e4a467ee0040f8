package io.carbonwatch.jobs.serde;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a serializer without configuration whose record layout has a version: written
 * into checkpoints and savepoints, with an empty body. State written by the same serializer is
 * compatible as is while the versions match; anything else (for example state written by Flink's
 * PojoSerializer before the serializer was plugged in) is reported incompatible rather than
 * misread. Each serializer has its own subclass, with the public no-argument constructor Flink
 * instantiates reflectively on restore; its class name is what a checkpoint records.
 */
abstract class LayoutSnapshot<T> implements TypeSerializerSnapshot<T> {
  private final String serializer;
  private final int version;
  private int readVersion;

  LayoutSnapshot(String serializer, int version) {
    this.serializer = serializer;
    this.version = version;
    this.readVersion = version;
  }

  @Override
  public final int getCurrentVersion() {
    return version;
  }

  @Override
  public final void writeSnapshot(DataOutputView out) {}

  @Override
  public final void readSnapshot(int version, DataInputView in, ClassLoader userCodeClassLoader)
      throws IOException {
    if (version != this.version) {
      throw new IOException(
          serializer + " snapshot: unknown version " + version + ", expected " + this.version);
    }
    readVersion = version;
  }

  @Override
  public final TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
      TypeSerializerSnapshot<T> oldSnapshot) {
    if (oldSnapshot.getClass() == getClass()
        && ((LayoutSnapshot<T>) oldSnapshot).readVersion == version) {
      return TypeSerializerSchemaCompatibility.compatibleAsIs();
    }
    return TypeSerializerSchemaCompatibility.incompatible();
  }

  @Override
  public final boolean equals(Object obj) {
    return obj != null
        && obj.getClass() == getClass()
        && ((LayoutSnapshot<?>) obj).readVersion == readVersion;
  }

  @Override
  public final int hashCode() {
    return readVersion;
  }

  @Override
  public final String toString() {
    return serializer + ".Snapshot(v" + readVersion + ")";
  }
}
