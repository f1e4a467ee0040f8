package io.carbonwatch.jobs.mqtt;

import java.util.Objects;

/**
 * One reading message as it came off the broker, before parsing: either a whole MQTT message or one
 * element of a gateway batch ({@link ReadingBatches}).
 *
 * @param topic the readings topic the payload is checked against: the MQTT topic of a single
 *     reading; for a batch element, {@code cw/v1/{site}/readings/{agent}/{meter}} built from the
 *     batch topic and the element's {@code meter} (the batch topic itself when the element has no
 *     usable meter)
 * @param payload the raw payload bytes (a batch element's own bytes)
 * @param receivedAtMs wall-clock milliseconds since the epoch when the reader got it (used for
 *     latency measurement only, never as event time)
 * @param origin {@code null} for a single message; for a batch element where it came from, e.g.
 *     {@code batch cw/v1/sh-plant/readings/edge-1 element 3} (elements count from 0)
 * @param problem {@code null}, or why the source already knows the payload is not a reading (a
 *     malformed batch): the record must then go to the dead letters with this reason
 */
public record MqttMessageRecord(
    String topic, byte[] payload, long receivedAtMs, String origin, String problem) {
  public MqttMessageRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
  }

  /** A single MQTT message. */
  public MqttMessageRecord(String topic, byte[] payload, long receivedAtMs) {
    this(topic, payload, receivedAtMs, null, null);
  }

  /**
   * The dead-letter reason for {@code reason}, prefixed with where a batch element came from:
   * {@code batch cw/v1/sh-plant/readings/edge-1 element 3: values[0].unit: expected kWh …}.
   */
  public String deadLetterReason(String reason) {
    return origin == null ? reason : origin + ": " + reason;
  }
}
