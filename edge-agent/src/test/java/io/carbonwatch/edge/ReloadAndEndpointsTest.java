package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModelJson;
import io.carbonwatch.core.wire.AgentStatus;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.edge.publish.BrokerOptions;
import io.carbonwatch.edge.sim.Simulator;
import io.carbonwatch.testkit.MosquittoServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadAndEndpointsTest {
  static MosquittoServer broker;
  static Simulator sim;
  static ReadingCollector collector;
  static Agent agent;
  static HttpEndpoints http;
  static PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  static EdgeMetrics metrics = new EdgeMetrics(registry);
  static Path siteFile;
  static String yaml;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    broker = new MosquittoServer().start();
    yaml = TestSites.yaml(TestSites.freePort(), "100ms", "2026-06-01");
    siteFile = dir.resolve("site.yaml");
    Files.writeString(siteFile, yaml, StandardCharsets.UTF_8);
    ProfileCatalog catalog = ProfileCatalog.shipped();
    var model = EdgeCommand.loadModel(siteFile, catalog);
    sim = new Simulator(model.sites().get(0), Simulator.Options.defaults().withSpeed(60)).start();
    collector = new ReadingCollector(broker.uri());
    agent =
        new Agent(
                EdgeConfig.of(
                    dir.resolve("data"), BrokerOptions.of(broker.uri(), "edge-t-reload"), null),
                AgentPlan.of(model, "edge-t", catalog),
                metrics,
                Clock.systemUTC())
            .start();
    http =
        new HttpEndpoints(
                new InetSocketAddress("127.0.0.1", 0),
                registry,
                () -> new HttpEndpoints.Health(true, "{\"status\":\"up\"}"))
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (http != null) http.close();
    if (agent != null) agent.close();
    if (collector != null) collector.close();
    if (sim != null) sim.close();
    if (broker != null) broker.close();
  }

  @Test
  void aChangedSiteModelIsAppliedWithoutLosingTheSequenceOrTheQueue() throws Exception {
    ReadingCollector.await(
        "gas readings", Duration.ofSeconds(15), () -> collector.seqsOf("M-GAS").size() >= 3);
    String before = agent.plan().configHash();
    // drop the gas meter from the agent
    String changed = removeMeter(yaml, "M-GAS");
    Files.writeString(siteFile, changed, StandardCharsets.UTF_8);
    long sdmBefore = agent.sequences().last("M-SDM");
    EdgeCommand.reload(siteFile, ProfileCatalog.shipped(), agent, metrics);
    assertThat(agent.plan().configHash()).isNotEqualTo(before);
    assertThat(agent.plan().deviceCount()).isEqualTo(3);
    long gasAfterReload = collector.seqsOf("M-GAS").last();
    ReadingCollector.await(
        "SDM readings after the reload",
        Duration.ofSeconds(10),
        () -> collector.seqsOf("M-SDM").last() > sdmBefore + 5);
    Thread.sleep(300);
    // the sequence continues (no restart at 1), and the removed meter is no longer polled
    assertThat(collector.seqsOf("M-SDM").first()).isEqualTo(1L);
    assertThat(collector.seqsOf("M-GAS").last()).isLessThanOrEqualTo(gasAfterReload + 1);
    ReadingCollector.await(
        "status with the new config hash",
        Duration.ofSeconds(10),
        () -> {
          byte[] s = collector.other.get("cw/v1/t-plant/status/edge-t");
          return s != null
              && WireCodec.decodeAgentStatus(s).configHash().equals(agent.plan().configHash());
        });
    AgentStatus st =
        WireCodec.decodeAgentStatus(collector.other.get("cw/v1/t-plant/status/edge-t"));
    assertThat(st.configHash()).isEqualTo(SiteModelJson.version(TestSites.load(changed)));

    // a broken model is rejected and the agent keeps running the previous one
    String hash = agent.plan().configHash();
    Files.writeString(
        siteFile,
        changed.replace("accuracyClass: 0.5S", "accuracyClass: 0.3"),
        StandardCharsets.UTF_8);
    EdgeCommand.reload(siteFile, ProfileCatalog.shipped(), agent, metrics);
    assertThat(agent.plan().configHash()).isEqualTo(hash);
    assertThat(registry.get("edge.config.reloads").tag("result", "rejected").counter().count())
        .isEqualTo(1);
    long sdm = collector.seqsOf("M-SDM").last();
    ReadingCollector.await(
        "still polling", Duration.ofSeconds(10), () -> collector.seqsOf("M-SDM").last() > sdm + 3);
  }

  private static String removeMeter(String yaml, String id) {
    int start = yaml.indexOf("      - id: " + id);
    int end = yaml.indexOf("      - id: ", start + 10);
    return yaml.substring(0, start) + yaml.substring(end);
  }

  @Test
  void servesPrometheusMetricsAndHealth() throws Exception {
    ReadingCollector.await(
        "a few polls", Duration.ofSeconds(15), () -> collector.seqsOf("M-SDM").size() >= 3);
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> m =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body())
        .contains("edge_modbus_polls_total{gateway=\"gw-1\",result=\"ok\"}")
        .contains("edge_modbus_request_latency_seconds_bucket")
        .contains("edge_queue_depth_messages")
        .contains("edge_publish_latency_seconds_count")
        .contains("edge_publish_acked_messages_total{lane=\"live\"}")
        .contains("edge_modbus_failures_requests_total{reason=\"timeout\"}");
    HttpResponse<String> h =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(h.body()).contains("\"status\":\"up\"");
  }
}
