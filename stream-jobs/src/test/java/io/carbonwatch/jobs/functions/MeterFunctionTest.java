package io.carbonwatch.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.carbonwatch.core.counters.IntervalFlag;
import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.jobs.DemoPlant;
import io.carbonwatch.jobs.control.ControlState;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.Rejection;
import io.carbonwatch.jobs.model.SeriesAmount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MeterFunctionTest {
  private static final long T0 = Instant.parse("2026-11-24T00:00:00Z").toEpochMilli();
  private static final long MIN = 60_000;

  private static Reading reading(String meter, long seq, long offsetMs, ReadingValue... values) {
    return new Reading(
        "sh-plant", "edge-1", meter, seq, Instant.ofEpochMilli(T0 + offsetMs), List.of(values));
  }

  /** M-AIR-1's energy register at {@code minute}, sequence number minute + 1. */
  private static Reading air(long minute, double kwh) {
    return reading(
        "M-AIR-1", minute + 1, minute * MIN, ReadingValue.good("energy_import", kwh, "kWh"));
  }

  private static MeterFunction function(Duration ttl) {
    return new MeterFunction(
        new PlanRegistry(DemoPlant.FILE.toString(), DemoPlant.yaml()),
        ttl,
        Duration.ofMinutes(1),
        Duration.ofSeconds(2),
        Duration.ofMinutes(1));
  }

  private static KeyedBroadcastOperatorTestHarness<Long, Reading, ?, SeriesAmount> harness(
      Duration ttl) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        function(ttl), MeterFunction::keyOf, Types.LONG, ControlState.DESCRIPTOR);
  }

  private static KeyedBroadcastOperatorTestHarness<Long, Reading, ?, SeriesAmount> harness()
      throws Exception {
    return harness(Duration.ofHours(1));
  }

  /** A harness on a variant of the example plant. */
  private static KeyedBroadcastOperatorTestHarness<Long, Reading, ?, SeriesAmount> harness(
      String name, String yaml) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new MeterFunction(
            new PlanRegistry(name, yaml),
            Duration.ofHours(1),
            Duration.ofMinutes(1),
            Duration.ofSeconds(2),
            Duration.ofMinutes(1)),
        MeterFunction::keyOf,
        Types.LONG,
        ControlState.DESCRIPTOR);
  }

  /** The pieces of the meter series itself (the roll-up adds SEU, site, emissions, …). */
  private static List<SeriesAmount> meterPieces(
      KeyedBroadcastOperatorTestHarness<Long, Reading, ?, SeriesAmount> h, String meter) {
    return h.extractOutputValues().stream()
        .filter(s -> s.level() == Level.METER && s.id().equals(meter))
        .toList();
  }

  /** Keyed state entries of the operator (the broadcast harness has no shortcut for it). */
  private static int entries(KeyedBroadcastOperatorTestHarness<Long, Reading, ?, SeriesAmount> h) {
    var backend =
        ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator())
            .getKeyedStateBackend();
    return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) backend)
        .numKeyValueStateEntries();
  }

  @Test
  void waitsForTheWatermarkAndAppliesOutOfOrderReadingsInTimeOrder() throws Exception {
    try (var h = harness()) {
      h.processElement(air(0, 100.0), T0);
      h.processElement(air(2, 103.0), T0 + 2 * MIN);
      h.processElement(air(1, 101.5), T0 + MIN);
      assertThat(h.extractOutputValues()).isEmpty();
      // One timer for the meter, not one per reading or channel.
      assertThat(h.numEventTimeTimers()).isEqualTo(1);

      h.watermark(T0 + 2 * MIN);

      assertThat(meterPieces(h, "M-AIR-1"))
          .extracting(SeriesAmount::startEpochMs, SeriesAmount::amount)
          .containsExactly(tuple(T0, 1.5), tuple(T0 + MIN, 1.5));
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void fansEachPieceOutToTheRollUpWithEmissions() throws Exception {
    try (var h = harness()) {
      h.processElement(air(0, 100.0), T0);
      h.processElement(air(1, 102.0), T0 + MIN);
      h.watermark(T0 + 5 * MIN);
      List<SeriesAmount> out = h.extractOutputValues();
      assertThat(out)
          .anySatisfy(
              s -> {
                assertThat(s.level()).isEqualTo(Level.SEU);
                assertThat(s.id()).isEqualTo("SEU-AIR");
                assertThat(s.amount()).isEqualTo(2.0);
              });
      assertThat(out)
          .filteredOn(SeriesAmount::isEmissions)
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.lineage()).contains("cn-grid:east:2023"));
    }
  }

  @Test
  void appliesALateReadingAtOnceWhenItIsStillAfterTheLastOne() throws Exception {
    try (var h = harness()) {
      h.processElement(air(0, 100.0), T0);
      h.watermark(T0 + 5 * MIN);
      // Late (behind the watermark) but the channel's next reading: its interval flows on.
      h.processElement(air(1, 102.0), T0 + MIN);
      assertThat(meterPieces(h, "M-AIR-1")).extracting(SeriesAmount::amount).containsExactly(2.0);
      // Late and before the last applied reading (a new seq, so not a duplicate): rejected.
      h.processElement(
          reading("M-AIR-1", 99, 0, ReadingValue.good("energy_import", 100.0, "kWh")), T0);
      assertThat(meterPieces(h, "M-AIR-1")).hasSize(1);
    }
  }

  @Test
  void flagsIntervalsBuiltFromEstimatedReadings() throws Exception {
    try (var h = harness()) {
      h.processElement(air(0, 100.0), T0);
      h.processElement(
          reading(
              "M-AIR-1",
              2,
              MIN,
              new ReadingValue("energy_import", 101.0, "kWh", Quality.ESTIMATED, null)),
          T0 + MIN);
      h.watermark(T0 + MIN);
      assertThat(meterPieces(h, "M-AIR-1").get(0).qualityMask() & IntervalFlag.SOURCE_QUALITY.bit())
          .isNotZero();
    }
  }

  @Test
  void integratesATemperatureIntoDegreeDays() throws Exception {
    try (var h = harness()) {
      h.processElement(
          reading("M-WEATHER", 1, 0, ReadingValue.good("temperature", 10.0, "°C")), T0);
      h.processElement(
          reading("M-WEATHER", 2, MIN, ReadingValue.good("temperature", 10.0, "°C")), T0 + MIN);
      h.watermark(T0 + MIN);
      // 8 K below the 18 °C base for one minute of a day (the integrator keeps micro-units).
      assertThat(h.extractOutputValues())
          .filteredOn(s -> s.id().equals("RV-HDD"))
          .singleElement()
          .satisfies(s -> assertThat(s.amount()).isCloseTo(8.0 / 1440, Offset.offset(1e-7)));
    }
  }

  @Test
  void dropsRedeliveredReadingsOfTheSameMeterAndSequence() throws Exception {
    try (var h = harness()) {
      h.processElement(air(0, 100.0), T0);
      h.processElement(air(1, 101.0), T0 + MIN);
      // A redelivery of seq 2 with another value must not count twice.
      h.processElement(
          reading("M-AIR-1", 2, MIN, ReadingValue.good("energy_import", 105.0, "kWh")), T0 + MIN);
      h.processElement(air(2, 102.0), T0 + 2 * MIN);
      h.watermark(T0 + 10 * MIN);
      assertThat(meterPieces(h, "M-AIR-1"))
          .extracting(SeriesAmount::amount)
          .containsExactly(1.0, 1.0);
    }
  }

  @Test
  void keepsSeenSequencesAcrossARestoreFromSnapshot() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.processElement(air(0, 100.0), T0);
      h.processElement(air(1, 101.0), T0 + MIN);
      snapshot = h.snapshot(1, 1);
    }
    var restored =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                function(Duration.ofHours(1)), List.of(ControlState.DESCRIPTOR)),
            MeterFunction::keyOf,
            Types.LONG,
            1,
            1,
            0);
    restored.initializeState(snapshot);
    restored.open();
    // seq 2 is a redelivery; the readings that waited for the watermark were restored with it.
    restored.processElement(
        reading("M-AIR-1", 2, MIN, ReadingValue.good("energy_import", 150.0, "kWh")), T0 + MIN);
    restored.processElement(air(2, 103.0), T0 + 2 * MIN);
    restored.watermark(T0 + 10 * MIN);
    assertThat(
            restored.extractOutputValues().stream()
                .filter(s -> s.level() == Level.METER)
                .map(SeriesAmount::amount)
                .toList())
        .containsExactly(1.0, 2.0);
    restored.close();
  }

  @Test
  void forgetsSequencesAfterTheTimeToLive() throws Exception {
    try (var h = harness(Duration.ofMinutes(10))) {
      h.setProcessingTime(0);
      h.processElement(air(0, 100.0), T0);
      assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
      h.setProcessingTime(Duration.ofMinutes(11).toMillis());
      assertThat(h.numProcessingTimeTimers()).isZero();
      // seq 1 again after the TTL: forgotten, so this reading (a later poll) is applied.
      h.processElement(
          reading("M-AIR-1", 1, MIN, ReadingValue.good("energy_import", 101.0, "kWh")), T0 + MIN);
      h.watermark(T0 + 5 * MIN);
      assertThat(meterPieces(h, "M-AIR-1")).extracting(SeriesAmount::amount).containsExactly(1.0);
    }
  }

  @Test
  void sendsReadingsTheSiteModelDoesNotKnowToTheDeadLetters() throws Exception {
    try (var h = harness()) {
      h.processElement(reading("M-NOPE", 1, 0, ReadingValue.good("x", 1.0, "kWh")), T0);
      h.processElement(
          reading("M-AIR-1", 1, 0, ReadingValue.good("energy_import", 1.0, "MWh")), T0);
      h.processElement(reading("M-AIR-1", 2, 0, ReadingValue.good("volts", 1.0, "V")), T0);
      assertThat(h.getSideOutput(MeterFunction.DEAD_LETTERS))
          .extracting(r -> ((Rejection) r.getValue()).letter().reason())
          .containsExactly(
              "meter: 'M-NOPE' is not a meter of site sh-plant",
              "values[0].unit: expected kWh for M-AIR-1.energy_import, got MWh",
              "values[0].channel: 'volts' is not a channel of M-AIR-1");
      // The InfluxDB tag: the field the check names, without the index.
      assertThat(h.getSideOutput(MeterFunction.DEAD_LETTERS))
          .extracting(r -> ((Rejection) r.getValue()).field())
          .containsExactly("meter", "values[].unit", "values[].channel");
      assertThat(h.getSideOutput(MeterFunction.DEAD_LETTERS))
          .allSatisfy(
              r ->
                  assertThat(((Rejection) r.getValue()).letter().topic())
                      .startsWith("cw/v1/sh-plant/readings/edge-1/"));
      // Nothing of a rejected reading entered the meter's state.
      assertThat(entries(h)).isZero();
    }
  }

  @Test
  void clearsTheWaitingReadingsOnceTheyAreApplied() throws Exception {
    try (var h = harness()) {
      for (int m = 0; m < 5; m++) {
        h.processElement(air(m, 100.0 + m), T0 + m * MIN);
      }
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      h.watermark(T0 + 10 * MIN);
      // Left: the meter's one state entry (seen sequences, the channel's counter); the timer is
      // gone and the readings were applied once each.
      assertThat(entries(h)).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(meterPieces(h, "M-AIR-1")).hasSize(4);
    }
  }

  @Test
  void reportsTwoMetersThatShareAPartitionKeyInsteadOfMixingTheirState() throws Exception {
    // Every reading under one key, as if the two meters' 64-bit hashes collided.
    try (var h =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            function(Duration.ofHours(1)), r -> 42L, Types.LONG, ControlState.DESCRIPTOR)) {
      h.processElement(air(0, 100.0), T0);
      h.processElement(
          reading("M-AIR-2", 1, 0, ReadingValue.good("energy_import", 5.0, "kWh")), T0);
      assertThat(h.getSideOutput(MeterFunction.DEAD_LETTERS))
          .extracting(r -> ((Rejection) r.getValue()).letter().reason())
          .containsExactly(
              "meter: 'M-AIR-2' of site sh-plant has the same partition key as meter 'M-AIR-1' of"
                  + " site sh-plant (a 64-bit hash collision); rename one of them");
      h.processElement(air(1, 101.0), T0 + MIN);
      h.watermark(T0 + 5 * MIN);
      assertThat(meterPieces(h, "M-AIR-1")).extracting(SeriesAmount::amount).containsExactly(1.0);
    }
  }

  @Test
  void sendsEachSeusLiveRateAtOnceAndThenAtMostFourTimesPerLiveInterval() throws Exception {
    try (var h = harness()) {
      h.processElement(
          reading(
              "M-AIR-1",
              1,
              0,
              ReadingValue.good("energy_import", 100.0, "kWh"),
              ReadingValue.good("power_active", 55_000.0, "W")),
          T0);
      h.processElement(
          reading(
              "M-AIR-1",
              2,
              5_000,
              ReadingValue.good("energy_import", 100.1, "kWh"),
              ReadingValue.good("power_active", 60_000.0, "W")),
          T0 + 5_000);
      var live = h.getSideOutput(MeterFunction.LIVE);
      // The first rate goes out at once; the second is held (a live interval of 2 s allows one
      // partial per 500 ms of processing time, and the test runs faster than that).
      assertThat(live).hasSize(1);
      var partial = (io.carbonwatch.jobs.model.LivePoint) live.peek().getValue();
      assertThat(partial.key()).isEqualTo("sh-plant/SEU-AIR");
      assertThat(partial.powerKw()).isCloseTo(55.0, Offset.offset(1e-9));
      // The emission rate is worked out when the partial is sent: 55 kW at the grid factor in
      // force at the reading's time.
      var route =
          new PlanRegistry(DemoPlant.FILE.toString(), DemoPlant.yaml())
              .plan("sh-plant")
              .channel("M-AIR-1", "power_active")
              .live()
              .get(0);
      double expectedKgPerH = route.rate().at(T0).tco2e(55.0 * route.coefficient()) * 1000.0;
      assertThat(expectedKgPerH).isPositive();
      assertThat(partial.emissionKgPerH()).isCloseTo(expectedKgPerH, Offset.offset(1e-9));
      assertThat(partial.source()).isEqualTo("subtask-0");
    }
  }

  @Test
  void aChannelFirstSeenWhileReadingsWaitJoinsThemWithoutLosingAnyValue() throws Exception {
    try (var h = harness()) {
      h.processElement(air(0, 100.0), T0);
      h.processElement(air(1, 101.0), T0 + MIN);
      // The meter's first reading with its power channel too: every waiting row gains a column.
      h.processElement(
          reading(
              "M-AIR-1",
              3,
              2 * MIN,
              ReadingValue.good("power_active", 40_000.0, "W"),
              ReadingValue.good("energy_import", 103.0, "kWh")),
          T0 + 2 * MIN);
      h.processElement(air(3, 104.0), T0 + 3 * MIN);
      h.watermark(T0 + 10 * MIN);
      assertThat(meterPieces(h, "M-AIR-1"))
          .extracting(SeriesAmount::startEpochMs, SeriesAmount::amount)
          .containsExactly(tuple(T0, 1.0), tuple(T0 + MIN, 2.0), tuple(T0 + 2 * MIN, 1.0));
    }
  }

  @Test
  void aWrongUnitIsRejectedEveryTimeEvenAfterGoodReadingsOfTheSameChannel() throws Exception {
    try (var h = harness()) {
      h.processElement(air(0, 100.0), T0);
      for (int seq = 2; seq <= 3; seq++) {
        h.processElement(
            reading("M-AIR-1", seq, seq * MIN, ReadingValue.good("energy_import", 1.0, "MWh")),
            T0 + seq * MIN);
      }
      h.processElement(air(4, 104.0), T0 + 4 * MIN);
      assertThat(h.getSideOutput(MeterFunction.DEAD_LETTERS)).hasSize(2);
      h.watermark(T0 + 10 * MIN);
      assertThat(meterPieces(h, "M-AIR-1")).extracting(SeriesAmount::amount).containsOnly(1.0);
    }
  }

  @Test
  void booksTheIntervalBeforeAMetersFirstAppliedReadingWhenItsFirstPollArrivesLast()
      throws Exception {
    try (var h = harness()) {
      // The second poll is applied first (its watermark passed while the first was still on its
      // way), then the first arrives.
      h.processElement(air(1, 101.0), T0 + MIN);
      h.watermark(T0 + 5 * MIN);
      assertThat(meterPieces(h, "M-AIR-1")).isEmpty();
      h.processElement(air(0, 100.0), T0);
      h.processElement(air(6, 106.0), T0 + 6 * MIN);
      h.watermark(T0 + 10 * MIN);
      // 100 → 101 booked late (minute 0), 101 → 106 as usual: nothing of the register is lost.
      assertThat(meterPieces(h, "M-AIR-1").stream().mapToDouble(SeriesAmount::amount).sum())
          .isCloseTo(6.0, Offset.offset(1e-9));
      assertThat(meterPieces(h, "M-AIR-1"))
          .filteredOn(p -> p.startEpochMs() == T0)
          .extracting(SeriesAmount::amount)
          .containsExactly(1.0);
    }
  }

  /** The example plant with M-AIR-1's energy register wrapping at {@code max}. */
  private static KeyedBroadcastOperatorTestHarness<Long, Reading, ?, SeriesAmount>
      harnessWithAirRegisterMax(String max) throws Exception {
    String yaml = DemoPlant.yaml();
    String line = "- {id: energy_import, quantity: electricity, kind: counter, unit: kWh}";
    int at = yaml.indexOf(line, yaml.indexOf("id: M-AIR-1"));
    String changed =
        yaml.substring(0, at)
            + "- {id: energy_import, quantity: electricity, kind: counter, unit: kWh, registerMax: "
            + max
            + "}"
            + yaml.substring(at + line.length());
    return harness("demo-plant-registermax.yaml", changed);
  }

  @Test
  void countsARegisterThatWrapsAtItsMaximumAsTheConsumptionAcrossTheWrap() throws Exception {
    try (var h = harnessWithAirRegisterMax("99999.9")) {
      h.processElement(air(0, 99_999.0), T0);
      h.processElement(air(1, 0.6), T0 + MIN);
      h.watermark(T0 + 5 * MIN);
      // Modulus = maximum + resolution = 100000.0: 0.6 + 100000.0 − 99999.0.
      assertThat(meterPieces(h, "M-AIR-1"))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.amount()).isCloseTo(1.6, Offset.offset(1e-9));
                assertThat(p.qualityMask() & IntervalFlag.ROLLOVER.bit()).isNotZero();
              });
    }
  }

  @Test
  void countsAnImplausibleWrapAsAResetFromZeroAndSaysSo() throws Exception {
    try (var h = harnessWithAirRegisterMax("99999.9")) {
      h.processElement(air(0, 50_000.0), T0);
      // A wrap would mean 50 MWh in a minute on one compressor: a reset, counted from zero.
      h.processElement(air(1, 2.0), T0 + MIN);
      h.watermark(T0 + 5 * MIN);
      assertThat(meterPieces(h, "M-AIR-1"))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.amount()).isCloseTo(2.0, Offset.offset(1e-9));
                assertThat(p.qualityMask() & IntervalFlag.RESET.bit()).isNotZero();
              });
    }
  }

  @Test
  void integratesThePowerOfAMeterWithoutAnEnergyRegisterIntoKwhWithEmissions() throws Exception {
    String yaml = DemoPlant.yaml();
    String counter = "- {id: energy_import, quantity: electricity, kind: counter, unit: kWh}\n";
    int at = yaml.indexOf(counter, yaml.indexOf("id: M-AIR-1"));
    // M-AIR-1 keeps only its power channel, in W: its whole counter line goes.
    int lineStart = yaml.lastIndexOf('\n', at) + 1;
    String powerOnly =
        (yaml.substring(0, lineStart) + yaml.substring(at + counter.length()))
            // A virtual meter sums registers only: it no longer subtracts M-AIR-1.
            .replace("- M-AIR-1 -", "-");
    try (var h = harness("demo-plant-power-only.yaml", powerOnly)) {
      h.processElement(
          reading("M-AIR-1", 1, 0, ReadingValue.good("power_active", 60_000.0, "W")), T0);
      h.processElement(
          reading("M-AIR-1", 2, MIN, ReadingValue.good("power_active", 60_000.0, "W")), T0 + MIN);
      h.watermark(T0 + 5 * MIN);
      // 60 kW for one minute = 1 kWh, in kWh (the unit the grid factor is given for).
      assertThat(meterPieces(h, "M-AIR-1"))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.unit()).isEqualTo("kWh");
                assertThat(p.amount()).isCloseTo(1.0, Offset.offset(1e-9));
              });
      assertThat(h.extractOutputValues())
          .anySatisfy(
              s -> {
                assertThat(s.level()).isEqualTo(Level.SEU);
                assertThat(s.id()).isEqualTo("SEU-AIR");
                assertThat(s.metric()).isEqualTo("emissions");
                assertThat(s.amount()).isPositive();
              });
    }
  }

  private static Reading topUp(long seq, long offsetMs, double kg) {
    return reading("M-REFRIG", seq, offsetMs, ReadingValue.good("topup", kg, "kg"));
  }

  @Test
  void twoTopUpsLoggedAtTheSameInstantBothCount() throws Exception {
    try (var h = harness()) {
      long at = 10 * MIN + 30_000;
      h.processElement(topUp(1, at, 2.5), T0 + at);
      h.processElement(topUp(2, at, 1.0), T0 + at);
      h.watermark(T0 + 20 * MIN);
      // A third one at the same instant after the first two were applied: still another amount.
      h.processElement(topUp(3, at, 0.5), T0 + at);
      assertThat(meterPieces(h, "M-REFRIG"))
          .extracting(SeriesAmount::startEpochMs, SeriesAmount::amount)
          .containsExactly(tuple(T0 + 10 * MIN, 3.5), tuple(T0 + 10 * MIN, 0.5));
      // A redelivery of one of them (same sequence number) is not.
      h.processElement(topUp(2, at, 1.0), T0 + at);
      assertThat(meterPieces(h, "M-REFRIG")).hasSize(2);
    }
  }

  @Test
  void aTopUpWithoutAValueAtTheSameInstantDoesNotHideTheOther() throws Exception {
    for (boolean timeoutFirst : new boolean[] {true, false}) {
      try (var h = harness()) {
        long at = 10 * MIN + 30_000;
        Reading good = topUp(1, at, 5.0);
        Reading timeout =
            reading(
                "M-REFRIG", 2, at, new ReadingValue("topup", null, "kg", Quality.TIMEOUT, null));
        h.processElement(timeoutFirst ? timeout : good, T0 + at);
        h.processElement(timeoutFirst ? good : timeout, T0 + at);
        h.watermark(T0 + 20 * MIN);
        assertThat(meterPieces(h, "M-REFRIG"))
            .as("timeout first: " + timeoutFirst)
            .extracting(SeriesAmount::amount)
            .containsExactly(5.0);
      }
    }
  }
}
