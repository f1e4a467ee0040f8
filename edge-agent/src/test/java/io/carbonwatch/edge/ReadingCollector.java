package io.carbonwatch.edge;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.WireCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Subscribes to everything under {@code cw/v1/#} with a persistent session (so an outage of the
 * broker loses nothing queued for it) and records readings by {@code (meter, seq)}.
 */
final class ReadingCollector implements AutoCloseable {
  final List<Reading> readings = new CopyOnWriteArrayList<>();
  final Map<String, NavigableSet<Long>> seqs = new ConcurrentHashMap<>();
  final Map<String, byte[]> other = new ConcurrentHashMap<>();
  final List<String> deadLetters = new CopyOnWriteArrayList<>();
  private final MqttClient client;
  private final MqttConnectionOptions options;
  private volatile int duplicates;

  ReadingCollector(String uri) throws MqttException {
    client = new MqttClient(uri, "collector-" + System.nanoTime(), new MemoryPersistence());
    options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(3600L);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 1);
    client.setCallback(
        new MqttCallback() {
          @Override
          public void disconnected(MqttDisconnectResponse r) {}

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void messageArrived(String topic, MqttMessage m) {
            if (topic.contains("/readings/")) {
              Reading r = WireCodec.decodeReading(m.getPayload());
              readings.add(r);
              if (!seqs.computeIfAbsent(r.meter(), k -> new ConcurrentSkipListSet<>())
                  .add(r.seq())) {
                duplicates++;
              }
            } else if (topic.contains("/deadletter/")) {
              deadLetters.add(new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
            } else {
              other.put(topic, m.getPayload());
            }
          }

          @Override
          public void deliveryComplete(IMqttToken t) {}

          @Override
          public void connectComplete(boolean reconnect, String uri) {}

          @Override
          public void authPacketArrived(int c, MqttProperties p) {}
        });
    client.connect(options);
    client.subscribe("cw/v1/#", 1);
  }

  NavigableSet<Long> seqsOf(String meter) {
    return seqs.computeIfAbsent(meter, k -> new ConcurrentSkipListSet<>());
  }

  List<Reading> of(String meter) {
    return readings.stream().filter(r -> r.meter().equals(meter)).toList();
  }

  /**
   * Waits up to 15 s for a reading of {@code meter} that arrives after this call and satisfies
   * {@code p}.
   */
  Reading next(String meter, java.util.function.Predicate<Reading> p) {
    int from = of(meter).size();
    Reading[] found = new Reading[1];
    await(
        meter + " reading matching the expectation",
        Duration.ofSeconds(15),
        () -> {
          List<Reading> rs = of(meter);
          for (int i = from; i < rs.size(); i++) {
            if (p.test(rs.get(i))) {
              found[0] = rs.get(i);
              return true;
            }
          }
          return false;
        });
    return found[0];
  }

  int duplicates() {
    return duplicates;
  }

  void publish(String topic, String payload) throws MqttException {
    client.publish(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false);
  }

  /** Publishes a retained message (QoS 1) and waits for the broker's PUBACK. */
  void publishRetained(String topic, byte[] payload) throws MqttException {
    client.publish(topic, payload, 1, true);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
