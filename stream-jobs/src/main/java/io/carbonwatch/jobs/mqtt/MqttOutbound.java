package io.carbonwatch.jobs.mqtt;

import java.util.Objects;

/** A message the job publishes: alerts (QoS 1), live samples (QoS 0), dead letters (QoS 1). */
public record MqttOutbound(String topic, byte[] payload, int qos, boolean retained) {
  public MqttOutbound {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("qos: expected 0, 1 or 2, got " + qos);
    }
  }
}
