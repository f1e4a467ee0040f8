package io.carbonwatch.jobs.mqtt;

import java.util.Objects;

/**
 * One message as it came off the broker, before parsing.
 *
 * @param topic the topic it was published on
 * @param payload the raw payload bytes
 * @param receivedAtMs wall-clock milliseconds since the epoch when the reader got it (used for
 *     latency measurement only, never as event time)
 */
public record MqttMessageRecord(String topic, byte[] payload, long receivedAtMs) {
  public MqttMessageRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
  }
}
