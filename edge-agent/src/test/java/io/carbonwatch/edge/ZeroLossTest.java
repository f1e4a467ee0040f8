package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.edge.publish.BrokerOptions;
import io.carbonwatch.edge.sim.Simulator;
import io.carbonwatch.testkit.MosquittoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero loss: a broker outage and a kill -9 of the agent both end with every reading delivered,
 * identified by (meter, seq): the sequence of every meter is complete from 1 to its last number.
 */
class ZeroLossTest {
  static final List<String> METERS = List.of("M-SDM", "M-IEM", "M-GAS", "M-ACR");

  MosquittoServer broker;
  Simulator sim;
  ReadingCollector collector;
  String yaml;
  SiteModel model;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    broker = MosquittoServer.builder().persistent().build().start();
    int port = TestSites.freePort();
    yaml = TestSites.yaml(port, "100ms", "2026-06-01");
    model = TestSites.load(yaml);
    sim = new Simulator(model.sites().get(0), Simulator.Options.defaults().withSpeed(60)).start();
    collector = new ReadingCollector(broker.uri());
  }

  @AfterEach
  void stop() throws Exception {
    collector.close();
    sim.close();
    broker.close();
  }

  /** Every meter's delivered sequence numbers are exactly 1..last. */
  private void assertComplete(Map<String, Long> lastSeqs) {
    for (String m : METERS) {
      NavigableSet<Long> seqs = collector.seqsOf(m);
      long last = lastSeqs.get(m);
      assertThat(seqs.first()).as(m + " first seq").isEqualTo(1L);
      assertThat(seqs.last()).as(m + " last seq").isGreaterThanOrEqualTo(last);
      List<Long> missing = new ArrayList<>();
      for (long s = 1; s <= seqs.last(); s++) {
        if (!seqs.contains(s)) {
          missing.add(s);
        }
      }
      assertThat(missing).as(m + " missing sequence numbers").isEmpty();
    }
  }

  private void awaitComplete(Map<String, Long> lastSeqs) {
    ReadingCollector.await(
        "every reading up to " + lastSeqs,
        Duration.ofSeconds(60),
        () ->
            METERS.stream()
                .allMatch(
                    m -> {
                      NavigableSet<Long> s = collector.seqsOf(m);
                      return !s.isEmpty() && s.last() >= lastSeqs.get(m) && s.size() >= s.last();
                    }));
    assertComplete(lastSeqs);
  }

  @Test
  void aBrokerOutageEndsWithEveryReadingDeliveredAndReplayed() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Agent agent =
        new Agent(
                EdgeConfig.of(
                    dir, BrokerOptions.of(broker.uri(), "edge-t-outage").withReplayRate(200), null),
                AgentPlan.of(model, "edge-t", ProfileCatalog.shipped()),
                new EdgeMetrics(registry),
                Clock.systemUTC())
            .start()) {
      ReadingCollector.await(
          "first readings", Duration.ofSeconds(15), () -> collector.seqsOf("M-SDM").size() >= 5);
      broker.stop();
      long before = agent.sequences().last("M-SDM");
      ReadingCollector.await(
          "readings queued during the outage",
          Duration.ofSeconds(15),
          () -> agent.sequences().last("M-SDM") >= before + 20);
      assertThat(agent.queue().depth()).isGreaterThanOrEqualTo(40);
      broker.restart();
      Thread.sleep(500);
      Map<String, Long> last = new java.util.HashMap<>();
      for (String m : METERS) {
        last.put(m, agent.sequences().last(m));
      }
      awaitComplete(last);
      assertThat(registry.get("edge.publish.acked").tag("lane", "replay").counter().count())
          .isGreaterThan(0);
      ReadingCollector.await(
          "queue drained", Duration.ofSeconds(20), () -> agent.queue().depth() < 20);
    }
  }

  @Test
  void killMinus9OfTheAgentLosesNothingAndResumesTheSequence() throws Exception {
    Path site = dir.resolve("site.yaml");
    Files.writeString(site, yaml, StandardCharsets.UTF_8);
    Path data = dir.resolve("data");
    Process agent = spawnAgent(site, data);
    try {
      ReadingCollector.await(
          "readings from the child agent",
          Duration.ofSeconds(30),
          () -> collector.seqsOf("M-SDM").size() >= 10);
      // a backlog on disk at the moment of the crash
      broker.stop();
      Thread.sleep(1500);
      agent.destroyForcibly(); // SIGKILL
      assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(agent.exitValue()).isEqualTo(137);
      broker.restart();
      long deliveredBefore = collector.seqsOf("M-SDM").last();
      agent = spawnAgent(site, data);
      ReadingCollector.await(
          "readings after the restart",
          Duration.ofSeconds(30),
          () -> collector.seqsOf("M-SDM").last() >= deliveredBefore + 30);
      Map<String, Long> last = new java.util.HashMap<>();
      for (String m : METERS) {
        last.put(m, collector.seqsOf(m).last());
      }
      awaitComplete(last);
    } finally {
      agent.destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private Process spawnAgent(Path site, Path data) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            EdgeCommand.class.getName(),
            "--site",
            site.toString(),
            "--agent",
            "edge-t",
            "--broker",
            broker.uri(),
            "--data-dir",
            data.toString(),
            "--http",
            "off");
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("agent-" + System.nanoTime() + ".log").toFile())
        .start();
  }

  @SuppressWarnings("unused")
  private static String read(File f) throws Exception {
    return Files.readString(f.toPath());
  }
}
