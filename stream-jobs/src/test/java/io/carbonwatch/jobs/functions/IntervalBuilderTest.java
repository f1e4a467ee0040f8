package io.carbonwatch.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.counters.IntervalFlag;
import io.carbonwatch.jobs.model.ChannelMode;
import io.carbonwatch.jobs.model.ChannelSample;
import io.carbonwatch.jobs.model.MeterInterval;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class IntervalBuilderTest {
  private static final long T0 = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();
  private static final long MIN = 60_000;

  private static ChannelSample counter(long minute, double kwh) {
    return sample(ChannelMode.COUNTER, minute * MIN, kwh, "good", Double.NaN);
  }

  private static ChannelSample sample(
      ChannelMode mode, long offsetMs, double value, String quality, double registerMax) {
    return new ChannelSample(
        "sh-plant",
        "Asia/Shanghai",
        "M-1",
        "SN-1",
        "energy_import",
        "electricity",
        mode == ChannelMode.INTEGRATE ? "kW" : "kWh",
        mode,
        MIN,
        registerMax,
        0,
        10 * MIN,
        1 + offsetMs / 1000,
        T0 + offsetMs,
        value,
        quality,
        0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ChannelSample, MeterInterval>
      harness() throws Exception {
    var h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new IntervalBuilder(), IntervalBuilder::keyOf, Types.STRING);
    return h;
  }

  @Test
  void waitsForTheWatermarkAndAppliesOutOfOrderSamplesInTimeOrder() throws Exception {
    try (var h = harness()) {
      h.processElement(counter(0, 100.0), T0);
      h.processElement(counter(2, 103.0), T0 + 2 * MIN);
      h.processElement(counter(1, 101.5), T0 + MIN);
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(h.numEventTimeTimers()).isEqualTo(1);

      h.processWatermark(new Watermark(T0 + 2 * MIN));

      assertThat(h.extractOutputValues())
          .extracting(MeterInterval::startEpochMs, MeterInterval::amount)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(T0, 1.5),
              org.assertj.core.groups.Tuple.tuple(T0 + MIN, 1.5));
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void appliesALateSampleAtOnceWhenItIsStillAfterTheLastOne() throws Exception {
    try (var h = harness()) {
      h.processElement(counter(0, 100.0), T0);
      h.processWatermark(new Watermark(T0 + 5 * MIN));
      // Late (behind the watermark) but the channel's next sample: its interval flows on.
      h.processElement(counter(1, 102.0), T0 + MIN);
      assertThat(h.extractOutputValues()).extracting(MeterInterval::amount).containsExactly(2.0);
      // Late and before the last applied sample: rejected, nothing emitted.
      h.processElement(counter(0, 100.0), T0);
      assertThat(h.extractOutputValues()).hasSize(1);
    }
  }

  @Test
  void carriesRolloverThroughTheCoreIntervalizer() throws Exception {
    try (var h = harness()) {
      h.processElement(sample(ChannelMode.COUNTER, 0, 9999.0, "good", 9999.9), T0);
      h.processElement(sample(ChannelMode.COUNTER, MIN, 1.0, "good", 9999.9), T0 + MIN);
      h.processWatermark(new Watermark(T0 + MIN));
      MeterInterval piece = h.extractOutputValues().get(0);
      assertThat(piece.amount()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(piece.qualityMask() & IntervalFlag.ROLLOVER.bit()).isNotZero();
    }
  }

  @Test
  void flagsIntervalsBuiltFromEstimatedReadings() throws Exception {
    try (var h = harness()) {
      h.processElement(counter(0, 100.0), T0);
      h.processElement(sample(ChannelMode.COUNTER, MIN, 101.0, "estimated", Double.NaN), T0 + MIN);
      h.processWatermark(new Watermark(T0 + MIN));
      assertThat(h.extractOutputValues().get(0).qualityMask() & IntervalFlag.SOURCE_QUALITY.bit())
          .isNotZero();
    }
  }

  @Test
  void integratesPowerWhereThereIsNoCounter() throws Exception {
    try (var h = harness()) {
      h.processElement(sample(ChannelMode.INTEGRATE, 0, 60.0, "good", Double.NaN), T0);
      h.processElement(sample(ChannelMode.INTEGRATE, MIN, 60.0, "good", Double.NaN), T0 + MIN);
      h.processWatermark(new Watermark(T0 + MIN));
      MeterInterval piece = h.extractOutputValues().get(0);
      assertThat(piece.amount()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(piece.unit()).isEqualTo("kWh");
    }
  }

  @Test
  void clearsTheWaitingBufferOnceSamplesAreApplied() throws Exception {
    try (var h = harness()) {
      for (int m = 0; m < 5; m++) {
        h.processElement(counter(m, 100.0 + m), T0 + m * MIN);
      }
      h.processWatermark(new Watermark(T0 + 10 * MIN));
      // Only the counter state itself is left: the five waiting samples are gone.
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(h.extractOutputValues()).hasSize(4);
    }
  }
}
