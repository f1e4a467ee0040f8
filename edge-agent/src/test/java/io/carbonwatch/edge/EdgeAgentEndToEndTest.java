package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelJson;
import io.carbonwatch.core.wire.AgentState;
import io.carbonwatch.core.wire.AgentStatus;
import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.edge.publish.BrokerOptions;
import io.carbonwatch.edge.sim.Simulator;
import io.carbonwatch.testkit.MosquittoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vertical slice: simulator over real Modbus TCP → agent → real Mosquitto → subscriber. */
class EdgeAgentEndToEndTest {
  static MosquittoServer broker;
  static Simulator simulator;
  static Agent agent;
  static ReadingCollector collector;
  static SiteModel model;
  @TempDir static Path data;

  @BeforeAll
  static void start() throws Exception {
    broker = new MosquittoServer().start();
    int port = TestSites.freePort();
    model = TestSites.load(TestSites.yaml(port, "200ms", "2026-06-01"));
    simulator =
        new Simulator(model.sites().get(0), Simulator.Options.defaults().withSpeed(60)).start();
    collector = new ReadingCollector(broker.uri());
    AgentPlan plan = AgentPlan.of(model, "edge-t", ProfileCatalog.shipped());
    agent =
        new Agent(
                EdgeConfig.of(data, BrokerOptions.of(broker.uri(), "edge-t-e2e"), null),
                plan,
                new EdgeMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC())
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (agent != null) agent.close();
    if (collector != null) collector.close();
    if (simulator != null) simulator.close();
    if (broker != null) broker.close();
  }

  @Test
  void publishesOneReadingPerPollForEveryModbusMeterWithGoodValues() {
    ReadingCollector.await(
        "5 readings of each meter",
        Duration.ofSeconds(20),
        () ->
            List.of("M-SDM", "M-IEM", "M-GAS").stream()
                .allMatch(m -> collector.seqsOf(m).size() >= 5));
    for (String meter : List.of("M-SDM", "M-IEM", "M-GAS")) {
      List<Reading> rs = collector.of(meter);
      Reading r = rs.get(rs.size() - 1);
      assertThat(r.site()).isEqualTo("t-plant");
      assertThat(r.agent()).isEqualTo("edge-t");
      assertThat(r.values()).allSatisfy(v -> assertThat(v.quality()).isEqualTo(Quality.GOOD));
      assertThat(collector.seqsOf(meter).first()).isEqualTo(1L);
      assertThat(r.time()).isBetween(Instant.now().minusSeconds(30), Instant.now());
    }
    Reading sdm = last("M-SDM");
    assertThat(channel(sdm, "power_active").unit()).isEqualTo("kW");
    // SDM630 publishes W; the channel asks for kW: the simulated 20–200 kW plant, not 20 000 kW
    assertThat(channel(sdm, "power_active").value()).isBetween(1.0, 200.0);
    assertThat(channel(sdm, "voltage_l1n").value()).isBetween(220.0, 240.0);
    Reading iem = last("M-IEM");
    // the int64 Wh register converted to kWh agrees with the float kWh register
    assertThat(channel(iem, "energy_import_wh").value())
        .isCloseTo(channel(iem, "energy_import").value(), org.assertj.core.data.Offset.offset(1.0));
    Reading gas = last("M-GAS");
    assertThat(channel(gas, "volume_standard").value()).isPositive();
    assertThat(channel(gas, "temperature").unit()).isEqualTo("°C");
  }

  @Test
  void countersGrowAndSequencesHaveNoGaps() {
    ReadingCollector.await(
        "10 gas readings", Duration.ofSeconds(20), () -> collector.seqsOf("M-GAS").size() >= 10);
    var seqs = collector.seqsOf("M-GAS");
    assertThat(seqs.last() - seqs.first() + 1).isEqualTo(seqs.size());
    List<Reading> rs = collector.of("M-SDM");
    double first = channel(rs.get(0), "energy_import").value();
    double last = channel(rs.get(rs.size() - 1), "energy_import").value();
    assertThat(last).isGreaterThan(first);
  }

