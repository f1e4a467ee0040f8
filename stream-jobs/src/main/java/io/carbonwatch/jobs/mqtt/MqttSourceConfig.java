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
 * @param sessionsPerReader MQTT sessions (client connections, each a split) per parallel reader.
 *     With acks on checkpoint a session holds at most {@code receiveMaximum} unacknowledged
 *     messages, so one session carries at most about {@code receiveMaximum / checkpoint interval}
 *     messages per second (65 535 / 10 s ≈ 6 500/s at the job's default 10 s interval); more
 *     sessions, shorter checkpoints or gateway batches ({@link ReadingBatches}) raise that bound.
 */
public record MqttSourceConfig(
    MqttConnection connection,
    List<String> topicFilters,
    String sharedGroup,
    int receiveMaximum,
    boolean ackOnCheckpoint,
    int sessionsPerReader)
    implements Serializable {

  /** One session per reader. */
  public MqttSourceConfig(
      MqttConnection connection,
      List<String> topicFilters,
      String sharedGroup,
      int receiveMaximum,
      boolean ackOnCheckpoint) {
    this(connection, topicFilters, sharedGroup, receiveMaximum, ackOnCheckpoint, 1);
  }

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
    if (sessionsPerReader < 1 || sessionsPerReader > 64) {
      throw new IllegalArgumentException(
          "sessionsPerReader: expected 1..64, got " + sessionsPerReader);
    }
    if (sessionsPerReader > 1 && sharedGroup == null) {
      throw new IllegalArgumentException(
          "sessionsPerReader: more than one session per reader needs a sharedGroup, otherwise"
              + " every session receives every message");
    }
  }

  /** The same subscription with {@code n} MQTT sessions per reader. */
  public MqttSourceConfig withSessionsPerReader(int n) {
    return new MqttSourceConfig(
        connection, topicFilters, sharedGroup, receiveMaximum, ackOnCheckpoint, n);
  }

  /**
   * The readings of every site (single readings on {@code cw/v1/{site}/readings/{agent}/{meter}}
   * and gateway batches on {@code cw/v1/{site}/readings/{agent}}), balanced over the readers of one
   * consumer group.
   */
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
