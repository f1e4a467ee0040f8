package io.carbonwatch.jobs.metrics;

import java.util.Map;

/**
 * The job's own counters as Micrometer meters: the Flink name each operator registers (see {@code
 * docs/metrics.md}), and the lowercase dotted name, base unit and description it is exported under.
 * Flink's built-in metrics are not mapped: Flink's own reporters export those.
 */
public final class JobMeters {
  /** How one Flink counter is exported. */
  public record Spec(String name, String baseUnit, String description) {}

  private static final Map<String, Spec> BY_FLINK_NAME =
      Map.ofEntries(
          Map.entry(
              "cwMqttMessagesReceived",
              new Spec("job.mqtt.received", "messages", "messages received from the broker")),
          Map.entry(
              "cwReadingsParsed",
              new Spec("job.readings.parsed", "readings", "readings accepted by the wire codec")),
          Map.entry(
              "cwDeadLetters",
              new Spec("job.dead.letters", "messages", "messages sent to the dead letters")),
          Map.entry(
              "cwDuplicateReadings",
              new Spec(
                  "job.readings.duplicates",
                  "readings",
                  "readings dropped as a seen (meter, seq)")),
          Map.entry(
              "cwDedupeBeyondWindow",
              new Spec(
                  "job.readings.beyond.dedupe",
                  "readings",
                  "readings older than the remembered sequence numbers (accepted)")),
          Map.entry(
              "cwLateSamples",
              new Spec("job.samples.late", "samples", "samples behind the watermark, applied")),
          Map.entry(
              "cwRejectedSamples",
              new Spec("job.samples.rejected", "samples", "samples the counter logic rejected")),
          Map.entry(
              "cwCounterCorrections",
              new Spec(
                  "job.counter.corrections",
                  "events",
                  "counter rollovers, resets and meter replacements")),
          Map.entry(
              "cwWindowsEmitted",
              new Spec("job.windows.emitted", "windows", "window totals emitted")),
          Map.entry(
              "cwWindowCorrections",
              new Spec(
                  "job.windows.corrections", "windows", "windows emitted again after late data")),
          Map.entry(
              "cwWindowLateDropped",
              new Spec(
                  "job.windows.late.dropped",
                  "pieces",
                  "pieces beyond the allowed lateness, not applied")),
          Map.entry(
              "cwPerformanceCorrections",
              new Spec(
                  "job.performance.corrections",
                  "windows",
                  "evaluated windows rewritten after late data")),
          Map.entry(
              "cwParameterCorrections",
              new Spec(
                  "job.parameters.corrections",
                  "windows",
                  "performance parameters emitted again after late data")),
          Map.entry(
              "cwAlertEvents",
              new Spec("job.alerts.events", "events", "alert events raised, updated, cleared")),
          Map.entry(
              "cwInfluxPointsWritten",
              new Spec("job.influx.points", "points", "lines acknowledged by InfluxDB")),
          Map.entry(
              "cwInfluxWriteRetries",
              new Spec("job.influx.retries", "attempts", "failed InfluxDB batch writes retried")),
          Map.entry(
              "cwMqttPublished",
              new Spec(
                  "job.mqtt.published",
                  "messages",
                  "alerts, live samples and dead letters handed to the broker")));

  private JobMeters() {}

  /**
   * The export of Flink metric {@code flinkName}, or {@code null} if it is not one of the job's.
   */
  public static Spec of(String flinkName) {
    return BY_FLINK_NAME.get(flinkName);
  }

  public static Map<String, Spec> all() {
    return BY_FLINK_NAME;
  }
}
