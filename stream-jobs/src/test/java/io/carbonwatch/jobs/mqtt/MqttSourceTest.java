package io.carbonwatch.jobs.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.testkit.MosquittoExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MQTT source's readers against a real Mosquitto. */
class MqttSourceTest {
  @RegisterExtension static final MosquittoExtension MQTT = new MosquittoExtension();

  private static final class Context implements SourceReaderContext {
    final int index;

    Context(int index) {
      this.index = index;
    }

    @Override
    public SourceReaderMetricGroup metricGroup() {
      return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
    }

    @Override
    public Configuration getConfiguration() {
      return new Configuration();
    }

    @Override
    public String getLocalHostName() {
      return "localhost";
    }

    @Override
    public int getIndexOfSubtask() {
      return index;
    }

    @Override
    public void sendSplitRequest() {}

    @Override
    public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
      return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
    }
  }

  private static final class Collecting implements ReaderOutput<MqttMessageRecord> {
    final List<String> payloads = new ArrayList<>();

    @Override
    public void collect(MqttMessageRecord r) {
      payloads.add(new String(r.payload(), StandardCharsets.UTF_8));
    }

    @Override
    public void collect(MqttMessageRecord r, long timestamp) {
      collect(r);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<MqttMessageRecord> createOutputForSplit(String splitId) {
      return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}
  }

  private static SourceReader<MqttMessageRecord, MqttSplit> reader(
      MqttSourceConfig config, int split) {
    SourceReader<MqttMessageRecord, MqttSplit> r =
        new MqttSource(config).createReader(new Context(split));
    r.start();
    r.addSplits(List.of(new MqttSplit(split)));
    return r;
  }

  private static void publish(String prefix, int n) throws Exception {
    MqttClient c = new MqttClient(MQTT.uri(), "publisher-" + prefix, new MemoryPersistence());
    c.connect();
    for (int i = 0; i < n; i++) {
      c.publish(
          "cw/v1/s1/readings/a1/" + prefix,
          (prefix + "-" + i).getBytes(StandardCharsets.UTF_8),
          1,
          false);
    }
    c.disconnect();
    c.close();
  }

  private static void drain(
      SourceReader<MqttMessageRecord, MqttSplit> r, Collecting out, int expected) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (out.payloads.size() < expected && System.currentTimeMillis() < deadline) {
      r.pollNext(out);
      Thread.sleep(5);
    }
  }

  @Test
  void twoReadersOfOneGroupShareTheReadingsWithoutOverlap() throws Exception {
    MqttSourceConfig config =
        MqttSourceConfig.readings(MqttConnection.anonymous(MQTT.uri(), "share"), "share");
    MqttSource.prepareSessions(config, 2);
    var r0 = reader(config, 0);
    var r1 = reader(config, 1);
    publish("M-1", 200);
    Collecting out0 = new Collecting();
    Collecting out1 = new Collecting();
    long deadline = System.currentTimeMillis() + 20_000;
    while (out0.payloads.size() + out1.payloads.size() < 200
        && System.currentTimeMillis() < deadline) {
      r0.pollNext(out0);
      r1.pollNext(out1);
      Thread.sleep(2);
    }
    assertThat(out0.payloads.size() + out1.payloads.size()).isEqualTo(200);
    assertThat(out0.payloads).isNotEmpty().doesNotContainAnyElementsOf(out1.payloads);
    assertThat(out1.payloads).isNotEmpty();
    r0.close();
    r1.close();
  }

  @Test
  void redeliversToARestartedReaderWhatNoCompletedCheckpointCovered() throws Exception {
    MqttSourceConfig config =
        MqttSourceConfig.readings(MqttConnection.anonymous(MQTT.uri(), "redeliver"), "redeliver");
    MqttSource.prepareSessions(config, 1);
    publish("M-2", 50);
    var first = reader(config, 0);
    Collecting out = new Collecting();
    drain(first, out, 50);
    assertThat(out.payloads).hasSize(50);
    first.snapshotState(1); // checkpoint 1 taken but never completed: nothing acknowledged
    first.close();

    var second = reader(config, 0);
    Collecting again = new Collecting();
    drain(second, again, 50);
    assertThat(again.payloads).containsExactlyInAnyOrderElementsOf(out.payloads);
    second.snapshotState(2);
    second.notifyCheckpointComplete(2);
    Thread.sleep(500);
    second.close();

    var third = reader(config, 0);
    Collecting none = new Collecting();
    Thread.sleep(1_500);
    third.pollNext(none);
    assertThat(none.payloads).isEmpty();
    third.close();
  }
}
