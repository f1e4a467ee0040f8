package io.carbonwatch.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.jobs.functions.SeenSequences.Verdict;
import org.junit.jupiter.api.Test;

class SeenSequencesTest {

  @Test
  void knowsEveryNumberWithinTheWindowBelowTheHighestAndPassesOlderOnes() {
    SeenSequences s = SeenSequences.first(10);
    assertThat(s.offer(10)).isEqualTo(Verdict.DUPLICATE);
    assertThat(s.offer(12)).isEqualTo(Verdict.NEW);
    // 11 came late: new once, then a duplicate.
    assertThat(s.offer(11)).isEqualTo(Verdict.NEW);
    assertThat(s.offer(11)).isEqualTo(Verdict.DUPLICATE);
    long high = 12 + SeenSequences.WINDOW;
    assertThat(s.offer(high)).isEqualTo(Verdict.NEW);
    // The ring slot of 12 now belongs to 12 + WINDOW: 12 itself is beyond the window, passed on
    // for the counter logic downstream to reject as not after the channel's last reading.
    assertThat(s.offer(12)).isEqualTo(Verdict.BEYOND_WINDOW);
    assertThat(s.offer(high - SeenSequences.WINDOW + 1)).isEqualTo(Verdict.NEW);
    assertThat(s.offer(high - 1)).isEqualTo(Verdict.NEW);
    assertThat(s.offer(high - 1)).isEqualTo(Verdict.DUPLICATE);
  }

  @Test
  void aJumpOfMoreThanTheWindowForgetsEverythingBelowIt() {
    SeenSequences s = SeenSequences.first(1);
    for (long n = 2; n <= 100; n++) {
      s.offer(n);
    }
    long far = 100 + 3L * SeenSequences.WINDOW;
    assertThat(s.offer(far)).isEqualTo(Verdict.NEW);
    assertThat(s.offer(far - 5)).isEqualTo(Verdict.NEW);
    assertThat(s.offer(far)).isEqualTo(Verdict.DUPLICATE);
  }
}
