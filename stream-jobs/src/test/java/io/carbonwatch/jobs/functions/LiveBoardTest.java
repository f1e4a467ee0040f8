package io.carbonwatch.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.jobs.model.LivePoint;
import org.junit.jupiter.api.Test;

class LiveBoardTest {
  private static final long T = 1_000_000;

  @Test
  void sumsTheNewestRateOfEveryChannelOfAnSeuAtMostOncePerInterval() {
    LiveBoard board = new LiveBoard("subtask-1", 500, 60_000);
    var a = board.slot("sh", "SEU-AIR", "M-1", "p");
    var b = board.slot("sh", "SEU-AIR", "M-2", "p");
    LivePoint first = board.offer(a, T, 10.0, 5.0, true, 0);
    assertThat(first.powerKw()).isEqualTo(10.0);
    assertThat(first.source()).isEqualTo("subtask-1");
    // Within the interval: held, but kept for the next partial.
    assertThat(board.offer(b, T, 20.0, 8.0, true, 100)).isNull();
    assertThat(board.offer(a, T + 5_000, 12.0, 6.0, true, 200)).isNull();
    LivePoint next = board.offer(b, T + 5_000, 21.0, 9.0, true, 600);
    assertThat(next.powerKw()).isEqualTo(33.0);
    assertThat(next.emissionKgPerH()).isEqualTo(15.0);
    assertThat(next.timeEpochMs()).isEqualTo(T + 5_000);
    assertThat(next.quality()).isEqualTo("good");
    assertThat(next.key()).isEqualTo("sh/SEU-AIR");
  }

  @Test
  void leavesOutAStaleChannelAndIgnoresAnOlderRateThanItHas() {
    LiveBoard board = new LiveBoard("subtask-0", 1, 60_000);
    var a = board.slot("sh", "SEU-AIR", "M-1", "p");
    var b = board.slot("sh", "SEU-AIR", "M-2", "p");
    board.offer(a, T, 10.0, 1.0, true, 0);
    board.offer(b, T + 120_000, 20.0, 2.0, true, 10);
    LivePoint p = board.offer(a, T - 5_000, 99.0, 9.0, true, 20);
    // M-1's newest is two minutes behind M-2's: stale, left out; the older rate changed nothing.
    assertThat(p.powerKw()).isEqualTo(20.0);
    assertThat(p.quality()).isEqualTo("estimated");
  }

  @Test
  void aChannelWithAnEstimatedRateMakesThePartialEstimated() {
    LiveBoard board = new LiveBoard("subtask-0", 1, 60_000);
    var a = board.slot("sh", "SEU-AIR", "M-1", "p");
    assertThat(board.offer(a, T, 10.0, 1.0, false, 0).quality()).isEqualTo("estimated");
    // The same channel asked for again is the same slot.
    assertThat(board.slot("sh", "SEU-AIR", "M-1", "p")).isSameAs(a);
  }
}
