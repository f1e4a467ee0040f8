package io.carbonwatch.jobs.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.wire.Reading;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ReadingTypeInfo} on a real Flink exchange (MiniCluster, parallelism 2). */
class ReadingTypeInfoJobTest {

  @RegisterExtension
  static final MiniClusterExtension FLINK = io.carbonwatch.jobs.MiniClusters.twoSlots();

  @Test
  void readingsCrossAKeyedExchangeAtParallelismTwoUnchanged() throws Exception {
    Reading[] readings = ReadingSerializerTest.generate(new Random(3L), 400);
    // Kryo would only be reached by a type Flink cannot analyse; none may appear here.
    Configuration noKryo = new Configuration();
    noKryo.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noKryo);
    env.setParallelism(2);
    assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();

    DataStream<Reading> source = env.fromData(Arrays.asList(readings), new ReadingTypeInfo());
    DataStream<Reading> exchanged =
        source.keyBy(Reading::meter).map(r -> r).returns(new ReadingTypeInfo());

    assertThat(source.getType()).isEqualTo(new ReadingTypeInfo());
    assertThat(exchanged.getType()).isEqualTo(new ReadingTypeInfo());
    List<Reading> out = exchanged.executeAndCollect("reading-serde", readings.length + 1);
    assertThat(out).containsExactlyInAnyOrder(readings);
  }
}
