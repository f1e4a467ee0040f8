package io.carbonwatch.edge.poll;

import io.carbonwatch.core.site.Gateway;
import io.carbonwatch.edge.modbus.ModbusLink;
import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;

/**
 * The one thread that talks to a gateway: polls its devices in due order over the shared link. A
 * device whose link keeps failing is backed off exponentially (up to {@link #MAX_BACKOFF}) and is
 * tried without retries while backed off, so it costs the line at most one timeout per backoff
 * period and never holds up the healthy devices for long.
 */
public final class GatewayWorker implements AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(GatewayWorker.class);
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** Reports each poll's result label to metrics. */
  public interface PollObserver {
    void poll(String gateway, String result);
  }

  private static final class Slot {
    final DeviceSpec spec;
    final long intervalNanos;
    long dueNanos;
    int failures;

    Slot(DeviceSpec spec, long now) {
      this.spec = spec;
      this.intervalNanos = spec.meter().pollInterval().toNanos();
      this.dueNanos = now;
    }
  }

  private final Gateway gateway;
  private final List<DeviceSpec> devices;
  private final ModbusLink link;
  private final DevicePoller poller;
  private final BiConsumer<DeviceSpec, PollResult> sink;
  private final PollObserver observer;
  private volatile boolean running;
  private Thread thread;

  public GatewayWorker(
      Gateway gateway,
      List<DeviceSpec> devices,
      ModbusLink link,
      DevicePoller poller,
      BiConsumer<DeviceSpec, PollResult> sink,
      PollObserver observer) {
    this.gateway = gateway;
    this.devices = List.copyOf(devices);
    this.link = link;
    this.poller = poller;
    this.sink = sink;
    this.observer = observer;
  }

  public synchronized void start() {
    running = true;
    thread = new Thread(this::run, "cw-edge-gw-" + gateway.id());
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    PriorityQueue<Slot> due = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
    long start = System.nanoTime();
    for (DeviceSpec d : devices) {
      due.add(new Slot(d, start));
    }
    try {
      while (running && !due.isEmpty()) {
        Slot s = due.poll();
        long wait = s.dueNanos - System.nanoTime();
        if (wait > 0) {
          // wait(), not interrupt(): an interrupt would close the disk queue's file channels
          synchronized (this) {
            if (running) {
              wait(wait / 1_000_000, (int) (wait % 1_000_000));
            }
          }
        }
        if (!running) {
          break;
        }
        boolean backedOff = s.failures >= 2;
        PollResult r;
        try {
          r =
              poller.poll(
                  link,
                  s.spec,
                  s.spec.timeout() != null ? s.spec.timeout() : gateway.timeout(),
                  backedOff ? 0 : s.spec.retries() != null ? s.spec.retries() : gateway.retries(),
                  s.spec.pause() != null ? s.spec.pause() : gateway.pauseBetweenRequests());
          sink.accept(s.spec, r);
        } catch (RuntimeException e) {
          // never let one device's surprise stop the gateway's thread
          LOG.error(
              "gateway {} meter {}: poll failed: {}",
              gateway.id(),
              s.spec.meterId(),
              e.toString(),
              e);
          link.reset();
          r = new PollResult(java.time.Instant.now(), java.util.Map.of(), true, 0);
        }
        String result;
        if (r.linkFailed()) {
          s.failures++;
          result = "failed";
        } else {
          s.failures = 0;
          result = r.channels().values().stream().allMatch(FieldOutcome::ok) ? "ok" : "partial";
        }
        observer.poll(gateway.id(), result);
        long next = s.dueNanos + s.intervalNanos;
        long now = System.nanoTime();
        if (s.failures >= 2) {
          long backoff =
              Math.min(MAX_BACKOFF.toNanos(), s.intervalNanos << Math.min(16, s.failures - 1));
          long until = now + backoff;
          while (next < until) {
            next += s.intervalNanos;
            observer.poll(gateway.id(), "skipped");
          }
        }
        if (next < now) {
          // late (slow line): skip the slots that already passed instead of bursting
          long missed = (now - next) / s.intervalNanos + 1;
          next += missed * s.intervalNanos;
        }
        s.dueNanos = next;
        due.add(s);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      link.close();
    }
  }

  public Gateway gateway() {
    return gateway;
  }

  @Override
  public void close() {
    synchronized (this) {
      running = false;
      notifyAll();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
