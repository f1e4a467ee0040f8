package io.carbonwatch.jobs.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.testkit.MosquittoExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
    final List<MqttMessageRecord> records = new ArrayList<>();

    @Override
    public void collect(MqttMessageRecord r) {
      records.add(r);
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

  /** Polls for a while and returns how many records arrived in that time. */
  private static int pollFor(
      SourceReader<MqttMessageRecord, MqttSplit> r, Collecting out, long millis) throws Exception {
    int before = out.records.size();
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      r.pollNext(out);
      Thread.sleep(5);
    }
    return out.records.size() - before;
  }

  private static Reading reading(String meter, long seq) {
    return new Reading(
        "s1",
        "gw-1",
        meter,
        seq,
        Instant.parse("2026-11-24T00:00:00Z").plusSeconds(60 * seq),
        List.of(ReadingValue.good("energy_import", 1000 + seq, "kWh")));
  }

  private static void publishRaw(String id, String topic, byte[] payload) throws Exception {
    MqttClient c = new MqttClient(MQTT.uri(), id, new MemoryPersistence());
    c.connect();
    c.publish(topic, payload, 1, false);
    c.disconnect();
    c.close();
  }

  private static void publishBatches(String id, List<List<Reading>> batches) throws Exception {
    MqttClient c = new MqttClient(MQTT.uri(), id, new MemoryPersistence());
    c.connect();
    for (List<Reading> b : batches) {
      c.publish(
          io.carbonwatch.core.wire.Topics.readingBatch("s1", "gw-1"),
          io.carbonwatch.core.wire.ReadingBatchCodec.encode(b),
          1,
          false);
    }
    c.disconnect();
    c.close();
  }

  private static List<Reading> readings(String meter, int from, int n) {
    List<Reading> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(reading(meter, from + i));
    }
    return out;
  }

  @Test
  void splitsAGatewayBatchIntoItsReadingsOnTheirOwnTopics() throws Exception {
    MqttSourceConfig config =
        MqttSourceConfig.readings(MqttConnection.anonymous(MQTT.uri(), "batch"), "batch");
    MqttSource.prepareSessions(config, 1);
    List<Reading> sent = new ArrayList<>(readings("M-1", 1, 30));
    sent.addAll(readings("M-2", 1, 20));
    publishBatches("batch-pub", List.of(sent));
    var r = reader(config, 0);
    Collecting out = new Collecting();
    drain(r, out, 50);
    assertThat(out.records).hasSize(50);
    for (int i = 0; i < 50; i++) {
      MqttMessageRecord rec = out.records.get(i);
      Reading expected = sent.get(i);
      assertThat(WireCodec.decodeReading(rec.payload())).isEqualTo(expected);
      assertThat(rec.topic()).isEqualTo("cw/v1/s1/readings/gw-1/" + expected.meter());
      assertThat(rec.origin()).isEqualTo("batch cw/v1/s1/readings/gw-1 element " + i);
      assertThat(rec.problem()).isNull();
    }
    r.close();
  }

  @Test
  void malformedBatchArrivesWholeWithItsProblemAndBadElementsKeepTheirIndex() throws Exception {
    MqttSourceConfig config =
        MqttSourceConfig.readings(MqttConnection.anonymous(MQTT.uri(), "badbatch"), "badbatch");
    MqttSource.prepareSessions(config, 1);
    String topic = io.carbonwatch.core.wire.Topics.readingBatch("s1", "gw-1");
    String truncated = "{\"v\":1,\"batch\":[{\"meter\":\"M-1\"},";
    publishRaw("bad-1", topic, truncated.getBytes(StandardCharsets.UTF_8));
    String good = new String(WireCodec.encode(reading("M-1", 7)), StandardCharsets.UTF_8);
    String mixed = "{\"v\":1,\"batch\":[" + good + ",42,{\"seq\":3},{\"meter\":\"a/b\"}]}";
    publishRaw("bad-2", topic, mixed.getBytes(StandardCharsets.UTF_8));
    var r = reader(config, 0);
    Collecting out = new Collecting();
    drain(r, out, 5);
    assertThat(out.records).hasSize(5);
    MqttMessageRecord whole = out.records.get(0);
    assertThat(whole.topic()).isEqualTo(topic);
    assertThat(new String(whole.payload(), StandardCharsets.UTF_8)).isEqualTo(truncated);
    assertThat(whole.deadLetterReason("x"))
        .startsWith("batch cw/v1/s1/readings/gw-1: ")
        .isEqualTo("batch cw/v1/s1/readings/gw-1: x");
    assertThat(whole.problem()).startsWith("malformed JSON");
    assertThat(out.records.get(1).problem()).isNull();
    assertThat(out.records.get(1).topic()).isEqualTo(topic + "/M-1");
    assertThat(WireCodec.decodeReading(out.records.get(1).payload())).isEqualTo(reading("M-1", 7));
    assertThat(out.records.get(2).problem()).isEqualTo("expected a reading object");
    assertThat(new String(out.records.get(2).payload(), StandardCharsets.UTF_8)).isEqualTo("42");
    assertThat(out.records.get(2).deadLetterReason(out.records.get(2).problem()))
        .isEqualTo("batch cw/v1/s1/readings/gw-1 element 1: expected a reading object");
    assertThat(out.records.get(3).problem()).isEqualTo("meter: required (a string)");
    assertThat(out.records.get(3).origin()).endsWith("element 2");
    assertThat(out.records.get(4).problem()).startsWith("meter: expected no '/'");
    r.close();
  }

  @Test
  void aBatchIsAcknowledgedOnlyByTheCheckpointAfterItsLastReading() throws Exception {
    MqttSourceConfig config =
        MqttSourceConfig.readings(MqttConnection.anonymous(MQTT.uri(), "bigbatch"), "bigbatch");
    MqttSource.prepareSessions(config, 1);
    int n = MqttSourceReader.MAX_RECORDS_PER_POLL + 500;
    publishBatches("bigbatch-pub", List.of(readings("M-1", 1, n)));
    var first = reader(config, 0);
    Collecting out = new Collecting();
    long deadline = System.currentTimeMillis() + 20_000;
    while (out.records.isEmpty() && System.currentTimeMillis() < deadline) {
      first.pollNext(out);
      Thread.sleep(5);
    }
    // one poll hands over at most MAX_RECORDS_PER_POLL: the batch is half emitted
    assertThat(out.records).hasSize(MqttSourceReader.MAX_RECORDS_PER_POLL);
    first.snapshotState(1);
    first.notifyCheckpointComplete(1);
    Thread.sleep(500);
    first.close();

    var second = reader(config, 0);
    Collecting again = new Collecting();
    drain(second, again, n);
    assertThat(again.records).hasSize(n); // the whole batch again: checkpoint 1 did not cover it
    second.snapshotState(2);
    second.notifyCheckpointComplete(2);
    Thread.sleep(500);
    second.close();

    var third = reader(config, 0);
    Collecting none = new Collecting();
    assertThat(pollFor(third, none, 1_500)).isZero();
    third.close();
  }

  @Test
  void unacknowledgedMessagesHoldTheBrokerBackInsteadOfBeingDropped() throws Exception {
    MqttSourceConfig config =
        new MqttSourceConfig(
            MqttConnection.anonymous(MQTT.uri(), "backpressure"),
            List.of("cw/v1/+/readings/#"),
            "backpressure",
            20,
            true);
    MqttSource.prepareSessions(config, 1);
    publish("M-3", 100);
    var r = reader(config, 0);
    Collecting out = new Collecting();
    // no checkpoint completes: the broker stops after receiveMaximum unacknowledged messages
    assertThat(pollFor(r, out, 1_500)).isEqualTo(20);
    long checkpoint = 0;
    long deadline = System.currentTimeMillis() + 20_000;
    while (out.records.size() < 100 && System.currentTimeMillis() < deadline) {
      r.snapshotState(++checkpoint);
      r.notifyCheckpointComplete(checkpoint);
      pollFor(r, out, 100);
    }
    assertThat(out.payloads).hasSize(100).doesNotHaveDuplicates();
    r.close();
  }

  @Test
  void aFullInboxMakesPahoWaitAndLosesNothing() throws Exception {
    MqttSourceConfig config =
        MqttSourceConfig.readings(MqttConnection.anonymous(MQTT.uri(), "inbox"), "inbox");
    MqttSource.prepareSessions(config, 1);
    publishBatches(
        "inbox-pub",
        List.of(readings("M-1", 1, 40), readings("M-1", 41, 40), readings("M-1", 81, 40)));
    MqttSourceReader r = new MqttSourceReader(config, new Context(0), 50);
    r.start();
    r.addSplits(List.of(new MqttSplit(0)));
    // nobody polls: the callback thread stops once 50 records wait (two batches of 40 got in)
    long deadline = System.currentTimeMillis() + 10_000;
    while (r.bufferedRecords() < 80 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(500);
    assertThat(r.bufferedRecords()).isEqualTo(80);
    Collecting out = new Collecting();
    drain(r, out, 120);
    assertThat(out.records).hasSize(120);
    assertThat(out.records.stream().map(m -> WireCodec.decodeReading(m.payload()).seq()))
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, 120).boxed().toList());
    r.close();
  }

  @Test
  void oneReaderWithSeveralSessionsReceivesEverything() throws Exception {
    MqttSourceConfig config =
        MqttSourceConfig.readings(MqttConnection.anonymous(MQTT.uri(), "multi"), "multi")
            .withSessionsPerReader(3);
    MqttSource.prepareSessions(config, 1);
    SourceReader<MqttMessageRecord, MqttSplit> r =
        new MqttSource(config).createReader(new Context(0));
    r.start();
    r.addSplits(List.of(new MqttSplit(0), new MqttSplit(1), new MqttSplit(2)));
    publish("M-4", 300);
    Collecting out = new Collecting();
    drain(r, out, 300);
    assertThat(out.payloads).hasSize(300).doesNotHaveDuplicates();
    assertThat(r.snapshotState(1)).extracting(MqttSplit::index).containsExactly(0, 1, 2);
    r.close();
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
