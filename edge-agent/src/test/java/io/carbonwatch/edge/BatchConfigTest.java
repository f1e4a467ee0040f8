package io.carbonwatch.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.edge.publish.BatchOptions;
import io.carbonwatch.edge.publish.BrokerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish.batch.*}: one message per reading by default; a bad value stops the start-up. */
class BatchConfigTest {
  @TempDir Path dir;

  private record Run(int code, String err) {}

  private Run run(String... extra) throws Exception {
    Path site = dir.resolve("site.yaml");
    Files.writeString(site, TestSites.yaml(15020, "1s", "2026-06-01"), StandardCharsets.UTF_8);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--site",
                site.toString(),
                "--data-dir",
                dir.resolve("d").toString(),
                "--http",
                "off",
                "--broker",
                "tcp://127.0.0.1:1"));
    args.addAll(List.of(extra));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new EdgeCommand()
            .run(
                args,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theDefaultIsOneMessagePerReading() {
    EdgeConfig c = EdgeConfig.of(dir, BrokerOptions.of("tcp://127.0.0.1:1883", "x"), null);
    assertThat(c.batch()).isEqualTo(BatchOptions.SINGLE);
    assertThat(c.batch().maxReadings()).isEqualTo(1);
    assertThat(c.batch().batching()).isFalse();
    assertThat(c.batch().maxDelay()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.withBatch(BatchOptions.of(100)).batch().batching()).isTrue();
  }

  @Test
  void zeroReadingsPerBatchFailsAtStartUpNamingTheField() throws Exception {
    Run r = run("--batch-max-readings", "0");
    assertThat(r.code()).isEqualTo(EdgeCommand.INVALID);
    assertThat(r.err())
        .contains("invalid configuration")
        .contains("publish.batch.maxReadings (--batch-max-readings): expected 1..10000, got 0");
  }

  @Test
  void moreThanTenThousandReadingsPerBatchFailsAtStartUpNamingTheField() throws Exception {
    Run r = run("--batch-max-readings", "10001");
    assertThat(r.code()).isEqualTo(EdgeCommand.INVALID);
    assertThat(r.err())
        .contains("publish.batch.maxReadings (--batch-max-readings): expected 1..10000, got 10001");
  }

  @Test
  void aNonNumericBatchSizeFailsAtStartUpNamingTheField() throws Exception {
    Run r = run("--batch-max-readings", "lots");
    assertThat(r.code()).isEqualTo(EdgeCommand.INVALID);
    assertThat(r.err())
        .contains("publish.batch.maxReadings (--batch-max-readings)")
        .contains("lots");
  }

  @Test
  void aNegativeDelayFailsAtStartUpNamingTheField() throws Exception {
    Run r = run("--batch-max-readings", "100", "--batch-max-delay", "-5ms");
    assertThat(r.code()).isEqualTo(EdgeCommand.INVALID);
    assertThat(r.err())
        .contains(
            "publish.batch.maxDelay (--batch-max-delay): expected >= 0 (e.g. 200ms), got -5ms");
  }

  @Test
  void anUnreadableDelayFailsAtStartUpNamingTheField() throws Exception {
    Run r = run("--batch-max-delay", "soon");
    assertThat(r.code()).isEqualTo(EdgeCommand.INVALID);
    assertThat(r.err()).contains("publish.batch.maxDelay (--batch-max-delay)").contains("'soon'");
  }

  @Test
  void theRecordRefusesWhatTheCommandLineRefuses() {
    assertThatThrownBy(() -> new BatchOptions(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("publish.batch.maxReadings");
    assertThatThrownBy(() -> new BatchOptions(10_001, Duration.ZERO))
        .hasMessageContaining("publish.batch.maxReadings");
    assertThatThrownBy(() -> new BatchOptions(10, Duration.ofMillis(-1)))
        .hasMessageContaining("publish.batch.maxDelay");
    assertThatThrownBy(() -> new BatchOptions(10, null))
        .hasMessageContaining("publish.batch.maxDelay");
    assertThat(new BatchOptions(10_000, Duration.ZERO).batching()).isTrue();
  }
}
