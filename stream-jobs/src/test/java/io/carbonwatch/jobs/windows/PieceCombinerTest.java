package io.carbonwatch.jobs.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.SeriesAmount;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PieceCombinerTest {
  private static final long MIN = 60_000;
  private static final long T0 = 1_795_000_000_000L;

  private static SeriesAmount piece(String id, long start, double amount, double[] gas, String ln) {
    return new SeriesAmount(
        SeriesAmount.keyOf("sh", Level.SITE, id, "electricity"),
        "sh",
        "Asia/Shanghai",
        Level.SITE,
        id,
        "electricity",
        "kWh",
        "piece",
        start,
        start + MIN,
        amount,
        gas,
        gas == null ? 0 : 2,
        ln,
        1);
  }

  private static OneInputStreamOperatorTestHarness<SeriesAmount, SeriesAmount> harness()
      throws Exception {
    var h = new OneInputStreamOperatorTestHarness<>(new PieceCombiner(Duration.ofHours(1)));
    h.setup();
    h.open();
    return h;
  }

  @Test
  void sendsOneSumPerSeriesAndMinuteAheadOfTheWatermarkThatFollows() throws Exception {
    try (var h = harness()) {
      h.processElement(new StreamRecord<>(piece("sh", T0, 1.5, null, null), T0));
      h.processElement(new StreamRecord<>(piece("sh", T0, 2.5, null, null), T0));
      h.processElement(new StreamRecord<>(piece("sh", T0 + MIN, 4.0, null, null), T0 + MIN));
      h.processElement(new StreamRecord<>(piece("other", T0, 7.0, null, null), T0));
      assertThat(h.getOutput()).isEmpty();

      h.processWatermark(new Watermark(T0 + 2 * MIN));

      List<Object> out = List.copyOf(h.getOutput());
      assertThat(out).hasSize(4);
      assertThat(out.get(3)).isEqualTo(new Watermark(T0 + 2 * MIN));
      assertThat(h.extractOutputValues())
          .extracting(
              SeriesAmount::id,
              SeriesAmount::startEpochMs,
              SeriesAmount::amount,
              SeriesAmount::pieces)
          .containsExactly(
              tuple("sh", T0, 4.0, 2L),
              tuple("sh", T0 + MIN, 4.0, 1L),
              tuple("other", T0, 7.0, 1L));
    }
  }

  @Test
  void addsGasesOrsQualityAndMergesLineageLikeTheWindows() throws Exception {
    try (var h = harness()) {
      double[] g1 = new double[SeriesAmount.GAS_GROUPS];
      double[] g2 = new double[SeriesAmount.GAS_GROUPS];
      g1[0] = 1.0;
      g2[0] = 2.0;
      g2[1] = 0.5;
      h.processElement(new StreamRecord<>(piece("sh", T0, 1.0, g1, "grid:2023"), T0));
      h.processElement(new StreamRecord<>(piece("sh", T0, 2.5, g2, "gas:2024"), T0));
      h.prepareSnapshotPreBarrier(1);
      SeriesAmount sum = h.extractOutputValues().get(0);
      assertThat(sum.amount()).isEqualTo(3.5);
      assertThat(sum.gasCo2eKg()[0]).isEqualTo(3.0);
      assertThat(sum.gasCo2eKg()[1]).isEqualTo(0.5);
      assertThat(sum.qualityMask()).isEqualTo(2);
      assertThat(sum.lineage()).isEqualTo(SeriesWindows.mergeLineage("grid:2023", "gas:2024"));
      assertThat(sum.pieces()).isEqualTo(2);
      // The inputs were not changed.
      assertThat(g1[0]).isEqualTo(1.0);
    }
  }

  @Test
  void holdsNothingAcrossACheckpointBarrierOrTheEndOfInput() throws Exception {
    try (var h = harness()) {
      h.processElement(new StreamRecord<>(piece("sh", T0, 1.0, null, null), T0));
      h.prepareSnapshotPreBarrier(7);
      assertThat(h.extractOutputValues()).hasSize(1);
      h.processElement(new StreamRecord<>(piece("sh", T0, 2.0, null, null), T0));
      h.endInput();
      h.getOneInputOperator().finish();
      assertThat(h.extractOutputValues())
          .extracting(SeriesAmount::amount)
          .containsExactly(1.0, 2.0);
    }
  }

  @Test
  void flushesOnProcessingTimeWhileTheWatermarkStandsStill() throws Exception {
    var h = new OneInputStreamOperatorTestHarness<>(new PieceCombiner(Duration.ofSeconds(1)));
    h.setProcessingTime(0);
    h.setup();
    h.open();
    h.processElement(new StreamRecord<>(piece("sh", T0, 1.0, null, null), T0));
    h.setProcessingTime(999);
    assertThat(h.extractOutputValues()).isEmpty();
    h.setProcessingTime(1_000);
    assertThat(h.extractOutputValues()).extracting(SeriesAmount::amount).containsExactly(1.0);
    h.close();
  }
}
