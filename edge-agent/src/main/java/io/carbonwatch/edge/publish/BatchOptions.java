package io.carbonwatch.edge.publish;

import io.carbonwatch.core.site.yaml.Durations;
import io.carbonwatch.core.wire.ReadingBatchCodec;
import java.time.Duration;

/**
 * Whether and how the publisher packs readings into gateway batches (docs/wire-format.md, "Reading
 * batch"), the {@code publish.batch.*} options.
 *
 * @param maxReadings {@code publish.batch.maxReadings}: most readings per MQTT message; 1 publishes
 *     each reading alone on its meter's topic (no batches)
 * @param maxDelay {@code publish.batch.maxDelay}: the longest a live reading waits for its batch to
 *     fill before the batch goes out anyway (0: send whatever is there)
 */
public record BatchOptions(int maxReadings, Duration maxDelay) {
  /** 200 ms: well below any poll interval worth batching, so a batch never holds a reading long. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(200);

  /** One reading per message, as before batches existed. */
  public static final BatchOptions SINGLE = new BatchOptions(1, DEFAULT_MAX_DELAY);

  public BatchOptions {
    if (maxReadings < 1 || maxReadings > ReadingBatchCodec.MAX_READINGS) {
      throw new IllegalArgumentException(
          "publish.batch.maxReadings (--batch-max-readings): expected 1.."
              + ReadingBatchCodec.MAX_READINGS
              + ", got "
              + maxReadings);
    }
    if (maxDelay == null) {
      throw new IllegalArgumentException(
          "publish.batch.maxDelay (--batch-max-delay): required (a duration such as 200ms)");
    }
    if (maxDelay.isNegative()) {
      throw new IllegalArgumentException(
          "publish.batch.maxDelay (--batch-max-delay): expected >= 0 (e.g. 200ms), got -"
              + Durations.format(maxDelay.negated()));
    }
  }

  /** Batches of up to {@code maxReadings}, waiting at most {@link #DEFAULT_MAX_DELAY}. */
  public static BatchOptions of(int maxReadings) {
    return new BatchOptions(maxReadings, DEFAULT_MAX_DELAY);
  }

  /** Whether readings go out as batches (more than one reading per message). */
  public boolean batching() {
    return maxReadings > 1;
  }
}
