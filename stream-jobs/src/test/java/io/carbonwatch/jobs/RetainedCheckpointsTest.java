package io.carbonwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which retained checkpoint {@code carbonwatch job} resumes from, and what it prunes. */
class RetainedCheckpointsTest {
  private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

  private static String job(char c) {
    return String.valueOf(c).repeat(32);
  }

  /** A {@code chk-n} of job {@code id}; complete (with {@code _metadata}) written at minute. */
  private static Path chk(Path dir, String id, long n, Integer minute) throws Exception {
    Path chk = Files.createDirectories(dir.resolve(id).resolve("chk-" + n));
    Files.createDirectories(dir.resolve(id).resolve("shared"));
    if (minute != null) {
      Path m = Files.write(chk.resolve("_metadata"), new byte[] {1, 2, 3});
      Files.setLastModifiedTime(m, FileTime.from(T0.plusSeconds(60L * minute)));
    }
    return chk;
  }

  @Test
  void resumesFromTheNewestCompleteCheckpointAcrossJobDirectories(@TempDir Path dir)
      throws Exception {
    assertThat(RetainedCheckpoints.latest(dir)).isEmpty();
    assertThat(RetainedCheckpoints.latest(dir.resolve("missing"))).isEmpty();
    chk(dir, job('a'), 7, 1);
    chk(dir, job('a'), 8, 2);
    Path newest = chk(dir, job('b'), 12, 5);
    // being written when the process stopped: no _metadata, or an empty one
    chk(dir, job('b'), 13, null);
    Path empty = chk(dir, job('c'), 14, null);
    Files.write(empty.resolve("_metadata"), new byte[0]);
    // not a job-id directory
    chk(dir, "savepoints", 99, 9);

    RetainedCheckpoints.Checkpoint c = RetainedCheckpoints.latest(dir).orElseThrow();
    assertThat(c.path()).isEqualTo(newest);
    assertThat(c.jobId()).isEqualTo(job('b'));
    assertThat(c.number()).isEqualTo(12);
  }

  @Test
  void aRunStartedWithFreshIsNewerThanHigherNumbersOfTheAbandonedState(@TempDir Path dir)
      throws Exception {
    chk(dir, job('a'), 500, 1);
    Path afterFresh = chk(dir, job('b'), 3, 2);
    assertThat(RetainedCheckpoints.latest(dir).orElseThrow().path()).isEqualTo(afterFresh);
  }

  @Test
  void prunesAllButTheNewestThreeJobDirectoriesAndTheRunningOne(@TempDir Path dir)
      throws Exception {
    chk(dir, job('a'), 1, 1);
    chk(dir, job('b'), 2, 2);
    chk(dir, job('c'), 3, 3);
    chk(dir, job('d'), 4, 4);
    chk(dir, job('e'), 5, null); // failed before its first checkpoint
    chk(dir, job('f'), 6, 6);
    chk(dir, "not-a-job", 1, 1);

    assertThat(RetainedCheckpoints.prune(dir, job('f')))
        .containsExactlyInAnyOrder(
            dir.resolve(job('a')), dir.resolve(job('b')), dir.resolve(job('e')));
    assertThat(dir.resolve(job('c'))).isDirectory();
    assertThat(dir.resolve(job('d'))).isDirectory();
    assertThat(dir.resolve(job('f'))).isDirectory();
    assertThat(dir.resolve("not-a-job")).isDirectory();
    assertThat(RetainedCheckpoints.prune(dir, job('f'))).isEmpty();
  }

  @Test
  void theDefaultDirectoryIsPerUserStateKeyedByTheGroup() {
    assertThat(
            RetainedCheckpoints.defaultDirectory(
                Map.of("XDG_STATE_HOME", "/var/state"), "/home/u", "carbonwatch-job"))
        .isEqualTo(Path.of("/var/state/carbonwatch/checkpoints/carbonwatch-job"));
    assertThat(RetainedCheckpoints.defaultDirectory(Map.of(), "/home/u", "carbonwatch-job"))
        .isEqualTo(Path.of("/home/u/.local/state/carbonwatch/checkpoints/carbonwatch-job"));
    // a relative XDG_STATE_HOME is invalid per the XDG spec and ignored
    assertThat(
            RetainedCheckpoints.defaultDirectory(
                Map.of("XDG_STATE_HOME", "state"), "/home/u", "plant/../a b"))
        .isEqualTo(Path.of("/home/u/.local/state/carbonwatch/checkpoints/plant_.._a_b"));
  }

  @Test
  void theCheckpointDirectoryIsALocalPathOrFileUri() {
    assertThat(RetainedCheckpoints.localDirectory("file:///var/lib/cw/ckpt"))
        .isEqualTo(Path.of("/var/lib/cw/ckpt"));
    assertThat(RetainedCheckpoints.localDirectory("/var/lib/cw/ckpt"))
        .isEqualTo(Path.of("/var/lib/cw/ckpt"));
    assertThat(RetainedCheckpoints.localDirectory("ckpt"))
        .isEqualTo(Path.of("ckpt").toAbsolutePath());
    assertThatThrownBy(() -> RetainedCheckpoints.localDirectory("s3://bucket/ckpt"))
        .hasMessageContaining("--checkpoint-dir")
        .hasMessageContaining("execution.checkpointing.dir");
  }
}
