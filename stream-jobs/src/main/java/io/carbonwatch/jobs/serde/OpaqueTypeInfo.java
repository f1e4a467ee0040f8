package io.carbonwatch.jobs.serde;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information that hands Flink one of the job's hand-written serializers instead of its
 * reflective record serializer: a single opaque field (such records are keyed with a {@code
 * KeySelector}, never by field expression). Two instances are equal when they are of the same
 * subclass, which is what Flink compares when it checks an operator's output type.
 */
abstract class OpaqueTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  OpaqueTypeInfo(Class<T> type) {
    this.type = type;
  }

  /** A fresh serializer: the job's serializers keep per-thread scratch buffers and caches. */
  abstract TypeSerializer<T> newSerializer();

  @Override
  public final TypeSerializer<T> createSerializer(SerializerConfig config) {
    return newSerializer();
  }

  @Override
  public final boolean isBasicType() {
    return false;
  }

  @Override
  public final boolean isTupleType() {
    return false;
  }

  @Override
  public final int getArity() {
    return 1;
  }

  @Override
  public final int getTotalFields() {
    return 1;
  }

  @Override
  public final Class<T> getTypeClass() {
    return type;
  }

  @Override
  public final boolean isKeyType() {
    return false;
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName();
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
  public final boolean canEqual(Object obj) {
    return obj != null && obj.getClass() == getClass();
  }
}
