package io.carbonwatch.jobs.serde;

import io.carbonwatch.jobs.model.SeriesAmount;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for {@link SeriesAmount} that gives Flink the hand-written {@link
 * SeriesAmountSerializer} instead of its reflective record serializer. Pass it where a stream of
 * amounts is produced, e.g. {@code .process(function, new SeriesAmountTypeInfo())}, {@code
 * .transform(name, new SeriesAmountTypeInfo(), operator)} or {@code .returns(new
 * SeriesAmountTypeInfo())}. A single opaque field: amounts are keyed with a {@code KeySelector}
 * ({@code SeriesWindows::keyOf}), never by field expression.
 */
public final class SeriesAmountTypeInfo extends OpaqueTypeInfo<SeriesAmount> {
  private static final long serialVersionUID = 1L;

  public SeriesAmountTypeInfo() {
    super(SeriesAmount.class);
  }

  @Override
  TypeSerializer<SeriesAmount> newSerializer() {
    return new SeriesAmountSerializer();
  }
}
