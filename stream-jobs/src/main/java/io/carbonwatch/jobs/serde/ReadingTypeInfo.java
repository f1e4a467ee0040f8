package io.carbonwatch.jobs.serde;

import io.carbonwatch.core.wire.Reading;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for {@link Reading} that gives Flink the hand-written {@link ReadingSerializer}
 * instead of its reflective record serializer. Pass it where a stream of readings is produced, e.g.
 * {@code .process(new ParseReadings(), new ReadingTypeInfo())} or {@code .returns(new
 * ReadingTypeInfo())}. A single opaque field: readings are keyed with a {@code KeySelector}, never
 * by field expression.
 */
public final class ReadingTypeInfo extends TypeInformation<Reading> {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<Reading> getTypeClass() {
    return Reading.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<Reading> createSerializer(SerializerConfig config) {
    return new ReadingSerializer();
  }

  @Override
  public String toString() {
    return "ReadingTypeInfo";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof ReadingTypeInfo other && other.canEqual(this);
  }

  @Override
  public int hashCode() {
    return ReadingTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof ReadingTypeInfo;
  }
}
