package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.edge.publish.BrokerOptions;
import io.carbonwatch.edge.sim.FaultType;
import io.carbonwatch.edge.sim.Simulator;
import io.carbonwatch.testkit.MosquittoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each simulator fault, seen through the real agent and broker: the published quality is the right
 * one, no value is invented, and the agent recovers without a restart when the fault clears.
 */
class FaultQualityTest {
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
    SiteModel model = TestSites.load(TestSites.yaml(port, "200ms", "2026-06-01"));
    sim = new Simulator(model.sites().get(0), Simulator.Options.defaults().withSpeed(60)).start();
    collector = new ReadingCollector(broker.uri());
    agent =
        new Agent(
                EdgeConfig.of(data, BrokerOptions.of(broker.uri(), "edge-t-faults"), null),
                AgentPlan.of(model, "edge-t", ProfileCatalog.shipped()),
                new EdgeMetrics(registry),
                Clock.systemUTC())
            .start();
  }

  @AfterEach
  void clearFaults() {
    for (String m : sim.meterIds()) {
      sim.meter(m).clearAll();
    }
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

  private static ReadingValue ch(Reading r, String channel) {
    return r.values().stream().filter(v -> v.channel().equals(channel)).findFirst().orElseThrow();
  }

  private static boolean allGood(Reading r) {
    return r.values().stream().allMatch(v -> v.quality() == Quality.GOOD);
  }

  @Test
  void aMeterThatStopsAnsweringIsPublishedAsTimeoutWithoutValuesAndRecovers() {
    next("M-SDM", FaultQualityTest::allGood);
    sim.meter("M-SDM").inject(FaultType.TIMEOUT, 0);
    Reading r = next("M-SDM", x -> ch(x, "energy_import").quality() == Quality.TIMEOUT);
    assertThat(r.values())
        .allSatisfy(
            v -> {
              assertThat(v.quality()).isEqualTo(Quality.TIMEOUT);
              assertThat(v.value()).isNull();
            });
    // the other meters on the same gateway keep delivering good readings meanwhile
    int iemBefore = collector.of("M-IEM").size();
    next("M-IEM", FaultQualityTest::allGood);
    next("M-IEM", FaultQualityTest::allGood);
    assertThat(collector.of("M-IEM").size()).isGreaterThan(iemBefore + 1);
    // a device that keeps failing is backed off: some of its polls are skipped, not queued
    ReadingCollector.await(
        "backed-off polls",
        Duration.ofSeconds(10),
        () -> registry.find("edge.modbus.polls").tag("result", "skipped").counter() != null);
    assertThat(registry.get("edge.modbus.polls").tag("result", "skipped").counter().count())
        .isPositive();
    sim.meter("M-SDM").clear(FaultType.TIMEOUT);
    Reading back = next("M-SDM", FaultQualityTest::allGood);
    assertThat(ch(back, "energy_import").value()).isPositive();
  }

  @Test
  void anExceptionResponseCarriesItsCodeAndNoValue() {
    sim.meter("M-IEM").inject(FaultType.EXCEPTION, 0);
    Reading r = next("M-IEM", x -> ch(x, "power_active").quality() == Quality.DEVICE_EXCEPTION);
    assertThat(ch(r, "power_active").exceptionCode()).isEqualTo(2);
    assertThat(ch(r, "power_active").value()).isNull();
    sim.meter("M-IEM").clear(FaultType.EXCEPTION);
    next("M-IEM", FaultQualityTest::allGood);
  }

  @Test
  void aValueThatStopsChangingIsFlaggedFrozenButKept() {
    next("M-SDM", FaultQualityTest::allGood);
    sim.meter("M-SDM").inject(FaultType.FROZEN, 0);
    Reading r = next("M-SDM", x -> ch(x, "power_active").quality() == Quality.FROZEN);
    assertThat(ch(r, "power_active").value()).isNotNull();
    // a channel without expectChange is not judged frozen
    assertThat(ch(r, "voltage_l1n").quality()).isEqualTo(Quality.GOOD);
    sim.meter("M-SDM").clear(FaultType.FROZEN);
    next("M-SDM", x -> ch(x, "power_active").quality() == Quality.GOOD);
  }

  @Test
  void aSlowResponseWithinTheTimeoutIsGoodAndBeyondItIsATimeout() {
    sim.meter("M-GAS").inject(FaultType.SLOW, 100);
    next("M-GAS", FaultQualityTest::allGood);
    sim.meter("M-GAS").inject(FaultType.SLOW, 700);
    next("M-GAS", x -> ch(x, "volume_standard").quality() == Quality.TIMEOUT);
    sim.meter("M-GAS").clear(FaultType.SLOW);
    next("M-GAS", FaultQualityTest::allGood);
  }

  @Test
  void anImplausibleValueIsPublishedAsOutOfRange() {
    sim.meter("M-SDM").inject(FaultType.SPIKE, 3);
    Reading r = next("M-SDM", x -> ch(x, "voltage_l1n").quality() == Quality.OUT_OF_RANGE);
    assertThat(ch(r, "voltage_l1n").value()).isGreaterThan(500);
    sim.meter("M-SDM").clear(FaultType.SPIKE);
    next("M-SDM", x -> ch(x, "voltage_l1n").quality() == Quality.GOOD);
  }

  @Test
  void counterResetAndReplacementArePublishedAsTheMeterShowsThem() {
    Reading before = next("M-GAS", FaultQualityTest::allGood);
    assertThat(ch(before, "volume_standard").value()).isGreaterThan(1000);
    sim.meter("M-GAS").inject(FaultType.COUNTER_RESET, 0);
    Reading after = next("M-GAS", x -> ch(x, "volume_standard").value() < 100);
    assertThat(ch(after, "volume_standard").quality()).isEqualTo(Quality.GOOD);
    sim.meter("M-GAS").inject(FaultType.REPLACEMENT, 500);
    Reading replaced =
        next(
            "M-GAS",
            x -> ch(x, "volume_standard").value() >= 500 && ch(x, "volume_standard").value() < 600);
    assertThat(replaced.seq()).isGreaterThan(after.seq());
  }

  @Test
  void aSignedCounterRollingOverShowsAsNegativeAndOutOfRange() {
    next("M-ACR", FaultQualityTest::allGood);
    sim.meter("M-ACR").inject(FaultType.ROLLOVER, 0);
    Reading near = next("M-ACR", x -> ch(x, "energy_import").value() > 21_000_000);
    assertThat(ch(near, "energy_import").quality()).isEqualTo(Quality.GOOD);
    Reading wrapped = next("M-ACR", x -> ch(x, "energy_import").value() < 0);
    assertThat(ch(wrapped, "energy_import").quality()).isEqualTo(Quality.OUT_OF_RANGE);
  }

  @Test
  void failuresAreCountedByReason() {
    sim.meter("M-IEM").inject(FaultType.EXCEPTION, 0);
    next("M-IEM", x -> ch(x, "power_active").quality() == Quality.DEVICE_EXCEPTION);
    assertThat(
            registry
                .get("edge.modbus.failures")
                .tag("reason", "device_exception")
                .counter()
                .count())
        .isPositive();
    assertThat(registry.get("edge.modbus.polls").tag("result", "ok").counter().count())
        .isPositive();
  }
}
