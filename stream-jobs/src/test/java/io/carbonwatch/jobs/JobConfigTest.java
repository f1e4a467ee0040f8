package io.carbonwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The job's configuration is checked once, at start-up, with the field named. */
class JobConfigTest {
  private static JobConfig withGrace(Duration grace) {
    JobConfig d = JobConfig.defaults("site.yaml", "");
    return new JobConfig(
        d.siteModelName(),
        d.siteModelYaml(),
        d.outOfOrderness(),
        d.idleness(),
        grace,
        d.allowedLateness(),
        d.dedupeTtl(),
        d.liveInterval(),
        d.liveStaleAfter(),
        d.checkpointInterval(),
        d.minCoverage());
  }

  @Test
  void theDefaultsAreValid() {
    JobConfig d = JobConfig.defaults("site.yaml", "");
    assertThat(d.windowGrace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.idleness()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theWindowGraceCoversTheMinuteAReadingWaitsForItsMeterTimer() {
    assertThatThrownBy(() -> withGrace(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("windowGrace: must be at least PT1M")
        .hasMessageContaining("got PT0S");
    assertThatThrownBy(() -> withGrace(Duration.ofSeconds(59)))
        .hasMessageStartingWith("windowGrace: must be at least PT1M")
        .hasMessageContaining("got PT59S");
    assertThatThrownBy(() -> withGrace(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("windowGrace: must be >= 0");
    assertThat(withGrace(Duration.ofMinutes(1)).windowGrace()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void idlenessMustBePositiveAndLatenessAtLeastTheGrace() {
    JobConfig d = JobConfig.defaults("site.yaml", "");
    assertThatThrownBy(
            () -> d.withTiming(Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10)))
        .hasMessageStartingWith("idleness: must be > 0");
    assertThatThrownBy(
            () ->
                new JobConfig(
                    "site.yaml",
                    "",
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(2),
                    Duration.ofMinutes(1),
                    Duration.ofDays(7),
                    Duration.ofSeconds(2),
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(10),
                    0.9))
        .hasMessageStartingWith("allowedLateness: must be at least windowGrace (PT2M)");
  }
}
