package io.carbonwatch.bench.edge;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.edge.Agent;
import io.carbonwatch.edge.AgentPlan;
import io.carbonwatch.edge.EdgeConfig;
import io.carbonwatch.edge.EdgeMetrics;
import io.carbonwatch.edge.publish.BrokerOptions;
import io.carbonwatch.edge.sim.Simulator;
import io.carbonwatch.testkit.MosquittoServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Locale;

/**
 * Heap of an agent polling 1,000 meters (5 gateways × 200 unit ids, 20-register block each, every
 * second) and publishing to a real Mosquitto. The simulator runs in the same JVM, so the agent's
 * share is the live heap after GC with the agent running minus the same without it. Run with {@code
 * -Xmx256m} so that the target is also enforced as a hard limit.
 *
 * <p>Usage: {@code EdgeHeap [seconds=60]}.
 */
public final class EdgeHeap {
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    SiteModel model = BenchSites.site(5, 200, 26020, "1s");
    try (MosquittoServer broker = new MosquittoServer().start();
        Simulator sim = new Simulator(model.sites().get(0), Simulator.Options.defaults()).start()) {
      long base = liveHeap(mem);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      EdgeMetrics metrics = new EdgeMetrics(registry);
      AgentPlan plan = AgentPlan.of(model, "edge-b", ProfileCatalog.shipped());
      try (Agent agent =
          new Agent(
                  EdgeConfig.of(
                      Files.createTempDirectory("cw-bench-heap"),
                      BrokerOptions.of(broker.uri(), "edge-b-heap"),
                      null),
                  plan,
                  metrics,
                  Clock.systemUTC())
              .start()) {
        long maxLive = 0;
        for (int s = 0; s < seconds; s += 10) {
          Thread.sleep(10_000);
          maxLive = Math.max(maxLive, liveHeap(mem));
        }
        double readings = registry.get("edge.readings").counter().count();
        double acked = registry.get("edge.publish.acked").tag("lane", "live").counter().count();
        System.out.printf(
            Locale.ROOT,
            "1000 meters for %d s: %.0f readings (%.0f/s), %.0f acked by the broker, queue depth %d%n",
            seconds,
            readings,
            readings / seconds,
            acked,
            agent.queue().depth());
        System.out.printf(
            Locale.ROOT,
            "live heap after GC: simulator only %.1f MB, with agent (max of samples) %.1f MB,"
                + " agent share %.1f MB; -Xmx %.0f MB%n",
            base / 1e6,
            maxLive / 1e6,
            (maxLive - base) / 1e6,
            Runtime.getRuntime().maxMemory() / 1e6);
      }
    }
  }

  private static long liveHeap(MemoryMXBean mem) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return mem.getHeapMemoryUsage().getUsed();
  }
}