  @Test
  void statusIsRetainedOnlineWithVersionAndConfigHash() {
    ReadingCollector.await(
        "status",
        Duration.ofSeconds(10),
        () -> collector.other.containsKey("cw/v1/t-plant/status/edge-t"));
    AgentStatus s = WireCodec.decodeAgentStatus(collector.other.get("cw/v1/t-plant/status/edge-t"));
    assertThat(s.state()).isEqualTo(AgentState.ONLINE);
    assertThat(s.configHash()).isEqualTo(SiteModelJson.version(model));
    assertThat(s.version()).isEqualTo("0.1.0");
  }

  @Test
  void mapsMqttNativeMessagesAndDeadLettersWhatCannotBeParsed() throws Exception {
    ReadingCollector.await("agent connected", Duration.ofSeconds(10), agent::brokerConnected);
    Thread.sleep(300); // the agent subscribes right after connecting
    collector.publish(
        "factory/line1/counter", "{\"count\": 1234, \"ts\": \"2026-11-24T02:00:05.000Z\"}");
    collector.publish("factory/line1/counter", "{\"count\": \"many\", \"ts\": 1764000000000}");
    collector.publish("factory/line1/counter", "not json");
    ReadingCollector.await(
        "native reading and two dead letters",
        Duration.ofSeconds(10),
        () -> !collector.of("M-PROD").isEmpty() && collector.deadLetters.size() >= 2);
    Reading r = collector.of("M-PROD").get(0);
    assertThat(r.time()).isEqualTo(Instant.parse("2026-11-24T02:00:05Z"));
    assertThat(r.values())
        .containsExactly(new ReadingValue("units", 1234.0, "pcs", Quality.GOOD, null));
    assertThat(r.seq()).isEqualTo(1);
    assertThat(collector.deadLetters)
        .anySatisfy(d -> assertThat(d).contains("/count: expected a finite number"))
        .anySatisfy(d -> assertThat(d).contains("payload: not JSON"));
    assertThat(collector.of("M-PROD")).hasSize(1);
  }

  @Test
  void takesReadingsOfMetersThatSpeakTheWireFormatUnderTheAgentsSequence() throws Exception {
    ReadingCollector.await("agent connected", Duration.ofSeconds(10), agent::brokerConnected);
    Thread.sleep(300);
    collector.publish(
        "factory/ext/reading",
        "{\"v\":1,\"site\":\"t-plant\",\"agent\":\"ext\",\"meter\":\"M-EXT\",\"seq\":77,"
            + "\"time\":\"2026-11-24T02:00:05.000Z\",\"values\":[{\"channel\":\"energy_import\","
            + "\"value\":10.5,\"unit\":\"kWh\",\"quality\":\"good\"}]}");
    collector.publish(
        "factory/ext/reading",
        "{\"v\":1,\"site\":\"t-plant\",\"agent\":\"ext\",\"meter\":\"M-EXT\",\"seq\":78,"
            + "\"time\":\"2026-11-24T02:00:06.000Z\",\"values\":[{\"channel\":\"energy_import\","
            + "\"value\":10.6,\"unit\":\"MWh\",\"quality\":\"good\"}]}");
    ReadingCollector.await(
        "M-EXT reading and a dead letter for the wrong unit",
        Duration.ofSeconds(10),
        () ->
            !collector.of("M-EXT").isEmpty()
                && collector.deadLetters.stream()
                    .anyMatch(d -> d.contains("expected kWh, got MWh")));
    Reading r = collector.of("M-EXT").get(0);
    assertThat(r.agent()).isEqualTo("edge-t");
    assertThat(r.seq()).isEqualTo(1);
    assertThat(r.values())
        .containsExactly(new ReadingValue("energy_import", 10.5, "kWh", Quality.GOOD, null));
  }

  private static Reading last(String meter) {
    List<Reading> rs = collector.of(meter);
    return rs.get(rs.size() - 1);
  }

  private static ReadingValue channel(Reading r, String id) {
    return r.values().stream().filter(v -> v.channel().equals(id)).findFirst().orElseThrow();
  }
}
