package io.carbonwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.jobs.mqtt.MqttConnection;
import io.carbonwatch.jobs.mqtt.MqttOutbound;
import io.carbonwatch.jobs.mqtt.MqttSource;
import io.carbonwatch.jobs.mqtt.MqttSourceConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.jobgraph.JobEdge;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * The shape of the job's graph, which is what its throughput rests on (docs/stream-jobs.md): the
 * raw messages are parsed in the source's chain, and a reading crosses exactly two keyed exchanges
 * (by meter, by series) on its way to the window totals.
 */
class CarbonJobGraphTest {

  private static JobGraph graph() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    build(env);
    return env.getStreamGraph().getJobGraph();
  }

  private static void build(StreamExecutionEnvironment env) {
    new CarbonJob(
            JobConfig.defaults(DemoPlant.FILE.toString(), DemoPlant.yaml()),
            new MqttSource(
                MqttSourceConfig.readings(
                    MqttConnection.anonymous("tcp://127.0.0.1:1", "cw-graph"), "cw-graph")),
            null,
            new DiscardingSink<String>(),
            new DiscardingSink<MqttOutbound>())
        .build(env);
  }

  private static JobVertex vertex(JobGraph g, String part) {
    List<JobVertex> found = new ArrayList<>();
    for (JobVertex v : g.getVertices()) {
      if (v.getName().contains(part)) {
        found.add(v);
      }
    }
    assertThat(found).as("vertices named *%s*", part).hasSize(1);
    return found.get(0);
  }

  @Test
  void chainedOperatorsShareRecordsWithoutCopying() throws Exception {
    JobGraph g = graph();
    assertThat(
            g.getSerializedExecutionConfig()
                .deserializeValue(getClass().getClassLoader())
                .isObjectReuseEnabled())
        .isTrue();
  }

  @Test
  void parsesInTheSourceChainAndCrossesTwoKeyedExchangesToTheWindows() {
    JobGraph g = graph();
    for (JobVertex v : g.getVertices()) {
      System.out.println("vertex: " + v.getName());
    }
    JobVertex source = vertex(g, "Source: readings");
    assertThat(source.getName()).contains("parse").contains("event time");

    JobVertex meters = vertex(g, "meters: dedupe, intervals, roll-up");
    List<String> meterInputs = new ArrayList<>();
    for (JobEdge e : meters.getInputs()) {
      meterInputs.add(e.getSource().getProducer().getName() + " " + e.getShipStrategyName());
    }
    // The readings come hashed by meter straight from the source chain; the control plane is
    // broadcast.
    assertThat(meterInputs)
        .anySatisfy(i -> assertThat(i).contains("Source: readings").contains("HASH"))
        .anySatisfy(i -> assertThat(i).contains("BROADCAST"));

    // Pieces are summed per series in the meter chain before they cross to the windows; live rates
    // leave it only as per-SEU partial sums.
    assertThat(meters.getName()).contains("combine pieces");

    JobVertex windows = vertex(g, "windows 1m 15m 1h 1d");
    // The window totals are written by a sink writer in the windows' own chain.
    assertThat(windows.getName()).contains("InfluxDB totals");
    assertThat(windows.getInputs())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getSource().getProducer()).isSameAs(meters);
              assertThat(e.getShipStrategyName()).contains("HASH");
            });
  }

  @Test
  void aCheckpointBarrierHeldUpBehindDataGoesUnalignedAfterATenthOfASecond() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env);
    assertThat(env.getCheckpointConfig().isUnalignedCheckpointsEnabled()).isTrue();
    assertThat(env.getCheckpointConfig().getAlignedCheckpointTimeout())
        .isEqualTo(CarbonJob.ALIGNED_CHECKPOINT_TIMEOUT)
        .isEqualTo(java.time.Duration.ofMillis(100));
  }

  @Test
  void readingsPiecesAndTotalsCrossTheExchangesInTheJobsOwnCompactLayouts() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    build(env);
    var graph = env.getStreamGraph();
    java.util.Map<String, org.apache.flink.api.common.typeutils.TypeSerializer<?>> in =
        new java.util.HashMap<>();
    for (var node : graph.getStreamNodes()) {
      if (node.getTypeSerializersIn().length > 0) {
        in.put(node.getOperatorName(), node.getTypeSerializersIn()[0]);
      }
    }
    assertThat(in.get("meters: dedupe, intervals, roll-up"))
        .isInstanceOf(io.carbonwatch.jobs.serde.ReadingSerializer.class);
    assertThat(in.get("windows 1m 15m 1h 1d 1mo"))
        .isInstanceOf(io.carbonwatch.jobs.serde.SeriesAmountSerializer.class);
    assertThat(in.get("totals for baselines and parameters"))
        .isInstanceOf(io.carbonwatch.jobs.serde.SeriesAmountSerializer.class);
  }

  @Test
  void refusesTypesThatWouldFallBackToKryo() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env);
    assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
    // Building the graph creates every input's serializer under that setting (state types are
    // covered by HotTypesTest and the MiniCluster tests).
    env.getStreamGraph();
  }
}
