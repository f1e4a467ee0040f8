package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.wire.ControlKind;
import io.carbonwatch.core.wire.InstrumentState;
import io.carbonwatch.core.wire.InstrumentStatusControl;
import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.edge.publish.BrokerOptions;
import io.carbonwatch.edge.sim.Simulator;
import io.carbonwatch.testkit.MosquittoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's retained {@code control/instrument-status}, through the real agent and broker: the
 * calibration quality of the next published readings follows it; meters it does not list keep the
 * site model's (here: every meter calibrated in 2020, so overdue); a message that does not decode
 * is counted and changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstrumentStatusControlTest {
  static final String TOPIC = Topics.control("t-plant", ControlKind.INSTRUMENT_STATUS);
  static MosquittoServer broker;
  static Simulator sim;
  static Agent agent;
  static ReadingCollector collector;
  static SimpleMeterRegistry registry = new SimpleMeterRegistry();
  @TempDir static Path data;

  @BeforeAll
  static void start() throws Exception {
    broker = new MosquittoServer().start();
    int port = TestSites.freePort();
    SiteModel model = TestSites.load(TestSites.yaml(port, "200ms", "2020-01-01"));
    sim = new Simulator(model.sites().get(0), Simulator.Options.defaults().withSpeed(60)).start();
    collector = new ReadingCollector(broker.uri());
    // published (and acknowledged) before the agent exists: it can only get it as retained
    collector.publishRetained(
        TOPIC,
        WireCodec.encode(
            new InstrumentStatusControl(
                List.of(new InstrumentState("M-IEM", "disabled", "failed", null)))));
    agent =
        new Agent(
                EdgeConfig.of(data, BrokerOptions.of(broker.uri(), "edge-t-calibration"), null),
                AgentPlan.of(model, "edge-t", ProfileCatalog.shipped()),
                new EdgeMetrics(registry),
                Clock.systemUTC())
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (agent != null) agent.close();
    if (collector != null) collector.close();
    if (sim != null) sim.close();
    if (broker != null) broker.close();
  }

  /** Waits for a reading of {@code meter} newer than now that satisfies {@code p}. */
  private static Reading next(String meter, Predicate<Reading> p) {
    return collector.next(meter, p);
  }

  private static Reading next(String meter) {
    return next(meter, r -> true);
  }

  private static Predicate<Reading> all(Quality q) {
    return r -> !r.values().isEmpty() && r.values().stream().allMatch(v -> v.quality() == q);
  }

  private static void assertAll(Reading r, Quality q) {
    assertThat(r.values()).isNotEmpty().allSatisfy(v -> assertThat(v.quality()).isEqualTo(q));
  }

  private static double rejected() {
    return registry.get("edge.control.rejected").tag("kind", "instrument-status").counter().count();
  }

  @Test
  @Order(1)
  void theRetainedStateIsAppliedOnConnectAndANewMessageChangesTheNextReadings() throws Exception {
    // retained at start: M-IEM failed in the API; M-SDM not listed → the site model's overdue
    next("M-IEM", all(Quality.CALIBRATION_FAILED));
    assertAll(next("M-IEM"), Quality.CALIBRATION_FAILED);
    assertAll(next("M-SDM"), Quality.CALIBRATION_OVERDUE);

    // M-SDM recalibrated (ok, next due far ahead), M-IEM no longer in the ledger
    collector.publishRetained(
        TOPIC,
        WireCodec.encode(
            new InstrumentStatusControl(
                List.of(
                    new InstrumentState(
                        "M-SDM", "qualified", "ok", LocalDate.now().plusYears(1))))));
    next("M-SDM", all(Quality.GOOD));
    // every later reading of M-SDM stays good; M-IEM and M-GAS fall back to the site model
    assertAll(next("M-SDM"), Quality.GOOD);
    assertAll(next("M-SDM"), Quality.GOOD);
    assertAll(next("M-IEM"), Quality.CALIBRATION_OVERDUE);
    assertAll(next("M-GAS"), Quality.CALIBRATION_OVERDUE);
    assertThat(rejected()).isZero();
  }

  @Test
  @Order(2)
  void aMessageThatDoesNotDecodeIsCountedAndTheLastGoodStateStays() throws Exception {
    collector.publishRetained(
        TOPIC,
        WireCodec.encode(
            new InstrumentStatusControl(
                List.of(
                    new InstrumentState("M-SDM", "qualified", "ok", LocalDate.now().plusYears(1)),
                    new InstrumentState("M-IEM", "qualified", "failed", null)))));
    next("M-IEM", all(Quality.CALIBRATION_FAILED));
    double before = rejected();

    // an unknown calibration value, then not JSON at all
    collector.publishRetained(
        TOPIC,
        "{\"v\":1,\"instruments\":[{\"id\":\"M-IEM\",\"status\":\"qualified\",\"calibration\":\"fine\"}]}"
            .getBytes(StandardCharsets.UTF_8));
    collector.publishRetained(TOPIC, "not json".getBytes(StandardCharsets.UTF_8));
    ReadingCollector.await(
        "two rejected control messages", Duration.ofSeconds(10), () -> rejected() == before + 2);

    // readings polled after both were rejected still follow the last good state
    assertAll(next("M-IEM"), Quality.CALIBRATION_FAILED);
    assertAll(next("M-SDM"), Quality.GOOD);
    assertAll(next("M-GAS"), Quality.CALIBRATION_OVERDUE);
    assertThat(agent.brokerConnected()).isTrue();
    assertThat(rejected()).isEqualTo(before + 2);
  }

  @Test
  @Order(3)
  void aSiteModelReloadKeepsTheLiveState() {
    // state of the previous test: M-SDM ok, M-IEM failed; the site model says overdue for both
    agent.reload(agent.plan());
    assertAll(next("M-IEM"), Quality.CALIBRATION_FAILED);
    assertAll(next("M-SDM"), Quality.GOOD);
  }
}
