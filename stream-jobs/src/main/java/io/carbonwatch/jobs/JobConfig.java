package io.carbonwatch.jobs;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the job's logic is configured with, validated once at start-up. Connections to the
 * broker and InfluxDB live with the sources and sinks handed to {@link CarbonJob}.
 *
 * @param siteModelName file name of the site model (for error messages)
 * @param siteModelYaml the site model text; control-topic updates replace it at run time
 * @param outOfOrderness bounded out-of-orderness of the reading watermark
 * @param idleness a reader with no readings for this long stops holding the watermark back
 * @param windowGrace a window fires this long after its end, so the counter reading that closes its
 *     last interval (at or after the end) is in; at least {@link #INTERVAL}, because a reading
 *     waits up to one interval for its meter's timer before its pieces reach the windows
 * @param allowedLateness late data corrects windows until this long after their end
 * @param dedupeTtl how long (processing time) seen (meter, seq) pairs are remembered
 * @param liveInterval at most one live sample per SEU per interval
 * @param liveStaleAfter a meter's rate older than this (relative to the SEU's newest) is left out
 * @param checkpointInterval time between checkpoints
 * @param minCoverage share of a window's minutes with data needed to judge it against a baseline
 */
public record JobConfig(
    String siteModelName,
    String siteModelYaml,
    Duration outOfOrderness,
    Duration idleness,
    Duration windowGrace,
    Duration allowedLateness,
    Duration dedupeTtl,
    Duration liveInterval,
    Duration liveStaleAfter,
    Duration checkpointInterval,
    double minCoverage)
    implements Serializable {

  public static final Duration INTERVAL = Duration.ofMinutes(1);

  public JobConfig {
    Objects.requireNonNull(siteModelName, "siteModelName");
    Objects.requireNonNull(siteModelYaml, "siteModelYaml");
    positive(outOfOrderness, "outOfOrderness", true);
    positive(idleness, "idleness", false);
    positive(windowGrace, "windowGrace", true);
    if (windowGrace.compareTo(INTERVAL) < 0) {
      throw new IllegalArgumentException(
          "windowGrace: must be at least "
              + INTERVAL
              + " (a reading waits up to one interval for its meter's timer before its pieces reach"
              + " the windows; a shorter grace fires windows without their last minute), got "
              + windowGrace);
    }
    positive(allowedLateness, "allowedLateness", true);
    positive(dedupeTtl, "dedupeTtl", false);
    positive(liveInterval, "liveInterval", false);
    positive(liveStaleAfter, "liveStaleAfter", false);
    positive(checkpointInterval, "checkpointInterval", false);
    if (!(minCoverage > 0 && minCoverage <= 1)) {
      throw new IllegalArgumentException(
          "minCoverage: expected 0 < minCoverage <= 1, got " + minCoverage);
    }
    if (allowedLateness.compareTo(windowGrace) < 0) {
      throw new IllegalArgumentException(
          "allowedLateness: must be at least windowGrace ("
              + windowGrace
              + "), got "
              + allowedLateness);
    }
  }

  private static void positive(Duration d, String field, boolean zeroOk) {
    if (d == null) {
      throw new IllegalArgumentException(field + ": required");
    }
    if (d.isNegative() || (!zeroOk && d.isZero())) {
      throw new IllegalArgumentException(
          field + ": must be " + (zeroOk ? ">= 0" : "> 0") + ", got " + d);
    }
  }

  /** Production defaults: see docs/stream-jobs.md for the reasoning behind each. */
  public static JobConfig defaults(String siteModelName, String siteModelYaml) {
    return new JobConfig(
        siteModelName,
        siteModelYaml,
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        Duration.ofHours(6),
        Duration.ofDays(7),
        Duration.ofSeconds(2),
        Duration.ofMinutes(1),
        // Messages are acknowledged to the broker only after a checkpoint, and one MQTT session
        // holds at most 65 535 unacknowledged: 10 s keeps one session good for ~6 500 msg/s.
        Duration.ofSeconds(10),
        0.9);
  }

  public JobConfig withTiming(
      Duration outOfOrderness, Duration idleness, Duration checkpointInterval) {
    return new JobConfig(
        siteModelName,
        siteModelYaml,
        outOfOrderness,
        idleness,
        windowGrace,
        allowedLateness,
        dedupeTtl,
        liveInterval,
        liveStaleAfter,
        checkpointInterval,
        minCoverage);
  }
}
