package io.carbonwatch.bench.edge;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.Gateway;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.edge.modbus.J2modLink;
import io.carbonwatch.edge.poll.DevicePoller;
import io.carbonwatch.edge.poll.DeviceProfiles;
import io.carbonwatch.edge.poll.DeviceSpec;
import io.carbonwatch.edge.poll.FieldOutcome;
import io.carbonwatch.edge.poll.PollResult;
import io.carbonwatch.edge.queue.DiskQueue;
import io.carbonwatch.edge.sim.Simulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Device reads per second: the agent's read path against a raw j2mod read loop, on the same
 * simulator (j2mod slave, same JVM), one 20-register block per read.
 *
 * <ul>
 *   <li>{@code raw}: {@code ModbusTCPMaster.readMultipleRegisters} in a loop;
 *   <li>{@code link}: the agent's {@link J2modLink} + {@link DevicePoller} (checks and decoding of
 *       10 float fields);
 *   <li>{@code agent}: link + building the Reading, encoding it (wire JSON) and appending it to the
 *       disk queue with group commits every 20 ms — everything the agent does per poll but MQTT.
 * </ul>
 *
 * Each mode runs {@code threads} connections (one per simulated gateway) for {@code seconds}; the
 * report gives reads/s and client CPU time per read (reads per CPU-second = reads/s per core of
 * client work). Usage: {@code EdgeReads [seconds=10] [threads=1]}.
 */
public final class EdgeReads {
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int basePort = 25020;
    SiteModel model = BenchSites.site(threads, 4, basePort, "1s");
    Site site = model.sites().get(0);
    try (Simulator sim = new Simulator(site, Simulator.Options.defaults()).start()) {
      System.out.printf(
          Locale.ROOT,
          "edge reads: %d connection(s), %d s per mode, 20 registers per read%n",
          threads,
          seconds);
      for (int round = 0; round < 2; round++) {
        String tag = round == 0 ? "(warm-up) " : "";
        report(tag + "raw j2mod loop", run(seconds, threads, g -> rawLoop(site, g)));
        report(tag + "agent link+decode", run(seconds, threads, g -> linkLoop(site, g, null)));
        Path q = Files.createTempDirectory("cw-bench-queue");
        try (DiskQueue queue = new DiskQueue(q, 4 << 20, 1L << 30, null)) {
          report(
              tag + "agent poll+encode+queue",
              run(seconds, threads, g -> linkLoop(site, g, queue)));
        }
      }
    }
  }

  interface Loop {
    /** Runs until the deadline; returns {reads, cpuNanos}. */
    long[] run(int gateway, long deadlineNanos) throws Exception;
  }

  interface LoopFactory {
    Loop make(int gateway) throws Exception;
  }

  record Result(long reads, long cpuNanos, long processCpuNanos, double seconds) {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  static Result run(int seconds, int threads, LoopFactory factory) throws Exception {
    List<Thread> ts = new ArrayList<>();
    AtomicLong reads = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    long start = System.nanoTime();
    long processCpu0 = OS.getProcessCpuTime();
    long deadline = start + Duration.ofSeconds(seconds).toNanos();
    List<Exception> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int g = 0; g < threads; g++) {
      Loop loop = factory.make(g);
      int gw = g;
      Thread t =
          new Thread(
              () -> {
                try {
                  long[] r = loop.run(gw, deadline);
                  reads.addAndGet(r[0]);
                  cpu.addAndGet(r[1]);
                } catch (Exception e) {
                  errors.add(e);
                }
              });
      ts.add(t);
      t.start();
    }
    for (Thread t : ts) {
      t.join();
    }
    if (!errors.isEmpty()) {
      throw errors.get(0);
    }
    return new Result(
        reads.get(),
        cpu.get(),
        OS.getProcessCpuTime() - processCpu0,
        (System.nanoTime() - start) / 1e9);
  }

  static void report(String name, Result r) {
    double rate = r.reads() / r.seconds();
    double cpuPerRead = r.cpuNanos() / (double) r.reads() / 1000.0;
    double processPerRead = r.processCpuNanos() / (double) r.reads() / 1000.0;
    System.out.printf(
        Locale.ROOT,
        "%-30s %7.0f reads/s | client %5.1f µs CPU/read = %6.0f reads/CPU-s"
            + " | whole process incl. simulator %5.1f µs/read = %6.0f reads/CPU-s%n",
        name,
        rate,
        cpuPerRead,
        1e6 / cpuPerRead,
        processPerRead,
        1e6 / processPerRead);
  }

  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  static Loop rawLoop(Site site, int g) throws Exception {
    Gateway gw = site.agents().get(0).gateways().get(g);
    ModbusTCPMaster master = new ModbusTCPMaster(gw.host(), gw.port(), 2000, false);
    master.connect();
    return (gateway, deadline) -> {
      long n = 0;
      long cpu0 = MX.getCurrentThreadCpuTime();
      try {
        while (System.nanoTime() < deadline) {
          for (int unit = 1; unit <= 4; unit++) {
            master.readMultipleRegisters(unit, 0, 20);
            n++;
          }
        }
      } finally {
        master.disconnect();
      }
      return new long[] {n, MX.getCurrentThreadCpuTime() - cpu0};
    };
  }

  static Loop linkLoop(Site site, int g, DiskQueue queue) {
    Gateway gw = site.agents().get(0).gateways().get(g);
    DeviceProfiles profiles = new DeviceProfiles(ProfileCatalog.shipped());
    List<DeviceSpec> specs = new ArrayList<>();
    for (Meter m : site.meters()) {
      if (m.id().startsWith("M-" + g + "-")) {
        specs.add(DeviceSpec.of(m, profiles.of(m), 1, 1));
      }
    }
    DevicePoller poller = new DevicePoller(Clock.systemUTC(), DevicePoller.Listener.NONE);
    return (gateway, deadline) -> {
      long n = 0;
      long seq = 0;
      long lastCommit = System.nanoTime();
      long cpu0 = MX.getCurrentThreadCpuTime();
      try (J2modLink link = new J2modLink(gw)) {
        while (System.nanoTime() < deadline) {
          for (DeviceSpec spec : specs) {
            PollResult r = poller.poll(link, spec, gw.timeout(), 0, Duration.ZERO);
            if (r.linkFailed()) {
              throw new IllegalStateException("read failed: " + r);
            }
            if (queue != null) {
              List<ReadingValue> values = new ArrayList<>(spec.meter().channels().size());
              for (var c : spec.meter().channels()) {
                FieldOutcome o = r.channels().get(c.id());
                values.add(new ReadingValue(c.id(), o.value(), c.unit(), Quality.GOOD, null));
              }
              String meter = spec.meterId();
              Reading reading = new Reading("bench", "edge-b", meter, ++seq, r.time(), values);
              queue.append(
                  Topics.readings("bench", "edge-b", meter), meter, seq, WireCodec.encode(reading));
              if (System.nanoTime() - lastCommit > 20_000_000L) {
                queue.commit();
                lastCommit = System.nanoTime();
              }
            }
            n++;
          }
        }
      }
      return new long[] {n, MX.getCurrentThreadCpuTime() - cpu0};
    };
  }
}
