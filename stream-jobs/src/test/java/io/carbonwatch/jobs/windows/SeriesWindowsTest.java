package io.carbonwatch.jobs.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.factors.GasGroup;
import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.SeriesAmount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class SeriesWindowsTest {
  private static final long MIN = 60_000;
  private static final long GRACE = 2 * MIN;
  private static final long T0 = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();
  private static final TypeInformation<SeriesAmount> TYPE = TypeInformation.of(SeriesAmount.class);

  private static SeriesAmount piece(long startMs, double kwh) {
    return new SeriesAmount(
        SeriesAmount.keyOf("sh-plant", Level.METER, "M-1", "electricity"),
        "sh-plant",
        "Asia/Shanghai",
        Level.METER,
        "M-1",
        "electricity",
        "kWh",
        "piece",
        startMs,
        startMs + MIN,
        kwh,
        null,
        0,
        null,
        1);
  }

  private static SeriesAmount emissions(long startMs, double co2Kg) {
    double[] gas = new double[SeriesAmount.GAS_GROUPS];
    gas[GasGroup.CO2.ordinal()] = co2Kg;
    return new SeriesAmount(
        SeriesAmount.keyOf("sh-plant", Level.SITE, "sh-plant", "emissions.scope2"),
        "sh-plant",
        "Asia/Shanghai",
        Level.SITE,
        "sh-plant",
        "emissions.scope2",
        "kgCO2e",
        "piece",
        startMs,
        startMs + MIN,
        co2Kg,
        gas,
        0,
        "grid:cn-east@2022;AR6",
        1);
  }

  private static final class Stage {
    final KeyedOneInputStreamOperatorTestHarness<String, SeriesAmount, SeriesAmount> harness;
    final OutputTag<SeriesAmount> deltas;

    Stage(WindowSpec spec, Duration lateness) throws Exception {
      deltas = new OutputTag<>("deltas-" + spec.wire(), TYPE);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      SingleOutputStreamOperator<SeriesAmount> op =
          env.fromData(List.of(piece(T0, 0)), TYPE)
              .keyBy(SeriesAmount::key)
              .window(new CalendarWindows(spec, GRACE))
              .allowedLateness(lateness)
              .aggregate(new SeriesSum(), new WindowResultEmitter(spec, deltas));
      @SuppressWarnings("unchecked")
      StreamOperatorFactory<SeriesAmount> factory =
          ((OneInputTransformation<SeriesAmount, SeriesAmount>) op.getTransformation())
              .getOperatorFactory();
      harness =
          new KeyedOneInputStreamOperatorTestHarness<>(factory, SeriesAmount::key, Types.STRING);
      harness.open();
    }

    List<SeriesAmount> totals() {
      return harness.extractOutputValues();
    }

    List<SeriesAmount> deltas() {
      return harness.getSideOutput(deltas).stream().map(r -> r.getValue()).toList();
    }
  }

  @Test
  void firesAMinuteWindowOnlyAfterItsGraceAndSumsItsPieces() throws Exception {
    Stage s = new Stage(WindowSpec.M1, Duration.ofHours(1));
    s.harness.processElement(piece(T0, 1.5), T0);
    s.harness.processElement(piece(T0, 0.5), T0);
    s.harness.processWatermark(new Watermark(T0 + MIN));
    assertThat(s.totals()).isEmpty();
    s.harness.processWatermark(new Watermark(T0 + MIN - 1 + GRACE));
    assertThat(s.totals())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.amount()).isEqualTo(2.0);
              assertThat(t.window()).isEqualTo("1m");
              assertThat(t.startEpochMs()).isEqualTo(T0);
              assertThat(t.pieces()).isEqualTo(2);
            });
    s.harness.close();
  }

  @Test
  void aLatePieceCorrectsTheEmittedTotalAndPassesOnlyTheChangeUpwards() throws Exception {
    Stage s = new Stage(WindowSpec.M1, Duration.ofHours(1));
    s.harness.processElement(piece(T0, 2.0), T0);
    s.harness.processWatermark(new Watermark(T0 + 10 * MIN));
    s.harness.processElement(piece(T0, 0.25), T0);
    assertThat(s.totals()).extracting(SeriesAmount::amount).containsExactly(2.0, 2.25);
    assertThat(s.deltas()).extracting(SeriesAmount::amount).containsExactly(2.0, 0.25);
    s.harness.close();
  }

  @Test
  void dropsPiecesLaterThanTheAllowedLatenessAndClearsWindowState() throws Exception {
    Stage s = new Stage(WindowSpec.M1, Duration.ofMinutes(5));
    s.harness.processElement(piece(T0, 2.0), T0);
    s.harness.processWatermark(new Watermark(T0 + 30 * MIN));
    assertThat(s.harness.numKeyedStateEntries()).isZero();
    s.harness.processElement(piece(T0, 1.0), T0);
    assertThat(s.totals()).extracting(SeriesAmount::amount).containsExactly(2.0);
    s.harness.close();
  }

  @Test
  void aQuarterHourFedWithMinuteChangesEqualsTheSumOfItsPiecesAfterACorrection() throws Exception {
    Stage minute = new Stage(WindowSpec.M1, Duration.ofHours(1));
    Stage quarter = new Stage(WindowSpec.M15, Duration.ofHours(1));
    for (int m = 0; m < 15; m++) {
      minute.harness.processElement(emissions(T0 + m * MIN, 1.0), T0 + m * MIN);
    }
    minute.harness.processWatermark(new Watermark(T0 + 20 * MIN));
    minute.harness.processElement(emissions(T0 + 3 * MIN, 0.5), T0 + 3 * MIN);
    for (SeriesAmount d : minute.deltas()) {
      quarter.harness.processElement(d, d.endEpochMs() - 1);
    }
    quarter.harness.processWatermark(new Watermark(T0 + 60 * MIN));
    SeriesAmount total = quarter.totals().get(quarter.totals().size() - 1);
    assertThat(total.amount()).isEqualTo(15.5);
    assertThat(total.gasCo2eKg()[GasGroup.CO2.ordinal()]).isEqualTo(15.5);
    assertThat(total.pieces()).isEqualTo(16);
    assertThat(total.lineage()).isEqualTo("grid:cn-east@2022;AR6");
    minute.harness.close();
    quarter.harness.close();
  }
}
