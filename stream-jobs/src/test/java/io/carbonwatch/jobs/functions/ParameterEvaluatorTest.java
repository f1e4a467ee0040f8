package io.carbonwatch.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.counters.IntervalFlag;
import io.carbonwatch.jobs.model.ParameterInput;
import io.carbonwatch.jobs.model.ParameterPoint;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParameterEvaluatorTest {
  private static final long DAY = 86_400_000L;
  private static final long START = 1_700_006_400_000L;
  private static final Duration LATENESS = Duration.ofHours(6);

  private static ParameterInput intensity(boolean denominator, double value, int mask) {
    return new ParameterInput(
        "sh|P-INT|" + START,
        "sh",
        "P-INT",
        "intensity",
        "sh",
        "RV-PROD",
        "kgCO2e/pcs",
        "1d",
        START,
        START + DAY,
        denominator,
        value,
        mask);
  }

  private static ParameterInput total(double value) {
    return new ParameterInput(
        "sh|P-TOT|" + START,
        "sh",
        "P-TOT",
        "total",
        "sh",
        null,
        "tCO2e",
        "1d",
        START,
        START + DAY,
        false,
        value,
        0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ParameterInput, ParameterPoint>
      harness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new ParameterEvaluator(LATENESS), ParameterInput::key, Types.STRING);
  }

  @Test
  void aTotalIsEmittedWithItsWindowTotal() throws Exception {
    try (var h = harness()) {
      h.processElement(total(12.5), START);
      assertThat(h.extractOutputValues())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.value()).isEqualTo(12.5);
                assertThat(p.numerator()).isEqualTo(12.5);
                assertThat(p.denominator()).isNaN();
                assertThat(p.corrected()).isFalse();
              });
    }
  }

  @Test
  void anIntensityWaitsForBothSidesThenDivides() throws Exception {
    try (var h = harness()) {
      h.processElement(intensity(false, 4_200.0, 0), START);
      assertThat(h.extractOutputValues()).isEmpty();
      h.processElement(intensity(true, 1_000.0, IntervalFlag.GAP.bit()), START);
      ParameterPoint p = h.extractOutputValues().get(0);
      assertThat(p.value()).isEqualTo(4.2);
      assertThat(p.numerator()).isEqualTo(4_200.0);
      assertThat(p.denominator()).isEqualTo(1_000.0);
      // The production total's quality travels with the ratio.
      assertThat(p.qualityMask()).isEqualTo(IntervalFlag.GAP.bit());
      assertThat(p.corrected()).isFalse();
    }
  }

  @Test
  void aLateCorrectionOfEitherSideEmitsTheParameterAgainAsCorrected() throws Exception {
    try (var h = harness()) {
      h.processElement(intensity(false, 4_200.0, 0), START);
      h.processElement(intensity(true, 1_000.0, 0), START);
      h.processWatermark(START + DAY + 60_000);
      h.processElement(intensity(true, 1_050.0, 0), START);
      assertThat(h.extractOutputValues()).hasSize(2);
      ParameterPoint corrected = h.extractOutputValues().get(1);
      assertThat(corrected.value()).isEqualTo(4.0);
      assertThat(corrected.corrected()).isTrue();
    }
  }

  @Test
  void nothingProducedGivesNoIntensityRatherThanAnInfiniteOne() throws Exception {
    try (var h = harness()) {
      h.processElement(intensity(true, 0.0, 0), START);
      h.processElement(intensity(false, 300.0, 0), START);
      ParameterPoint p = h.extractOutputValues().get(0);
      assertThat(p.value()).isNaN();
      assertThat(p.numerator()).isEqualTo(300.0);
      assertThat(p.denominator()).isZero();
    }
  }

  @Test
  void forgetsTheWindowOnceItsAllowedLatenessHasPassed() throws Exception {
    try (var h = harness()) {
      h.processElement(intensity(false, 4_200.0, 0), START);
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      h.processWatermark(START + DAY + LATENESS.toMillis());
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      // A total of the expired window changes nothing and keeps no state.
      h.processElement(intensity(true, 1_000.0, 0), START);
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(h.numKeyedStateEntries()).isZero();
    }
  }
}
