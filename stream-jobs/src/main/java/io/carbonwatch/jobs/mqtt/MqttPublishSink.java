package io.carbonwatch.jobs.mqtt;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link MqttOutbound} messages with Paho v5 (Sink V2). QoS 1 messages are waited for on
 * {@code flush}, which Flink calls before every checkpoint barrier: a checkpoint completes only
 * once the broker has acknowledged every alert before it (at-least-once; consumers store alert
 * events idempotently by alert id and event sequence).
 */
public final class MqttPublishSink implements Sink<MqttOutbound> {
  private static final long serialVersionUID = 1L;
  private final MqttConnection connection;
  private final String name;

  /**
   * @param name distinguishes this sink's client ids from the job's other MQTT clients
   */
  public MqttPublishSink(MqttConnection connection, String name) {
    this.connection = connection;
    this.name = name;
  }

  @Override
  public SinkWriter<MqttOutbound> createWriter(WriterInitContext context) throws IOException {
    return new Writer(context);
  }

  private final class Writer implements SinkWriter<MqttOutbound> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttPublishSink.class);
    private final MqttAsyncClient client;
    private final Deque<IMqttToken> outstanding = new ArrayDeque<>();
    private final Counter published;

    Writer(WriterInitContext context) throws IOException {
      String clientId =
          connection.clientIdPrefix()
              + "-"
              + name
              + "-"
              + context.getTaskInfo().getIndexOfThisSubtask();
      published = context.metricGroup().counter("cwMqttPublished");
      try {
        client = new MqttAsyncClient(connection.serverUri(), clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 10);
        if (connection.username() != null) {
          options.setUserName(connection.username());
          options.setPassword(
              connection.password() == null
                  ? new byte[0]
                  : connection.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        client.connect(options).waitForCompletion(30_000);
      } catch (MqttException e) {
        throw new IOException("MQTT sink cannot connect to " + connection.serverUri(), e);
      }
    }

    @Override
    public void write(MqttOutbound msg, Context context) throws IOException, InterruptedException {
      MqttMessage m = new MqttMessage(msg.payload());
      m.setQos(msg.qos());
      m.setRetained(msg.retained());
      long backoffMs = 50;
      while (true) {
        try {
          IMqttToken token = client.publish(msg.topic(), m);
          if (msg.qos() > 0) {
            outstanding.add(token);
          }
          published.inc();
          break;
        } catch (MqttException e) {
          // Too many in flight or disconnected: wait (back-pressure), never drop.
          if (!outstanding.isEmpty()) {
            waitFor(outstanding.poll());
          } else {
            LOG.warn("MQTT publish to {} failed, retrying: {}", msg.topic(), e.toString());
            Thread.sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 5_000);
          }
        }
      }
      while (outstanding.size() > 10_000) {
        waitFor(outstanding.poll());
      }
    }

    private void waitFor(IMqttToken token) throws IOException {
      try {
        token.waitForCompletion(60_000);
      } catch (MqttException e) {
        throw new IOException("MQTT publish not acknowledged", e);
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      while (!outstanding.isEmpty()) {
        waitFor(outstanding.poll());
      }
    }

    @Override
    public void close() throws Exception {
      // The client must be closed even when the final flush fails: a leftover client with
      // automatic reconnect and the same client id would keep kicking the restarted writer off.
      try {
        flush(true);
      } finally {
        try {
          if (client.isConnected()) {
            client.disconnect(2_000).waitForCompletion(3_000);
          }
        } finally {
          client.close(true);
        }
      }
    }
  }
}
