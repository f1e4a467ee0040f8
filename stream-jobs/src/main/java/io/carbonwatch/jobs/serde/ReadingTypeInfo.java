package io.carbonwatch.jobs.serde;

import io.carbonwatch.core.wire.Reading;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for {@link Reading} that gives Flink the hand-written {@link ReadingSerializer}
 * instead of its reflective record serializer. Pass it where a stream of readings is produced, e.g.
 * {@code .process(new ParseReadings(), new ReadingTypeInfo())} or {@code .returns(new
 * ReadingTypeInfo())}. A single opaque field: readings are keyed with a {@code KeySelector}, never
 * by field expression.
 */
public final class ReadingTypeInfo extends OpaqueTypeInfo<Reading> {
  private static final long serialVersionUID = 1L;

  public ReadingTypeInfo() {
    super(Reading.class);
  }

  @Override
  TypeSerializer<Reading> newSerializer() {
    return new ReadingSerializer();
  }
}
