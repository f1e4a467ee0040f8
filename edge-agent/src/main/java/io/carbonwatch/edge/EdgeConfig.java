package io.carbonwatch.edge;

import io.carbonwatch.edge.publish.BatchOptions;
import io.carbonwatch.edge.publish.BrokerOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The agent's own settings (the site model says what to read; this says how the agent runs).
 *
 * @param dataDir holds the disk queue ({@code queue/}) and sequence checkpoint ({@code seq})
 * @param http address of the metrics and health endpoint; null: none; port 0: any free port
 * @param queueMaxBytes bound of the disk queue; beyond it the oldest segment is dropped
 * @param segmentBytes size at which the queue starts a new segment file
 * @param commitInterval how often appended readings are fsynced (the crash-loss window)
 * @param batch {@code publish.batch.*}: readings per MQTT message; null: one each ({@link
 *     BatchOptions#SINGLE})
 */
public record EdgeConfig(
    Path dataDir,
    BrokerOptions broker,
    InetSocketAddress http,
    long queueMaxBytes,
    long segmentBytes,
    Duration commitInterval,
    String version,
    BatchOptions batch) {
  public EdgeConfig {
    if (dataDir == null) {
      throw new IllegalArgumentException("--data-dir: required");
    }
    if (broker == null) {
      throw new IllegalArgumentException("--broker: required");
    }
    if (segmentBytes < 4096) {
      throw new IllegalArgumentException("queue segment: expected >= 4096 bytes");
    }
    if (queueMaxBytes < 4 * segmentBytes) {
      throw new IllegalArgumentException(
          "--queue-max-mb: expected at least 4 segments (" + 4 * segmentBytes + " bytes)");
    }
    if (commitInterval == null || commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("commit interval: expected > 0");
    }
    version = version == null ? "0.1.0" : version;
    batch = batch == null ? BatchOptions.SINGLE : batch;
  }

  /** Defaults: 1 GiB queue in 4 MiB segments, fsync every 20 ms, one reading per message. */
  public static EdgeConfig of(Path dataDir, BrokerOptions broker, InetSocketAddress http) {
    return new EdgeConfig(
        dataDir, broker, http, 1L << 30, 4L << 20, Duration.ofMillis(20), "0.1.0", null);
  }

  public EdgeConfig withQueue(long maxBytes, long segment) {
    return new EdgeConfig(dataDir, broker, http, maxBytes, segment, commitInterval, version, batch);
  }

  /** The same settings publishing readings as {@code options} say. */
  public EdgeConfig withBatch(BatchOptions options) {
    return new EdgeConfig(
        dataDir, broker, http, queueMaxBytes, segmentBytes, commitInterval, version, options);
  }
}
