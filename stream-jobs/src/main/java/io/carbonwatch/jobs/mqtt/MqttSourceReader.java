package io.carbonwatch.jobs.mqtt;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
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
 * Reads from one Paho client per owned split. Paho's callback thread puts messages in a bounded
 * queue sized to the broker's receive maximum, so it never blocks for long: the broker itself stops
 * sending once that many messages are unacknowledged.
 */
final class MqttSourceReader implements SourceReader<MqttMessageRecord, MqttSplit> {
  private static final Logger LOG = LoggerFactory.getLogger(MqttSourceReader.class);
  private static final int MAX_RECORDS_PER_POLL = 512;

  private record Inbound(
      MqttMessageRecord record, Subscriber subscriber, int generation, int messageId, int qos) {}

  private record Ack(Subscriber subscriber, int generation, int messageId, int qos) {}

  private final MqttSourceConfig config;
  private final SourceReaderContext context;
  private final BlockingQueue<Inbound> queue;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final Object availabilityLock = new Object();
  private CompletableFuture<Void> available = new CompletableFuture<>();
  private List<Ack> unsnapshotted = new ArrayList<>();
  private final TreeMap<Long, List<Ack>> awaitingCheckpoint = new TreeMap<>();
  private final Counter received;

  MqttSourceReader(MqttSourceConfig config, SourceReaderContext context) {
    this.config = config;
    this.context = context;
    // Room for every unacknowledged message of two sessions (a rescaled reader may own two).
    this.queue = new ArrayBlockingQueue<>(config.receiveMaximum() * 2 + 16);
    this.received = context.metricGroup().counter("cwMqttMessagesReceived");
  }

  @Override
  public void start() {}

  @Override
  public InputStatus pollNext(ReaderOutput<MqttMessageRecord> output) {
    for (int i = 0; i < MAX_RECORDS_PER_POLL; i++) {
      Inbound in = queue.poll();
      if (in == null) {
        break;
      }
      output.collect(in.record());
      if (in.qos() > 0) {
        Ack ack = new Ack(in.subscriber(), in.generation(), in.messageId(), in.qos());
        if (config.ackOnCheckpoint()) {
          unsnapshotted.add(ack);
        } else {
          acknowledge(ack);
        }
      }
    }
    synchronized (availabilityLock) {
      if (!queue.isEmpty()) {
        return InputStatus.MORE_AVAILABLE;
      }
      if (available.isDone()) {
        available = new CompletableFuture<>();
      }
      return InputStatus.NOTHING_AVAILABLE;
    }
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    synchronized (availabilityLock) {
      return queue.isEmpty() ? available : CompletableFuture.completedFuture(null);
    }
  }

  @Override
  public List<MqttSplit> snapshotState(long checkpointId) {
    if (!unsnapshotted.isEmpty()) {
      awaitingCheckpoint.put(checkpointId, unsnapshotted);
      unsnapshotted = new ArrayList<>();
    }
    return subscribers.stream().map(s -> s.split).toList();
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    Map<Long, List<Ack>> done = awaitingCheckpoint.headMap(checkpointId, true);
    for (List<Ack> acks : done.values()) {
      acks.forEach(this::acknowledge);
    }
    done.clear();
  }

  private void acknowledge(Ack ack) {
    // Message ids are only meaningful on the connection that delivered them; after a reconnect
    // the broker redelivers anything we did not acknowledge, and dedupe drops the repeat.
    if (ack.generation() != ack.subscriber().generation.get()) {
      return;
    }
    try {
      ack.subscriber().client.messageArrivedComplete(ack.messageId(), ack.qos());
    } catch (MqttException e) {
      LOG.warn("could not acknowledge message {}: {}", ack.messageId(), e.toString());
    }
  }

  @Override
  public void addSplits(List<MqttSplit> splits) {
    for (MqttSplit split : splits) {
      Subscriber s = new Subscriber(split);
      subscribers.add(s);
      s.connect();
    }
  }

  @Override
  public void notifyNoMoreSplits() {}

  @Override
  public void close() throws Exception {
    for (Iterator<Subscriber> it = subscribers.iterator(); it.hasNext(); ) {
      it.next().close();
      it.remove();
    }
  }

  private void enqueue(Inbound inbound) throws InterruptedException {
    queue.put(inbound);
    received.inc();
    synchronized (availabilityLock) {
      available.complete(null);
    }
  }

  private final class Subscriber implements MqttCallback {
    final MqttSplit split;
    final AtomicInteger generation = new AtomicInteger();
    MqttAsyncClient client;

    Subscriber(MqttSplit split) {
      this.split = split;
    }

    void connect() {
      String clientId = config.connection().clientIdPrefix() + "-" + split.index();
      try {
        client =
            new MqttAsyncClient(config.connection().serverUri(), clientId, new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(this);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.connection().sessionExpiry().toSeconds());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 10);
        options.setReceiveMaximum(config.receiveMaximum());
        options.setKeepAliveInterval(30);
        if (config.connection().username() != null) {
          options.setUserName(config.connection().username());
          options.setPassword(
              config.connection().password() == null
                  ? new byte[0]
                  : config
                      .connection()
                      .password()
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        IMqttToken token = client.connect(options);
        token.waitForCompletion(30_000);
      } catch (MqttException e) {
        throw new IllegalStateException(
            "MQTT source cannot connect to " + config.connection().serverUri() + " as " + clientId,
            e);
      }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      generation.incrementAndGet();
      String[] filters = config.subscriptionFilters();
      int[] qos = new int[filters.length];
      java.util.Arrays.fill(qos, 1);
      try {
        client.subscribe(filters, qos);
      } catch (MqttException e) {
        LOG.error("MQTT source cannot subscribe to {}", String.join(", ", filters), e);
      }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
      enqueue(
          new Inbound(
              new MqttMessageRecord(topic, message.getPayload(), System.currentTimeMillis()),
              this,
              generation.get(),
              message.getId(),
              message.getQos()));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      LOG.warn("MQTT source {} disconnected: {}", split.splitId(), response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("MQTT source {} error", split.splitId(), exception);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}

    void close() {
      try {
        if (client.isConnected()) {
          client.disconnect(2_000).waitForCompletion(3_000);
        }
      } catch (MqttException e) {
        LOG.debug("MQTT source disconnect", e);
      } finally {
        try {
          client.close(true);
        } catch (MqttException e) {
          LOG.debug("MQTT source close", e);
        }
      }
    }
  }
}
