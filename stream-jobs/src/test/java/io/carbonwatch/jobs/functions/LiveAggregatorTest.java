package io.carbonwatch.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.wire.LiveSample;
import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.jobs.model.LivePoint;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class LiveAggregatorTest {
  private static LivePoint point(String meter, long timeMs, double kw) {
    return new LivePoint(
        "sh-plant/SEU-AIR",
        "sh-plant",
        "SEU-AIR",
        meter + "/power_active",
        timeMs,
        kw,
        kw * 0.5,
        "good",
        0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, LivePoint, LiveSample> harness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new LiveAggregator(Duration.ofSeconds(2), Duration.ofMinutes(1)),
        LivePoint::key,
        Types.STRING);
  }

  @Test
  void publishesTheSumOfEachMetersNewestRateAtMostOncePerInterval() throws Exception {
    try (var h = harness()) {
      h.setProcessingTime(0);
      h.processElement(point("M-AIR-1", 1_000, 60), 1_000);
      h.setProcessingTime(500);
      h.processElement(point("M-AIR-2", 1_000, 40), 1_000);
      assertThat(h.extractOutputValues()).hasSize(1);
      h.setProcessingTime(2_500);
      h.processElement(point("M-AIR-1", 6_000, 70), 6_000);
      assertThat(h.extractOutputValues()).hasSize(2);
      LiveSample s = h.extractOutputValues().get(1);
      assertThat(s.powerKw()).isEqualTo(110.0);
      assertThat(s.emissionRateKgCo2ePerH()).isEqualTo(55.0);
      assertThat(s.time().toEpochMilli()).isEqualTo(6_000);
      assertThat(s.quality()).isEqualTo(Quality.GOOD);
    }
  }

  @Test
  void leavesOutAStaleMeterAndSaysTheSampleIsEstimated() throws Exception {
    try (var h = harness()) {
      h.setProcessingTime(0);
      h.processElement(point("M-AIR-2", 0, 40), 0);
      h.setProcessingTime(5_000);
      h.processElement(point("M-AIR-1", 120_000, 60), 120_000);
      LiveSample s = h.extractOutputValues().get(1);
      assertThat(s.powerKw()).isEqualTo(60.0);
      assertThat(s.quality()).isEqualTo(Quality.ESTIMATED);
    }
  }
}
