package io.carbonwatch.edge;

import io.carbonwatch.edge.modbus.ModbusReadException;
import io.carbonwatch.edge.queue.DiskQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The agent's Micrometer meters (catalogued in docs/metrics.md). Tags stay low-cardinality. */
public final class EdgeMetrics {
  private final MeterRegistry registry;
  private final Map<ModbusReadException.Reason, Counter> failures =
      new EnumMap<>(ModbusReadException.Reason.class);
  private final Map<String, Counter> polls = new ConcurrentHashMap<>();
  private final Timer requestLatency;
  private final Timer publishLatency;
  private final Counter publishedLive;
  private final Counter publishedReplay;
  private final Counter readingsLive;
  private final Counter readingsReplay;
  private final Counter batchesLive;
  private final Counter batchesReplay;
  private final Counter readings;
  private final Counter nativeOk;
  private final Counter nativeUnparsable;
  private final Counter reloadsOk;
  private final Counter reloadsFailed;
  private final Counter controlRejected;

  public EdgeMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (ModbusReadException.Reason r : ModbusReadException.Reason.values()) {
      failures.put(
          r,
          Counter.builder("edge.modbus.failures")
              .description("Modbus requests that failed, by reason")
              .baseUnit("requests")
              .tag("reason", r.tag())
              .register(registry));
    }
    requestLatency =
        Timer.builder("edge.modbus.request.latency")
            .description("Time from sending a Modbus request to its response or failure")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    publishLatency =
        Timer.builder("edge.publish.latency")
            .description("Time from handing a message to the MQTT client to the broker's PUBACK")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    publishedLive =
        Counter.builder("edge.publish.acked")
            .description("Messages acknowledged by the broker, by lane")
            .baseUnit("messages")
            .tag("lane", "live")
            .register(registry);
    publishedReplay =
        Counter.builder("edge.publish.acked")
            .description("Messages acknowledged by the broker, by lane")
            .baseUnit("messages")
            .tag("lane", "replay")
            .register(registry);
    readingsLive = publishCounter("edge.publish.readings", "live");
    readingsReplay = publishCounter("edge.publish.readings", "replay");
    batchesLive = publishCounter("edge.publish.batches", "live");
    batchesReplay = publishCounter("edge.publish.batches", "replay");
    readings =
        Counter.builder("edge.readings")
            .description("Readings produced (one per device poll or MQTT-native message)")
            .baseUnit("readings")
            .register(registry);
    nativeOk =
        Counter.builder("edge.mqtt.native.messages")
            .description("Messages of MQTT-native meters, by result")
            .baseUnit("messages")
            .tag("result", "ok")
            .register(registry);
    nativeUnparsable =
        Counter.builder("edge.mqtt.native.messages")
            .description("Messages of MQTT-native meters, by result")
            .baseUnit("messages")
            .tag("result", "unparsable")
            .register(registry);
    reloadsOk =
        Counter.builder("edge.config.reloads")
            .description("Site model reloads, by result")
            .tag("result", "applied")
            .register(registry);
    reloadsFailed =
        Counter.builder("edge.config.reloads")
            .description("Site model reloads, by result")
            .tag("result", "rejected")
            .register(registry);
    controlRejected =
        Counter.builder("edge.control.rejected")
            .description(
                "Control messages ignored because they did not decode (the last good state stays)")
            .baseUnit("messages")
            .tag("kind", "instrument-status")
            .register(registry);
  }

  private Counter publishCounter(String name, String lane) {
    boolean batches = name.endsWith(".batches");
    return Counter.builder(name)
        .description(
            batches
                ? "Gateway batch messages acknowledged by the broker, by lane"
                : "Readings acknowledged by the broker, alone or inside batches, by lane")
        .baseUnit(batches ? "batches" : "readings")
        .tag("lane", lane)
        .register(registry);
  }

  public void bindQueue(DiskQueue queue) {
    Gauge.builder("edge.queue.depth", queue, DiskQueue::depth)
        .description("Messages in the disk queue not yet acknowledged by the broker")
        .baseUnit("messages")
        .register(registry);
    Gauge.builder("edge.queue.bytes", queue, DiskQueue::bytes)
        .description("Size of the disk queue's segment files")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder("edge.queue.dropped", queue, DiskQueue::dropped)
        .description("Messages dropped unacknowledged because the queue was full (drop-oldest)")
        .baseUnit("messages")
        .register(registry);
  }

  public void request(Duration latency, ModbusReadException.Reason failure) {
    requestLatency.record(latency);
    if (failure != null) {
      failures.get(failure).increment();
    }
  }

  /** A poll's outcome: ok, partial, failed or skipped (in backoff). */
  public void poll(String gateway, String result) {
    polls
        .computeIfAbsent(
            gateway + "|" + result,
            k ->
                Counter.builder("edge.modbus.polls")
                    .description("Device polls by gateway and result")
                    .baseUnit("polls")
                    .tag("gateway", gateway)
                    .tag("result", result)
                    .register(registry))
        .increment();
  }

  /**
   * One message acknowledged by the broker.
   *
   * @param readings readings it carried (0 for a dead letter, the size of a batch)
   */
  public void acked(long latencyNanos, boolean replayed, int readings, boolean batch) {
    publishLatency.record(Duration.ofNanos(latencyNanos));
    (replayed ? publishedReplay : publishedLive).increment();
    if (readings > 0) {
      (replayed ? readingsReplay : readingsLive).increment(readings);
    }
    if (batch) {
      (replayed ? batchesReplay : batchesLive).increment();
    }
  }

  public void reading() {
    readings.increment();
  }

  public void nativeMessage(boolean ok) {
    (ok ? nativeOk : nativeUnparsable).increment();
  }

  public void reload(boolean applied) {
    (applied ? reloadsOk : reloadsFailed).increment();
  }

  /** An {@code instrument-status} control message that did not decode. */
  public void controlRejected() {
    controlRejected.increment();
  }

  public MeterRegistry registry() {
    return registry;
  }
}
