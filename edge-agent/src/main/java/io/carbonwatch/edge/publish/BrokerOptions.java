package io.carbonwatch.edge.publish;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the agent reaches the MQTT broker.
 *
 * @param uri {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param caCertificate PEM file of the CA that signed the broker's certificate (TLS); null: the
 *     JVM's default trust store
 * @param maxInflight unacknowledged QoS 1 messages at a time
 * @param replayRatePerSecond how fast a backlog is re-sent while live readings keep flowing
 */
public record BrokerOptions(
    String uri,
    String clientId,
    String username,
    String password,
    Path caCertificate,
    Duration keepAlive,
    int maxInflight,
    double replayRatePerSecond) {
  public BrokerOptions {
    if (uri == null || !(uri.startsWith("tcp://") || uri.startsWith("ssl://"))) {
      throw new IllegalArgumentException(
          "broker: expected tcp://host:port or ssl://host:port, got " + uri);
    }
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("broker clientId: required");
    }
    if (maxInflight < 1 || maxInflight > 1000) {
      throw new IllegalArgumentException(
          "broker maxInflight: expected 1..1000, got " + maxInflight);
    }
    if (!(replayRatePerSecond > 0)) {
      throw new IllegalArgumentException("replay rate: expected > 0 messages/s");
    }
    keepAlive = keepAlive == null ? Duration.ofSeconds(10) : keepAlive;
  }

  /**
   * Options with the defaults: 20 in flight (Mosquitto's default receive maximum, so Paho never
   * refuses a publish), replay at 500 messages/s.
   */
  public static BrokerOptions of(String uri, String clientId) {
    return new BrokerOptions(uri, clientId, null, null, null, null, 20, 500);
  }

  public BrokerOptions withCredentials(String user, String pass) {
    return new BrokerOptions(
        uri, clientId, user, pass, caCertificate, keepAlive, maxInflight, replayRatePerSecond);
  }

  public BrokerOptions withCa(Path ca) {
    return new BrokerOptions(
        uri, clientId, username, password, ca, keepAlive, maxInflight, replayRatePerSecond);
  }

  public BrokerOptions withReplayRate(double r) {
    return new BrokerOptions(
        uri, clientId, username, password, caCertificate, keepAlive, maxInflight, r);
  }
}
