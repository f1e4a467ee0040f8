package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.wire.AgentState;
import io.carbonwatch.core.wire.AgentStatus;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.edge.sim.Simulator;
import io.carbonwatch.testkit.MosquittoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command in its own JVM: editing the site file reloads it, SIGHUP does not kill the
 * agent, and SIGTERM leaves a retained offline status.
 */
class ChildProcessReloadTest {
  @TempDir Path dir;

  private static final String STATUS = "cw/v1/t-plant/status/edge-t";

  private static AgentStatus status(ReadingCollector c) {
    byte[] s = c.other.get(STATUS);
    return s == null ? null : WireCodec.decodeAgentStatus(s);
  }

  @Test
  void reloadsOnFileChangeSurvivesSighupAndGoesOfflineOnSigterm() throws Exception {
    String yaml = TestSites.yaml(TestSites.freePort(), "100ms", "2026-06-01");
    Path site = dir.resolve("site.yaml");
    Files.writeString(site, yaml, StandardCharsets.UTF_8);
    try (MosquittoServer broker = new MosquittoServer().start();
        Simulator sim =
            new Simulator(TestSites.load(yaml).sites().get(0), Simulator.Options.defaults())
                .start();
        ReadingCollector collector = new ReadingCollector(broker.uri())) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p =
          new ProcessBuilder(
                  List.of(
                      java,
                      "-Xmx256m",
                      "-cp",
                      System.getProperty("java.class.path"),
                      EdgeCommand.class.getName(),
                      "--site",
                      site.toString(),
                      "--broker",
                      broker.uri(),
                      "--data-dir",
                      dir.resolve("data").toString(),
                      "--http",
                      "off"))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("agent.log").toFile())
              .start();
      try {
        ReadingCollector.await(
            "gas readings", Duration.ofSeconds(30), () -> collector.seqsOf("M-GAS").size() >= 3);
        String hash = status(collector).configHash();

        int start = yaml.indexOf("      - id: M-GAS");
        int end = yaml.indexOf("      - id: ", start + 10);
        Files.writeString(
            site, yaml.substring(0, start) + yaml.substring(end), StandardCharsets.UTF_8);
        ReadingCollector.await(
            "status with a new config hash",
            Duration.ofSeconds(20),
            () -> status(collector) != null && !status(collector).configHash().equals(hash));
        long gas = collector.seqsOf("M-GAS").last();

        new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
        long sdm = collector.seqsOf("M-SDM").last();
        ReadingCollector.await(
            "readings after SIGHUP",
            Duration.ofSeconds(10),
            () -> collector.seqsOf("M-SDM").last() > sdm + 10);
        assertThat(p.isAlive()).isTrue();
        assertThat(collector.seqsOf("M-GAS").last()).isLessThanOrEqualTo(gas + 1);

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        ReadingCollector.await(
            "retained offline status",
            Duration.ofSeconds(10),
            () -> status(collector).state() == AgentState.OFFLINE);
      } finally {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
