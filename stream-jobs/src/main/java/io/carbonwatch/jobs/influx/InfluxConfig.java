package io.carbonwatch.jobs.influx;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * InfluxDB 1.x connection and batching.
 *
 * @param url for example {@code http://127.0.0.1:8086}
 * @param database created by the sink before its first write if missing
 * @param retentionPolicy {@code null} for the database default
 * @param batchSize lines written per HTTP request
 * @param maxBackoff longest pause between retries while InfluxDB is unreachable; the writer retries
 *     forever and blocks the pipeline meanwhile (back-pressure), it never drops
 */
public record InfluxConfig(
    String url,
    String username,
    String password,
    String database,
    String retentionPolicy,
    int batchSize,
    Duration maxBackoff)
    implements Serializable {

  public InfluxConfig {
    Objects.requireNonNull(url, "url");
    if (!url.matches("^https?://.+")) {
      throw new IllegalArgumentException("url: expected http://host:port, got " + url);
    }
    if (database == null || database.isBlank()) {
      throw new IllegalArgumentException("database: must not be blank");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize: must be >= 1, got " + batchSize);
    }
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    // Zero would retry in a busy loop against a server that is down.
    if (maxBackoff.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("maxBackoff: must be at least 100 ms, got " + maxBackoff);
    }
  }

  public static InfluxConfig of(String url, String database) {
    return new InfluxConfig(url, null, null, database, null, 5_000, Duration.ofSeconds(5));
  }
}
