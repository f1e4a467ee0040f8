package io.carbonwatch.jobs.mqtt;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach the MQTT broker. One immutable record shared by the source and the sinks.
 *
 * @param serverUri for example {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}
 * @param username optional, {@code null} for anonymous
 * @param password optional, {@code null} for anonymous
 * @param clientIdPrefix prefix of every client id the job opens; readers append their split index
 *     so a restarted reader resumes its own persistent session
 * @param sessionExpiry how long the broker keeps a disconnected reader's session and its unacked
 *     messages
 */
public record MqttConnection(
    String serverUri,
    String username,
    String password,
    String clientIdPrefix,
    Duration sessionExpiry)
    implements Serializable {

  public MqttConnection {
    Objects.requireNonNull(serverUri, "serverUri");
    if (!serverUri.matches("^(tcp|ssl|ws|wss)://.+")) {
      throw new IllegalArgumentException(
          "serverUri: expected tcp://host:port or ssl://host:port, got " + serverUri);
    }
    if (clientIdPrefix == null || clientIdPrefix.isBlank()) {
      throw new IllegalArgumentException("clientIdPrefix: must not be blank");
    }
    Objects.requireNonNull(sessionExpiry, "sessionExpiry");
    if (sessionExpiry.isNegative()) {
      throw new IllegalArgumentException("sessionExpiry: must not be negative");
    }
  }

  public static MqttConnection anonymous(String serverUri, String clientIdPrefix) {
    return new MqttConnection(serverUri, null, null, clientIdPrefix, Duration.ofHours(24));
  }
}
