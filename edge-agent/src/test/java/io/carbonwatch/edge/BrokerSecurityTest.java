package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.edge.publish.BrokerOptions;
import io.carbonwatch.edge.sim.Simulator;
import io.carbonwatch.testkit.MosquittoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Username/password and TLS to the broker: readings are acknowledged over the secured listener. */
class BrokerSecurityTest {
  @TempDir Path dir;

  @Test
  void publishesOverTlsWithCredentials() throws Exception {
    try (MosquittoServer broker =
        MosquittoServer.builder().credentials("edge-t", "s3cret").tls().build().start()) {
      SiteModel model = TestSites.load(TestSites.yaml(TestSites.freePort(), "100ms", "2026-06-01"));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (Simulator sim =
              new Simulator(model.sites().get(0), Simulator.Options.defaults()).start();
          Agent agent =
              new Agent(
                      EdgeConfig.of(
                          dir,
                          BrokerOptions.of(broker.tlsUri(), "edge-t-tls")
                              .withCredentials("edge-t", "s3cret")
                              .withCa(broker.certificate()),
                          null),
                      AgentPlan.of(model, "edge-t", ProfileCatalog.shipped()),
                      new EdgeMetrics(registry),
                      Clock.systemUTC())
                  .start()) {
        ReadingCollector.await(
            "20 readings acknowledged over TLS",
            Duration.ofSeconds(20),
            () -> registry.get("edge.publish.acked").tag("lane", "live").counter().count() >= 20);
        assertThat(agent.brokerConnected()).isTrue();
      }
    }
  }

  @Test
  void aWrongPasswordNeverConnectsAndKeepsEverythingQueued() throws Exception {
    try (MosquittoServer broker =
        MosquittoServer.builder().credentials("edge-t", "s3cret").build().start()) {
      SiteModel model = TestSites.load(TestSites.yaml(TestSites.freePort(), "100ms", "2026-06-01"));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (Simulator sim =
              new Simulator(model.sites().get(0), Simulator.Options.defaults()).start();
          Agent agent =
              new Agent(
                      EdgeConfig.of(
                          dir,
                          BrokerOptions.of(broker.uri(), "edge-t-badpw")
                              .withCredentials("edge-t", "wrong"),
                          null),
                      AgentPlan.of(model, "edge-t", ProfileCatalog.shipped()),
                      new EdgeMetrics(registry),
                      Clock.systemUTC())
                  .start()) {
        ReadingCollector.await(
            "readings queued", Duration.ofSeconds(20), () -> agent.queue().depth() >= 40);
        assertThat(agent.brokerConnected()).isFalse();
        assertThat(registry.get("edge.publish.acked").tag("lane", "live").counter().count())
            .isZero();
      }
    }
  }
}
