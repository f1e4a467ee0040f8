package io.carbonwatch.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ReadingDeduplicatorTest {

  private static Reading reading(String meter, long seq) {
    return new Reading(
        "sh-plant",
        "edge-1",
        meter,
        seq,
        Instant.parse("2026-11-24T02:00:00Z").plusSeconds(60 * seq),
        List.of(ReadingValue.good("energy_import", 100 + seq, "kWh")));
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness(
      Duration ttl) throws Exception {
    var h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new ReadingDeduplicator(ttl), ReadingDeduplicator::keyOf, Types.STRING);
    return h;
  }

  @Test
  void dropsRedeliveredReadingsOfTheSameMeterAndSequence() throws Exception {
    try (var h = harness(Duration.ofHours(1))) {
      h.processElement(reading("M-1", 1), 0);
      h.processElement(reading("M-1", 2), 0);
      h.processElement(reading("M-1", 1), 0);
      h.processElement(reading("M-2", 1), 0);
      h.processElement(reading("M-1", 2), 0);
      assertThat(h.extractOutputValues())
          .extracting(r -> r.meter() + "#" + r.seq())
          .containsExactly("M-1#1", "M-1#2", "M-2#1");
    }
  }

  @Test
  void keepsSeenSequencesAcrossARestoreFromSnapshot() throws Exception {
    org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
    try (var h = harness(Duration.ofHours(1))) {
      h.processElement(reading("M-1", 7), 0);
      snapshot = h.snapshot(1, 1);
    }
    var restored =
        new KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading>(
            new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(
                new ReadingDeduplicator(Duration.ofHours(1))),
            ReadingDeduplicator::keyOf,
            Types.STRING);
    restored.initializeState(snapshot);
    restored.open();
    restored.processElement(reading("M-1", 7), 0);
    restored.processElement(reading("M-1", 8), 0);
    assertThat(restored.extractOutputValues()).extracting(Reading::seq).containsExactly(8L);
    restored.close();
  }

  @Test
  void remembersOutOfOrderSequencesWithinTheWindowAndPassesOlderOnes() throws Exception {
    try (var h = harness(Duration.ofHours(1))) {
      h.processElement(reading("M-1", 100), 0);
      h.processElement(reading("M-1", 90), 0);
      h.processElement(reading("M-1", 90), 0);
      h.processElement(reading("M-1", 100 + ReadingDeduplicator.WINDOW), 0);
      // 90 has left the window: it can no longer be judged and passes (the intervalizer rejects
      // it).
      h.processElement(reading("M-1", 90), 0);
      h.processElement(reading("M-1", 101), 0);
      h.processElement(reading("M-1", 101), 0);
      assertThat(h.extractOutputValues())
          .extracting(Reading::seq)
          .containsExactly(100L, 90L, 100L + ReadingDeduplicator.WINDOW, 90L, 101L);
    }
  }

  @Test
  void forgetsSequencesAfterTheTimeToLive() throws Exception {
    try (var h = harness(Duration.ofMinutes(10))) {
      h.setStateTtlProcessingTime(0);
      h.processElement(reading("M-1", 1), 0);
      h.setStateTtlProcessingTime(Duration.ofMinutes(11).toMillis());
      h.processElement(reading("M-1", 1), 0);
      assertThat(h.extractOutputValues()).hasSize(2);
    }
  }
}
