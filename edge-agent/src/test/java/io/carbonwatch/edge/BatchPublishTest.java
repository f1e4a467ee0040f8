package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.edge.publish.BatchOptions;
import io.carbonwatch.edge.publish.BrokerOptions;
import io.carbonwatch.edge.queue.DiskQueue;
import io.carbonwatch.edge.queue.QueueRecord;
import io.carbonwatch.edge.sim.Simulator;
import io.carbonwatch.testkit.MosquittoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway batches against a real Mosquitto: with {@code publish.batch.maxReadings > 1} the agent
 * publishes its readings as {@code {"v":1,"batch":[…]}} on {@code cw/v1/{site}/readings/{agent}},
 * every polled reading exactly once while the broker stays up, and none lost across a broker
 * restart.
 */
class BatchPublishTest {
  static final List<String> METERS = List.of("M-SDM", "M-IEM", "M-GAS", "M-ACR");
  static final String BATCH_TOPIC = "cw/v1/t-plant/readings/edge-t";
  static final int MAX_READINGS = 8;

  MosquittoServer broker;
  Simulator sim;
  BatchCollector collector;
  SiteModel model;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    broker = MosquittoServer.builder().persistent().build().start();
    model = TestSites.load(TestSites.yaml(TestSites.freePort(), "100ms", "2026-06-01"));
    sim = new Simulator(model.sites().get(0), Simulator.Options.defaults().withSpeed(60)).start();
    collector = new BatchCollector(broker.uri());
  }

  @AfterEach
  void stop() throws Exception {
    collector.close();
    sim.close();
    broker.close();
  }

  private Agent agent(SimpleMeterRegistry registry, String clientId, double replayRate) {
    EdgeConfig config =
        EdgeConfig.of(
                dir.resolve("data"),
                BrokerOptions.of(broker.uri(), clientId).withReplayRate(replayRate),
                null)
            .withBatch(new BatchOptions(MAX_READINGS, Duration.ofMillis(500)));
    return new Agent(
        config,
        AgentPlan.of(model, "edge-t", ProfileCatalog.shipped()),
        new EdgeMetrics(registry),
        Clock.systemUTC());
  }

  private Map<String, Long> lastPolled(Agent agent) {
    Map<String, Long> last = new HashMap<>();
    for (String m : METERS) {
      last.put(m, agent.sequences().last(m));
    }
    return last;
  }

  private void awaitDelivered(Map<String, Long> last) {
    ReadingCollector.await(
        "batched readings up to " + last,
        Duration.ofSeconds(60),
        () ->
            METERS.stream()
                .allMatch(
                    m -> {
                      NavigableSet<Long> s = collector.seqsOf(m);
                      return !s.isEmpty() && s.last() >= last.get(m) && s.size() >= s.last();
                    }));
  }

  private void assertNoGaps() {
    for (String m : METERS) {
      NavigableSet<Long> seqs = collector.seqsOf(m);
      List<Long> missing = new ArrayList<>();
      for (long s = 1; s <= seqs.last(); s++) {
        if (!seqs.contains(s)) {
          missing.add(s);
        }
      }
      assertThat(seqs.first()).as(m + " first seq").isEqualTo(1L);
      assertThat(missing).as(m + " missing sequence numbers").isEmpty();
    }
  }

  private static double count(SimpleMeterRegistry r, String name, String lane) {
    return r.get(name).tag("lane", lane).counter().count();
  }

  @Test
  void batchesCarryEveryPolledReadingExactlyOnceWhileTheBrokerStaysUp() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Map<String, Long> last;
    try (Agent agent = agent(registry, "edge-t-batch", 500).start()) {
      ReadingCollector.await(
          "first batches", Duration.ofSeconds(15), () -> collector.seqsOf("M-SDM").size() >= 5);
      // a dead letter in the middle of the stream goes out alone and does not break a batch
      collector.publish("factory/line1/counter", "{not json");
      ReadingCollector.await(
          "more batches", Duration.ofSeconds(15), () -> collector.seqsOf("M-SDM").size() >= 40);
      last = lastPolled(agent);
      awaitDelivered(last);
      ReadingCollector.await(
          "the dead letter", Duration.ofSeconds(10), () -> !collector.deadLetters.isEmpty());
      ReadingCollector.await(
          "the dead letter's PUBACK",
          Duration.ofSeconds(10),
          () ->
              count(registry, "edge.publish.acked", "live")
                  > count(registry, "edge.publish.batches", "live"));
    }
    // the agent is stopped: what it saw acknowledged reaches the subscriber, then nothing more
    double batchesAcked = count(registry, "edge.publish.batches", "live");
    double readingsAcked = count(registry, "edge.publish.readings", "live");
    ReadingCollector.await(
        "every acknowledged batch at the subscriber",
        Duration.ofSeconds(10),
        () -> collector.batches.size() >= batchesAcked && collector.elements() >= readingsAcked);
    Thread.sleep(300);
    List<BatchCollector.Batch> got = List.copyOf(collector.batches);

    assertThat(collector.malformed).isEmpty();
    assertThat(collector.singles).as("single-reading messages").isEmpty();
    assertThat(collector.duplicates()).as("duplicated readings").isZero();
    assertNoGaps();
    assertThat(collector.deadLetters).hasSize(1);
    assertThat(collector.deadLetters.get(0)).contains("meter M-PROD");

    List<Reading> delivered = new ArrayList<>();
    for (BatchCollector.Batch b : got) {
      assertThat(b.topic()).isEqualTo(BATCH_TOPIC);
      assertThat(b.readings()).hasSizeBetween(1, MAX_READINGS);
      assertThat(b.readings())
          .allSatisfy(
              r -> {
                assertThat(r.site()).isEqualTo("t-plant");
                assertThat(r.agent()).isEqualTo("edge-t");
              });
      delivered.addAll(b.readings());
    }
    assertThat(got.stream().mapToInt(b -> b.readings().size()).max().getAsInt())
        .as("largest batch")
        .isGreaterThan(1);

    // The queue's single segment still holds every record the agent appended (acks are not
    // persisted, a segment is deleted only once rolled over): exactly the readings polled.
    Map<String, Reading> polled = new HashMap<>();
    try (DiskQueue q =
        new DiskQueue(dir.resolve("data").resolve("queue"), 4L << 20, 1L << 30, null)) {
      assertThat(q.firstId()).as("the test's records fit one segment").isEqualTo(1L);
      for (QueueRecord r : q.read(1, Long.MAX_VALUE, Integer.MAX_VALUE)) {
        if (!r.meter().isEmpty()) {
          Reading reading = WireCodec.decodeReading(r.payload());
          polled.put(reading.meter() + "#" + reading.seq(), reading);
        }
      }
    }
    for (Reading r : delivered) {
      assertThat(polled.get(r.meter() + "#" + r.seq()))
          .as("polled reading " + r.meter() + "#" + r.seq())
          .isEqualTo(r);
    }
    // what was polled and not delivered is only the tail still queued when the agent stopped
    for (String m : METERS) {
      TreeSet<Long> seqs = new TreeSet<>();
      delivered.stream().filter(r -> r.meter().equals(m)).forEach(r -> seqs.add(r.seq()));
      long lastDelivered = seqs.last();
      assertThat(lastDelivered).isGreaterThanOrEqualTo(last.get(m));
      assertThat(seqs).as(m + " delivered").hasSize((int) lastDelivered);
      List<Long> undelivered =
          polled.values().stream()
              .filter(r -> r.meter().equals(m) && !seqs.contains(r.seq()))
              .map(Reading::seq)
              .toList();
      assertThat(undelivered).as(m + " polled but not delivered").allMatch(s -> s > lastDelivered);
    }

    // metrics: every acknowledged message was a batch, but the dead letter; readings counted inside
    assertThat(batchesAcked).isGreaterThan(0);
    assertThat(count(registry, "edge.publish.acked", "live"))
        .as("messages acked = batches + the dead letter")
        .isEqualTo(batchesAcked + 1);
    assertThat(readingsAcked)
        .isGreaterThanOrEqualTo(batchesAcked)
        .isLessThanOrEqualTo(delivered.size());
    assertThat(batchesAcked).isLessThanOrEqualTo(got.size());
  }

  @Test
  void aBrokerRestartMidStreamLosesNoBatchedReading() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Agent agent = agent(registry, "edge-t-batch-outage", 20).start()) {
      ReadingCollector.await(
          "first batches", Duration.ofSeconds(15), () -> collector.seqsOf("M-SDM").size() >= 5);
      broker.stop();
      long before = agent.sequences().last("M-SDM");
      ReadingCollector.await(
          "readings queued during the outage",
          Duration.ofSeconds(15),
          () -> agent.sequences().last("M-SDM") >= before + 20);
      assertThat(agent.queue().depth()).isGreaterThanOrEqualTo(40);
      broker.restart();
      Map<String, Long> last = lastPolled(agent);
      awaitDelivered(last);
      assertNoGaps();
      assertThat(collector.malformed).isEmpty();
      assertThat(collector.singles).as("single-reading messages").isEmpty();
      // the backlog went out as batches in the replay lane, several readings each
      assertThat(count(registry, "edge.publish.batches", "replay")).isGreaterThan(0);
      assertThat(count(registry, "edge.publish.readings", "replay"))
          .isGreaterThan(count(registry, "edge.publish.batches", "replay"));
      ReadingCollector.await(
          "queue drained", Duration.ofSeconds(20), () -> agent.queue().depth() < 20);
    }
  }
}
