package io.carbonwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.counters.CounterState;
import io.carbonwatch.core.counters.PowerIntegratorState;
import io.carbonwatch.core.wire.DeadLetter;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.jobs.functions.SeenSequences;
import io.carbonwatch.jobs.model.LivePoint;
import io.carbonwatch.jobs.model.SeriesAmount;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import io.carbonwatch.jobs.windows.SeriesWindows;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.junit.jupiter.api.Test;

/**
 * The records on the job's exchanges and in its keyed state get Flink's own serializers. Kryo (the
 * fallback for types Flink cannot analyse) is several times slower and breaks state compatibility
 * silently; with generic types disabled, creating a serializer for such a type throws.
 */
class HotTypesTest {

  @Test
  void recordsOnExchangesAndInStateNeverFallBackToKryo() {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    for (Class<?> c :
        new Class<?>[] {
          MqttMessageRecord.class,
          Reading.class,
          SeriesAmount.class,
          LivePoint.class,
          DeadLetter.class,
          io.carbonwatch.jobs.model.Rejection.class,
          SeenSequences.class,
          io.carbonwatch.jobs.functions.MeterState.class,
          SeriesWindows.SeriesState.class,
          SeriesWindows.Buckets.class,
          CounterState.class,
          PowerIntegratorState.class,
          io.carbonwatch.jobs.functions.PerformanceEvaluator.Pending.class
        }) {
      assertThat(TypeInformation.of(c).createSerializer(noKryo))
          .as(c.getName())
          .isInstanceOf(PojoSerializer.class);
    }
  }

  @Test
  void theCheckCatchesATypeFlinkCannotAnalyse() {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    assertThatThrownBy(() -> TypeInformation.of(Object.class).createSerializer(noKryo))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
