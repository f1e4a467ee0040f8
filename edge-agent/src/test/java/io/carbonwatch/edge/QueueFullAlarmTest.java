package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.wire.AgentStatus;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.edge.publish.BrokerOptions;
import io.carbonwatch.edge.sim.Simulator;
import io.carbonwatch.testkit.MosquittoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full queue drops the oldest readings, counts them and says so in the agent's status. */
class QueueFullAlarmTest {
  @TempDir Path dir;

  @Test
  void dropsOldestCountsAndRaisesTheAlarmOnTheStatusTopic() throws Exception {
    try (MosquittoServer broker = MosquittoServer.builder().persistent().build().start();
        ReadingCollector collector = new ReadingCollector(broker.uri())) {
      SiteModel model = TestSites.load(TestSites.yaml(TestSites.freePort(), "50ms", "2026-06-01"));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (Simulator sim =
              new Simulator(model.sites().get(0), Simulator.Options.defaults()).start();
          Agent agent =
              new Agent(
                      EdgeConfig.of(dir, BrokerOptions.of(broker.uri(), "edge-t-full"), null)
                          .withQueue(64 * 1024, 16 * 1024),
                      AgentPlan.of(model, "edge-t", ProfileCatalog.shipped()),
                      new EdgeMetrics(registry),
                      Clock.systemUTC())
                  .start()) {
        ReadingCollector.await("connected", Duration.ofSeconds(10), agent::brokerConnected);
        broker.stop();
        ReadingCollector.await(
            "readings dropped", Duration.ofSeconds(30), () -> agent.queue().dropped() > 0);
        ReadingCollector.await(
            "alarm raised",
            Duration.ofSeconds(5),
            () -> agent.alarms().contains("queue_dropped_oldest"));
        assertThat(agent.queue().bytes()).isLessThanOrEqualTo(64 * 1024 + 16 * 1024);
        assertThat(registry.get("edge.queue.dropped").functionCounter().count()).isPositive();
        broker.restart();
        ReadingCollector.await(
            "status with the alarm",
            Duration.ofSeconds(20),
            () -> {
              byte[] s = collector.other.get("cw/v1/t-plant/status/edge-t");
              return s != null
                  && WireCodec.decodeAgentStatus(s).alarms().contains("queue_dropped_oldest");
            });
        AgentStatus st =
            WireCodec.decodeAgentStatus(collector.other.get("cw/v1/t-plant/status/edge-t"));
        assertThat(st.alarms()).contains("queue_dropped_oldest");
      }
    }
  }
}
