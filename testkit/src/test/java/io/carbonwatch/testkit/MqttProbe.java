package io.carbonwatch.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho v5 client that records what it receives and re-subscribes after reconnecting. */
final class MqttProbe implements MqttCallback, AutoCloseable {

  record Received(String topic, String payload, int qos) {}

  final MqttClient client;
  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final BlockingQueue<Boolean> connects = new LinkedBlockingQueue<>();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final List<String> subscriptions = new CopyOnWriteArrayList<>();

  MqttProbe(String uri, String clientId) throws MqttException {
    client = new MqttClient(uri, clientId, new MemoryPersistence());
    client.setCallback(this);
  }

  static MqttConnectionOptions options() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setConnectionTimeout(10);
    o.setAutomaticReconnect(true);
    o.setAutomaticReconnectDelay(1, 2);
    return o;
  }

  MqttProbe connect(MqttConnectionOptions options) throws MqttException {
    client.connect(options);
    return this;
  }

  MqttProbe subscribe(String filter, int qos) throws MqttException {
    client.subscribe(filter, qos);
    subscriptions.add(filter);
    return this;
  }

  void publish(String topic, String payload, int qos) throws MqttException {
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(qos);
    client.publish(topic, m);
  }

  Received next() throws InterruptedException {
    return received.poll(15, TimeUnit.SECONDS);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    received.add(
        new Received(
            topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.getQos()));
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    if (!reconnect) {
      connects.add(false);
      return;
    }
    // A broker without persistence forgets subscriptions when it restarts. Blocking calls must
    // not run on Paho's callback thread, so re-subscribe from another one.
    Thread resubscribe =
        new Thread(
            () -> {
              try {
                for (String filter : subscriptions) {
                  client.subscribe(filter, 1);
                }
                connects.add(true);
              } catch (MqttException e) {
                errors.add(e);
              }
            },
            "probe-resubscribe");
    resubscribe.setDaemon(true);
    resubscribe.start();
  }

  @Override
  public void disconnected(MqttDisconnectResponse disconnectResponse) {}

  @Override
  public void mqttErrorOccurred(MqttException exception) {}

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close(true);
  }
}
