package io.carbonwatch.jobs.serde;

import io.carbonwatch.jobs.model.SeriesAmount;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for {@link SeriesAmount} that gives Flink the hand-written {@link
 * SeriesAmountSerializer} instead of its reflective record serializer. Pass it where a stream of
 * amounts is produced, e.g. {@code .process(function, new SeriesAmountTypeInfo())}, {@code
 * .transform(name, new SeriesAmountTypeInfo(), operator)} or {@code .returns(new
 * SeriesAmountTypeInfo())}. A single opaque field: amounts are keyed with a {@code KeySelector}
 * ({@code SeriesWindows::keyOf}), never by field expression.
 */
public final class SeriesAmountTypeInfo extends TypeInformation<SeriesAmount> {

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
  public Class<SeriesAmount> getTypeClass() {
    return SeriesAmount.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<SeriesAmount> createSerializer(SerializerConfig config) {
    return new SeriesAmountSerializer();
  }

  @Override
  public String toString() {
    return "SeriesAmountTypeInfo";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof SeriesAmountTypeInfo other && other.canEqual(this);
  }

  @Override
  public int hashCode() {
    return SeriesAmountTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof SeriesAmountTypeInfo;
  }
}
