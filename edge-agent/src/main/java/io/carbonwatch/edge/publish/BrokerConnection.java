package io.carbonwatch.edge.publish;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's single MQTT connection (Paho v5). Reconnects by itself; on every connect it publishes
 * the retained {@code online} status and re-subscribes the MQTT-native meters' topics. The broker
 * publishes the retained {@code offline} status as last-will when the agent vanishes.
 *
 * <p>Paho keeps no state between connections here (clean start, memory persistence): the disk queue
 * is the only store, and every connection starts a new {@link #generation()} so the publisher
 * re-sends whatever was not acknowledged.
 *
 * <p>Control topics ({@code cw/v1/{site}/control/…}) are subscribed after the connection is up,
 * without waiting and without failing the connection when the broker refuses them: they must never
 * hold up or break the publish path.
 */
public final class BrokerConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);

  /** Connection events; message() is called on Paho's thread and must not block. */
  public interface Listener {
    void connected(long generation);

    void disconnected(String reason);

    void message(String topic, byte[] payload);
  }

  private final BrokerOptions options;
  private final String statusTopic;
  private final Supplier<byte[]> online;
  private final byte[] offline;
  private volatile List<String> subscriptions;
  private final List<String> controlSubscriptions;
  private final Listener listener;
  private final AtomicLong generation = new AtomicLong();
  private final MqttAsyncClient client;
  private volatile boolean running;
  private volatile boolean connected;
  private Thread connector;

  /**
   * @param subscriptions topics of MQTT-native meters, subscribed before the connection counts as
   *     up
   * @param controlSubscriptions control topics, subscribed (QoS 1) once the connection is up; a
   *     refusal is logged and the connection stays
   */
  public BrokerConnection(
      BrokerOptions options,
      String statusTopic,
      Supplier<byte[]> online,
      byte[] offline,
      List<String> subscriptions,
      List<String> controlSubscriptions,
      Listener listener) {
    this.options = options;
    this.statusTopic = statusTopic;
    this.online = online;
    this.offline = offline;
    this.subscriptions = List.copyOf(subscriptions);
    this.controlSubscriptions = List.copyOf(controlSubscriptions);
    this.listener = listener;
    try {
      this.client = new MqttAsyncClient(options.uri(), options.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("broker " + options.uri() + ": " + e.getMessage(), e);
    }
    client.setCallback(
        new MqttCallback() {
          @Override
          public void disconnected(MqttDisconnectResponse r) {
            lost(String.valueOf(r));
          }

          @Override
          public void mqttErrorOccurred(MqttException e) {
            LOG.warn("MQTT error: {}", e.toString());
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            listener.message(topic, message.getPayload());
          }

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverURI) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
  }

  private void lost(String reason) {
    if (connected) {
      connected = false;
      LOG.warn("broker connection lost: {}", reason);
      listener.disconnected(reason);
    }
  }

  public synchronized void start() {
    running = true;
    connector = new Thread(this::connectLoop, "cw-edge-mqtt-connector");
    connector.setDaemon(true);
    connector.start();
  }

  private MqttConnectionOptions connectOptions() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setSessionExpiryInterval(0L);
    o.setAutomaticReconnect(false);
    o.setKeepAliveInterval((int) options.keepAlive().toSeconds());
    o.setConnectionTimeout(5);
    MqttMessage will = new MqttMessage(offline);
    will.setQos(1);
    will.setRetained(true);
    o.setWill(statusTopic, will);
    if (options.username() != null) {
      o.setUserName(options.username());
    }
    if (options.password() != null) {
      o.setPassword(options.password().getBytes(StandardCharsets.UTF_8));
    }
    if (options.caCertificate() != null) {
      o.setSocketFactory(Tls.trusting(options.caCertificate()));
    }
    return o;
  }

  private void connectLoop() {
    long backoffMs = 200;
    while (running) {
      if (!connected || !client.isConnected()) {
        if (connected) {
          lost("client reports not connected");
        }
        try {
          client.connect(connectOptions()).waitForCompletion(10_000);
          client.publish(statusTopic, online.get(), 1, true).waitForCompletion(10_000);
          for (String t : subscriptions) {
            client.subscribe(t, 1).waitForCompletion(10_000);
          }
          connected = true;
          backoffMs = 200;
          long g = generation.incrementAndGet();
          LOG.info("connected to {} (generation {})", options.uri(), g);
          listener.connected(g);
          subscribeControl();
        } catch (MqttException | RuntimeException e) {
          LOG.debug("connect to {} failed: {}", options.uri(), e.toString());
          try {
            if (client.isConnected()) {
              client.disconnectForcibly(0, 1000, false);
            }
          } catch (MqttException ignored) {
            // nothing more to do: the next attempt starts over
          }
          sleep(backoffMs);
          backoffMs = Math.min(backoffMs * 2, 5_000);
          continue;
        }
      }
      sleep(100);
    }
  }

  /** Asynchronous: the retained control messages arrive through {@link Listener#message}. */
  private void subscribeControl() {
    for (String t : controlSubscriptions) {
      try {
        client.subscribe(
            t,
            1,
            null,
            new MqttActionListener() {
              @Override
              public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                  LOG.warn("broker refused the subscription to {} (reason code {})", t, codes[0]);
                }
              }

              @Override
              public void onFailure(IMqttToken token, Throwable e) {
                LOG.warn("subscription to {} failed: {}", t, String.valueOf(e));
              }
            });
      } catch (MqttException | RuntimeException e) {
        // the connection is broken: the connect loop notices and subscribes again next time
        LOG.debug("subscription to {} not sent: {}", t, e.toString());
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean connected() {
    return connected;
  }

  /** Increases with every successful connect. */
  public long generation() {
    return generation.get();
  }

  public void publish(String topic, byte[] payload, boolean retained, MqttActionListener callback)
      throws MqttException {
    client.publish(topic, payload, 1, retained, null, callback);
  }

  /** Replaces the subscribed topics (after a site model reload). */
  public synchronized void subscriptions(List<String> topics) {
    List<String> old = subscriptions;
    subscriptions = List.copyOf(topics);
    if (!connected) {
      return;
    }
    try {
      for (String t : old) {
        if (!topics.contains(t)) {
          client.unsubscribe(t);
        }
      }
      for (String t : topics) {
        if (!old.contains(t)) {
          client.subscribe(t, 1);
        }
      }
    } catch (MqttException e) {
      LOG.warn("resubscribe failed, reconnecting: {}", e.toString());
      lost("resubscribe failed");
    }
  }

  /** Publishes the retained status again (alarms changed). */
  public void republishStatus() {
    if (connected) {
      try {
        client.publish(statusTopic, online.get(), 1, true);
      } catch (MqttException e) {
        LOG.debug("status publish failed: {}", e.toString());
      }
    }
  }

  /** Clean shutdown: retained offline status, then disconnect. */
  @Override
  public void close() {
    running = false;
    if (connector != null) {
      connector.interrupt();
    }
    try {
      if (client.isConnected()) {
        client.publish(statusTopic, offline, 1, true).waitForCompletion(2_000);
        client.disconnect(2_000).waitForCompletion(3_000);
      }
    } catch (MqttException e) {
      LOG.debug("disconnect: {}", e.toString());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("close: {}", e.toString());
    }
    connected = false;
  }
}
