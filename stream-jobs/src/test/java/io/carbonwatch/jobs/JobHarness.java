package io.carbonwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.testkit.InfluxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** Test helpers: publish readings, collect what the job publishes, query InfluxDB. */
final class JobHarness {
  private JobHarness() {}

  /** A Paho client that publishes QoS 1 and records every message on its subscriptions. */
  static final class Broker implements AutoCloseable {
    final MqttAsyncClient client;
    final List<String[]> received = Collections.synchronizedList(new ArrayList<>());

    Broker(String uri, String clientId, String... filters) throws Exception {
      client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
      client.setCallback(
          new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
              received.add(
                  new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8)});
            }

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {}

            @Override
            public void authPacketArrived(
                int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
          });
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(true);
      client.connect(o).waitForCompletion(10_000);
      for (String f : filters) {
        client.subscribe(f, 1).waitForCompletion(10_000);
      }
    }

    void publish(List<Reading> readings) throws Exception {
      List<IMqttToken> tokens = new ArrayList<>();
      for (Reading r : readings) {
        tokens.add(
            client.publish(
                Topics.readings(r.site(), r.agent(), r.meter()), message(WireCodec.encode(r))));
        if (tokens.size() >= 200) {
          for (IMqttToken t : tokens) {
            t.waitForCompletion(30_000);
          }
          tokens.clear();
        }
      }
      for (IMqttToken t : tokens) {
        t.waitForCompletion(30_000);
      }
    }

    void publishRaw(String topic, String payload, boolean retained) throws Exception {
      MqttMessage m = message(payload.getBytes(StandardCharsets.UTF_8));
      m.setRetained(retained);
      client.publish(topic, m).waitForCompletion(10_000);
    }

    private static MqttMessage message(byte[] payload) {
      MqttMessage m = new MqttMessage(payload);
      m.setQos(1);
      return m;
    }

    List<String> payloadsOn(String topicPrefix) {
      synchronized (received) {
        return received.stream().filter(r -> r[0].startsWith(topicPrefix)).map(r -> r[1]).toList();
      }
    }

    @Override
    public void close() throws Exception {
      client.disconnect().waitForCompletion(5_000);
      client.close();
    }
  }

  static void await(String what, Duration timeout, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(250);
    }
  }

  /** Window totals of one size, keyed {@code level:id:metric}, within [from, to). */
  static Map<String, Double> totals(
      InfluxExtension influx,
      String db,
      String measurement,
      String window,
      Instant from,
      Instant to) {
    List<Map<String, Object>> rows =
        influx.query(
            db,
            "SELECT value FROM "
                + measurement
                + " WHERE \"window\" = '"
                + window
                + "' AND time >= '"
                + from
                + "' AND time < '"
                + to
                + "' GROUP BY level, id, metric");
    Map<String, Double> out = new java.util.TreeMap<>();
    for (Map<String, Object> r : rows) {
      out.merge(
          r.get("level") + ":" + r.get("id") + ":" + r.get("metric"),
          (Double) r.get("value"),
          Double::sum);
    }
    return out;
  }

  static void assertClose(Map<String, Double> actual, String key, double expected, double relTol) {
    assertThat(actual).as("series " + key).containsKey(key);
    double tol = Math.max(1e-6, Math.abs(expected) * relTol);
    assertThat(actual.get(key))
        .as("series " + key)
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(tol));
  }

  /**
   * Each 1m window of {@code meterChannel} ({@code "M-MAIN.energy_import"}) in the simulated day
   * equals the register's movement over that minute: all 1440 of them, one point each. A minute
   * counted twice (a replay) or lost shows here even where a compensating error would hide it in a
   * sum.
   */
  static void assertEveryMinute(
      InfluxExtension influx, String db, SimulatedPlantDay day, String meterChannel) {
    String[] mc = meterChannel.split("\\.");
    List<Map<String, Object>> minutes =
        influx.query(
            db,
            "SELECT value FROM activity WHERE level = 'meter' AND id = '"
                + mc[0]
                + "' AND metric = '"
                + mc[1]
                + "' AND \"window\" = '1m' AND time >= '"
                + day.dayStart
                + "' AND time < '"
                + day.dayEnd
                + "'");
    assertThat(minutes).as(meterChannel + " 1m windows of the day").hasSize(1440);
    for (Map<String, Object> m : minutes) {
      Instant start = (Instant) m.get("time");
      double expected =
          day.consumption(meterChannel, start, start.plus(Duration.ofMinutes(1))).doubleValue();
      assertThat((Double) m.get("value"))
          .as("%s 1m at %s", meterChannel, start)
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
    }
  }
}
