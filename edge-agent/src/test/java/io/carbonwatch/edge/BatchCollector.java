package io.carbonwatch.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Subscribes, with a persistent session, to gateway batches ({@code cw/v1/+/readings/+}), to single
 * readings ({@code cw/v1/+/readings/+/+}, which a batching agent must not send) and to dead
 * letters; parses each batch envelope with Jackson and decodes every element with the
 * single-reading codec.
 */
final class BatchCollector implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One batch as received: its topic and its elements in order. */
  record Batch(String topic, List<Reading> readings) {}

  final List<Batch> batches = new CopyOnWriteArrayList<>();
  final List<String> singles = new CopyOnWriteArrayList<>();
  final List<String> deadLetters = new CopyOnWriteArrayList<>();
  final List<String> malformed = new CopyOnWriteArrayList<>();
  private final Map<String, NavigableSet<Long>> seqs = new ConcurrentHashMap<>();
  private final AtomicInteger elements = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final MqttClient client;

  BatchCollector(String uri) throws MqttException {
    client = new MqttClient(uri, "batch-collector-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
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
            String[] levels = topic.split("/");
            if (topic.contains("/deadletter/")) {
              deadLetters.add(new String(m.getPayload(), StandardCharsets.UTF_8));
            } else if (levels.length == 6) {
              singles.add(topic);
            } else {
              try {
                batch(topic, m.getPayload());
              } catch (Exception e) {
                malformed.add(topic + ": " + e);
              }
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
    client.subscribe(
        new String[] {"cw/v1/+/readings/+", "cw/v1/+/readings/+/+", "cw/v1/+/deadletter/+"},
        new int[] {1, 1, 1});
  }

  private void batch(String topic, byte[] payload) throws Exception {
    JsonNode root = JSON.readTree(payload);
    List<String> fields = new ArrayList<>();
    root.fieldNames().forEachRemaining(fields::add);
    if (!fields.equals(List.of("v", "batch")) || root.get("v").intValue() != 1) {
      throw new AssertionError("envelope fields " + fields + " v=" + root.get("v"));
    }
    List<Reading> out = new ArrayList<>();
    for (Iterator<JsonNode> it = root.get("batch").elements(); it.hasNext(); ) {
      Reading r = WireCodec.decodeReading(JSON.writeValueAsBytes(it.next()));
      out.add(r);
      elements.incrementAndGet();
      if (!seqs.computeIfAbsent(r.meter(), k -> new ConcurrentSkipListSet<>()).add(r.seq())) {
        duplicates.incrementAndGet();
      }
    }
    batches.add(new Batch(topic, List.copyOf(out)));
  }

  NavigableSet<Long> seqsOf(String meter) {
    return seqs.computeIfAbsent(meter, k -> new ConcurrentSkipListSet<>());
  }

  /** Elements received, duplicates included. */
  int elements() {
    return elements.get();
  }

  int duplicates() {
    return duplicates.get();
  }

  void publish(String topic, String payload) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
