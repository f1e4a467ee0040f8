package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.Gateway;
import io.carbonwatch.edge.modbus.ModbusLink;
import io.carbonwatch.edge.modbus.ModbusReadException;
import io.carbonwatch.edge.poll.DevicePoller;
import io.carbonwatch.edge.poll.DeviceSpec;
import io.carbonwatch.edge.poll.GatewayWorker;
import io.carbonwatch.edge.poll.PollResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Scheduling over one link, with a link that fails for one unit id (no sockets). */
class GatewayWorkerTest {

  /** Answers zeros for every unit except {@code deadUnit}, which times out at once. */
  static final class FakeLink implements ModbusLink {
    final int deadUnit;
    final Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();
    final List<Duration> deadTimeouts = new CopyOnWriteArrayList<>();

    FakeLink(int deadUnit) {
      this.deadUnit = deadUnit;
    }

    @Override
    public int[] read(int unitId, int function, int start, int count, Duration timeout)
        throws ModbusReadException {
      requests.computeIfAbsent(unitId, k -> new AtomicInteger()).incrementAndGet();
      if (unitId == deadUnit) {
        deadTimeouts.add(timeout);
        throw new ModbusReadException(ModbusReadException.Reason.TIMEOUT, "fake timeout");
      }
      return new int[count];
    }

    @Override
    public void reset() {}

    @Override
    public long connects() {
      return 1;
    }

    @Override
    public void close() {}
  }

  @Test
  void aDeadDeviceIsBackedOffWithItsOwnTimeoutWhileTheOthersKeepTheirRate() throws Exception {
    AgentPlan plan =
        AgentPlan.of(
            TestSites.load(TestSites.yaml(15020, "50ms", "2026-06-01")),
            "edge-t",
            ProfileCatalog.shipped());
    Gateway g = plan.devices().keySet().iterator().next();
    List<DeviceSpec> specs =
        plan.devices().get(g).stream()
            .map(s -> s.unitId() == 2 ? s.withTiming(Duration.ofMillis(1234), 3, Duration.ZERO) : s)
            .toList();
    FakeLink link = new FakeLink(2);
    Map<String, AtomicInteger> results = new ConcurrentHashMap<>();
    List<PollResult> deadPolls = new CopyOnWriteArrayList<>();
    GatewayWorker w =
        new GatewayWorker(
            g,
            specs,
            link,
            new DevicePoller(Clock.systemUTC(), DevicePoller.Listener.NONE),
            (spec, r) -> {
              if (spec.unitId() == 2) {
                deadPolls.add(r);
              }
            },
            (gw, result) ->
                results.computeIfAbsent(result, k -> new AtomicInteger()).incrementAndGet());
    w.start();
    Thread.sleep(2_000);
    w.close();

    assertThat(link.deadTimeouts)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t).isEqualTo(Duration.ofMillis(1234)));
    // 40 slots of 50 ms in 2 s: the healthy units got nearly all, the dead one far fewer
    int healthy = link.requests.get(1).get();
    int dead = link.requests.get(2).get();
    assertThat(healthy).isGreaterThan(20);
    assertThat(dead).isLessThan(healthy / 2);
    assertThat(results.get("skipped").get()).isGreaterThan(10);
    // its first polls used the per-device retries (1 + 3 attempts), later ones none
    assertThat(deadPolls).allSatisfy(r -> assertThat(r.linkFailed()).isTrue());
    assertThat(deadPolls.get(0).channels().values()).allSatisfy(o -> assertThat(o.ok()).isFalse());
  }
}
