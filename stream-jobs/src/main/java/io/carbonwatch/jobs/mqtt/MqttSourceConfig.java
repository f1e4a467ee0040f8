package io.carbonwatch.jobs.mqtt;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What the MQTT source subscribes to.
 *
 * @param connection broker and client ids
 * @param topicFilters plain filters such as {@code cw/v1/+/readings/#}
 * @param sharedGroup when not {@code null}, every filter is subscribed as {@code
 *     $share/<group>/<filter>} so the broker balances messages over the parallel readers; {@code
 *     null} gives every reader every message (used for the retained control topics)
 * @param receiveMaximum how many unacknowledged QoS 1 messages the broker may send each reader
 *     (1..65535). With acks on checkpoint this bounds the in-flight data per reader and is what
 *     stops the broker when the job is back-pressured.
 * @param ackOnCheckpoint acknowledge a message only once a checkpoint containing its effects has
 *     completed (at-least-once across failures); {@code false} acknowledges on emit
 */
public record MqttSourceConfig(
    MqttConnection connection,
    List<String> topicFilters,
    String sharedGroup,
    int receiveMaximum,
    boolean ackOnCheckpoint)
    implements Serializable {

  public MqttSourceConfig {
    Objects.requireNonNull(connection, "connection");
    if (topicFilters == null || topicFilters.isEmpty()) {
      throw new IllegalArgumentException("topicFilters: at least one filter is required");
    }
    topicFilters = List.copyOf(topicFilters);
    if (sharedGroup != null && !sharedGroup.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "sharedGroup: expected letters, digits, '_', '.', '-', got " + sharedGroup);
    }
    if (receiveMaximum < 1 || receiveMaximum > 65535) {
      throw new IllegalArgumentException(
          "receiveMaximum: expected 1..65535, got " + receiveMaximum);
    }
  }

  /** The readings of every site, balanced over the readers of one consumer group. */
  public static MqttSourceConfig readings(MqttConnection connection, String group) {
    return new MqttSourceConfig(connection, List.of("cw/v1/+/readings/#"), group, 65535, true);
  }

  /** The retained control topics of every site, delivered to every reader. */
  public static MqttSourceConfig control(MqttConnection connection) {
    return new MqttSourceConfig(connection, List.of("cw/v1/+/control/#"), null, 1000, false);
  }

  String[] subscriptionFilters() {
    return topicFilters.stream()
        .map(f -> sharedGroup == null ? f : "$share/" + sharedGroup + "/" + f)
        .toArray(String[]::new);
  }
}
