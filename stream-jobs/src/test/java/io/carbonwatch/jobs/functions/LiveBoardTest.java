package io.carbonwatch.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.jobs.DemoPlant;
import io.carbonwatch.jobs.control.PlanRegistry;
import io.carbonwatch.jobs.model.LivePoint;
import io.carbonwatch.jobs.plan.EmissionRate;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LiveBoardTest {
  private static final long T = 1_700_000_000_000L;

  /** The example plant's grid rate (effective-dated factors from the data files). */
  private static final EmissionRate GRID =
      new PlanRegistry(DemoPlant.FILE.toString(), DemoPlant.yaml())
          .plan("sh-plant")
          .channel("M-AIR-1", "power_active")
          .live()
          .get(0)
          .rate();

  private static LiveBoard.Slot slot(LiveBoard board, String meter) {
    LiveBoard.Slot s = board.slot("sh", "SEU-AIR", meter, "p");
    s.rate = GRID;
    s.toKw = 1.0;
    return s;
  }

  private static double kgPerH(long timeMs, double kw) {
    return GRID.at(timeMs).tco2e(kw) * 1000.0;
  }

  @Test
  void sumsTheNewestRateOfEveryChannelOfAnSeuAtMostOncePerInterval() {
    LiveBoard board = new LiveBoard("subtask-1", 500, 60_000);
    var a = slot(board, "M-1");
    var b = slot(board, "M-2");
    LivePoint first = board.offerRate(a, T, 10.0, 10.0, true, 0);
    assertThat(first.powerKw()).isEqualTo(10.0);
    assertThat(first.emissionKgPerH()).isCloseTo(kgPerH(T, 10.0), Offset.offset(1e-9));
    assertThat(first.source()).isEqualTo("subtask-1");
    // Within the interval: held, but kept for the next partial.
    assertThat(board.offerRate(b, T, 20.0, 20.0, true, 100)).isNull();
    assertThat(board.offerRate(a, T + 5_000, 12.0, 12.0, true, 200)).isNull();
    LivePoint next = board.offerRate(b, T + 5_000, 21.0, 21.0, true, 600);
    assertThat(next.powerKw()).isEqualTo(33.0);
    assertThat(next.emissionKgPerH())
        .isPositive()
        .isCloseTo(kgPerH(T + 5_000, 12.0) + kgPerH(T + 5_000, 21.0), Offset.offset(1e-9));
    assertThat(next.timeEpochMs()).isEqualTo(T + 5_000);
    assertThat(next.quality()).isEqualTo("good");
    assertThat(next.key()).isEqualTo("sh/SEU-AIR");
  }

  @Test
  void aChannelWithoutEmissionsAddsPowerButNoEmissionRate() {
    LiveBoard board = new LiveBoard("subtask-0", 1, 60_000);
    var a = slot(board, "M-1");
    var pv = board.slot("sh", "SEU-AIR", "M-PV", "p");
    pv.toKw = 1.0;
    board.offerRate(a, T, 10.0, 10.0, true, 0);
    LivePoint p = board.offerRate(pv, T, 5.0, 5.0, true, 10);
    assertThat(p.powerKw()).isEqualTo(15.0);
    assertThat(p.emissionKgPerH()).isCloseTo(kgPerH(T, 10.0), Offset.offset(1e-9));
  }

  @Test
  void leavesOutAStaleChannelAndIgnoresAnOlderRateThanItHas() {
    LiveBoard board = new LiveBoard("subtask-0", 1, 60_000);
    var a = slot(board, "M-1");
    var b = slot(board, "M-2");
    board.offerRate(a, T, 10.0, 10.0, true, 0);
    board.offerRate(b, T + 120_000, 20.0, 20.0, true, 10);
    LivePoint p = board.offerRate(a, T - 5_000, 99.0, 99.0, true, 20);
    // M-1's newest is two minutes behind M-2's: stale, left out; the older rate changed nothing.
    assertThat(p.powerKw()).isEqualTo(20.0);
    assertThat(p.emissionKgPerH()).isCloseTo(kgPerH(T + 120_000, 20.0), Offset.offset(1e-9));
    assertThat(p.quality()).isEqualTo("estimated");
  }

  @Test
  void aChannelWithAnEstimatedRateMakesThePartialEstimated() {
    LiveBoard board = new LiveBoard("subtask-0", 1, 60_000);
    var a = slot(board, "M-1");
    assertThat(board.offerRate(a, T, 10.0, 10.0, false, 0).quality()).isEqualTo("estimated");
    // The same channel asked for again is the same slot.
    assertThat(board.slot("sh", "SEU-AIR", "M-1", "p")).isSameAs(a);
  }
}
