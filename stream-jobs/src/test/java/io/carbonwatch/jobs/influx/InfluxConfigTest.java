package io.carbonwatch.jobs.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InfluxConfigTest {
  private static InfluxConfig with(String url, String db, int batch, Duration backoff) {
    return new InfluxConfig(url, null, null, db, null, batch, backoff);
  }

  @Test
  void acceptsTheDefaults() {
    InfluxConfig c = InfluxConfig.of("http://127.0.0.1:8086", "carbonwatch");
    assertThat(c.batchSize()).isEqualTo(5_000);
    assertThat(c.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void refusesSettingsThatWouldMisbehaveAtRunTimeNamingTheField() {
    assertThatThrownBy(() -> with("127.0.0.1:8086", "cw", 10, Duration.ofSeconds(1)))
        .hasMessage("url: expected http://host:port, got 127.0.0.1:8086");
    assertThatThrownBy(() -> with("http://h:1", " ", 10, Duration.ofSeconds(1)))
        .hasMessage("database: must not be blank");
    assertThatThrownBy(() -> with("http://h:1", "cw", 0, Duration.ofSeconds(1)))
        .hasMessage("batchSize: must be >= 1, got 0");
    // A zero backoff would retry in a busy loop while InfluxDB is down.
    assertThatThrownBy(() -> with("http://h:1", "cw", 10, Duration.ZERO))
        .hasMessage("maxBackoff: must be at least 100 ms, got PT0S");
  }
}
