package io.carbonwatch.jobs.mqtt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * Reads from one Paho client per owned split (MQTT session).
 *
 * <p>Hand-over: Paho's callback thread appends each message (a batch already split into its
 * readings) to an inbox under one short lock; the task thread swaps the whole inbox out in one step
 * and emits from it without locking, at most {@value #MAX_RECORDS_PER_POLL} records per {@code
 * pollNext} so checkpoint barriers are never held up for long. Nothing is ever dropped: the broker
 * sends a session at most {@code receiveMaximum} unacknowledged messages, and once the inbox holds
 * {@code maxBufferedRecords} records (gateway batches can make few messages into many records) the
 * callback thread waits, which stops Paho reading its socket and so stops the broker too.
 *
 * <p>Acknowledgement: a message's PUBACK is sent only after the checkpoint taken after its last
 * record was emitted has completed (or right on emit when {@code ackOnCheckpoint} is off). Message
 * ids are kept per session as plain int arrays, and the PUBACKs of a completed checkpoint are sent
 * from a separate thread in the order the messages arrived (MQTT 5 §4.6), so a checkpoint covering
 * hundreds of thousands of messages does not stall the task thread.
 */
final class MqttSourceReader implements SourceReader<MqttMessageRecord, MqttSplit> {
  private static final Logger LOG = LoggerFactory.getLogger(MqttSourceReader.class);
  static final int MAX_RECORDS_PER_POLL = 2_048;
  static final int DEFAULT_MAX_BUFFERED_RECORDS = 262_144;

  /** One MQTT message: one record, or the readings of a batch. */
  private static final class Inbound {
    final Subscriber subscriber;
    final int generation;
    final int messageId;
    final int qos;
    final MqttMessageRecord single;
    final List<MqttMessageRecord> batch;

    Inbound(
        Subscriber subscriber,
        int generation,
        int messageId,
        int qos,
        MqttMessageRecord single,
        List<MqttMessageRecord> batch) {
      this.subscriber = subscriber;
      this.generation = generation;
      this.messageId = messageId;
      this.qos = qos;
      this.single = single;
      this.batch = batch;
    }

    int records() {
      return single != null ? 1 : batch.size();
    }
  }

  /** Message ids of one session and connection generation, in arrival order. */
  private static final class Acks {
    final Subscriber subscriber;
    final int generation;
    int[] ids = new int[256];
    int size;

    Acks(Subscriber subscriber, int generation) {
      this.subscriber = subscriber;
      this.generation = generation;
    }

    void add(int id) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
      }
      ids[size++] = id;
    }
  }

  private final MqttSourceConfig config;
  private final int maxBufferedRecords;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final Counter received;

  // Shared between Paho's callback threads and the task thread, guarded by inboxLock.
  private final Object inboxLock = new Object();
  private ArrayList<Inbound> inbox = new ArrayList<>();
  private int inboxRecords;
  private boolean producerWaiting;
  private boolean closed;
  private CompletableFuture<Void> available = new CompletableFuture<>();

  // Task thread only.
  private ArrayList<Inbound> draining = new ArrayList<>();
  private int drainIndex;
  private int elementIndex;
  private final List<Acks> unsnapshotted = new ArrayList<>();
  private final TreeMap<Long, List<Acks>> awaitingCheckpoint = new TreeMap<>();
  private final ExecutorService acker;

  MqttSourceReader(MqttSourceConfig config, SourceReaderContext context) {
    this(config, context, DEFAULT_MAX_BUFFERED_RECORDS);
  }

  MqttSourceReader(MqttSourceConfig config, SourceReaderContext context, int maxBufferedRecords) {
    this.config = config;
    this.maxBufferedRecords = maxBufferedRecords;
    this.received = context.metricGroup().counter("cwMqttMessagesReceived");
    int subtask = context.getIndexOfSubtask();
    this.acker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mqtt-source-acks-" + subtask);
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void start() {}

  @Override
  public InputStatus pollNext(ReaderOutput<MqttMessageRecord> output) {
    int emitted = 0;
    while (emitted < MAX_RECORDS_PER_POLL) {
      if (drainIndex == draining.size() && !refill()) {
        break;
      }
      Inbound in = draining.get(drainIndex);
      if (in.single != null) {
        output.collect(in.single);
        emitted++;
      } else {
        List<MqttMessageRecord> batch = in.batch;
        int end = Math.min(batch.size(), elementIndex + MAX_RECORDS_PER_POLL - emitted);
        for (int i = elementIndex; i < end; i++) {
          output.collect(batch.get(i));
        }
        emitted += end - elementIndex;
        if (end < batch.size()) {
          elementIndex = end; // the rest of this batch on the next call; no ack yet
          break;
        }
        elementIndex = 0;
      }
      draining.set(drainIndex++, null);
      emitted(in);
    }
    if (drainIndex < draining.size()) {
      return InputStatus.MORE_AVAILABLE;
    }
    synchronized (inboxLock) {
      if (!inbox.isEmpty()) {
        return InputStatus.MORE_AVAILABLE;
      }
      if (available.isDone()) {
        available = new CompletableFuture<>();
      }
      return InputStatus.NOTHING_AVAILABLE;
    }
  }

  /** Swaps the inbox in as the list to drain; false when it is empty. */
  private boolean refill() {
    ArrayList<Inbound> empty = draining;
    empty.clear();
    drainIndex = 0;
    synchronized (inboxLock) {
      if (inbox.isEmpty()) {
        return false;
      }
      draining = inbox;
      inbox = empty;
      inboxRecords = 0;
      if (producerWaiting) {
        inboxLock.notifyAll();
      }
    }
    return true;
  }

  /** All records of {@code in} have been emitted: its ack may go with the next checkpoint. */
  private void emitted(Inbound in) {
    received.inc();
    if (in.qos == 0) {
      return;
    }
    if (!config.ackOnCheckpoint()) {
      acknowledge(in.subscriber, in.generation, in.messageId);
      return;
    }
    Acks open = in.subscriber.open;
    if (open == null || open.generation != in.generation) {
      open = new Acks(in.subscriber, in.generation);
      in.subscriber.open = open;
      unsnapshotted.add(open);
    }
    open.add(in.messageId);
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    synchronized (inboxLock) {
      return drainIndex < draining.size() || !inbox.isEmpty()
          ? CompletableFuture.completedFuture(null)
          : available;
    }
  }

  @Override
  public List<MqttSplit> snapshotState(long checkpointId) {
    if (!unsnapshotted.isEmpty()) {
      awaitingCheckpoint.put(checkpointId, new ArrayList<>(unsnapshotted));
      unsnapshotted.clear();
      subscribers.forEach(s -> s.open = null);
    }
    return subscribers.stream().map(s -> s.split).toList();
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    Map<Long, List<Acks>> done = awaitingCheckpoint.headMap(checkpointId, true);
    if (done.isEmpty()) {
      return;
    }
    List<Acks> toSend = new ArrayList<>();
    done.values().forEach(toSend::addAll);
    done.clear();
    acker.execute(
        () -> {
          for (Acks acks : toSend) {
            for (int i = 0; i < acks.size; i++) {
              if (!acknowledge(acks.subscriber, acks.generation, acks.ids[i])) {
                break;
              }
            }
          }
        });
  }

  /** Sends one PUBACK; false when the connection that delivered the message is gone. */
  private boolean acknowledge(Subscriber subscriber, int generation, int messageId) {
    // Message ids are only meaningful on the connection that delivered them; after a reconnect
    // the broker redelivers anything we did not acknowledge, and dedupe drops the repeat.
    if (generation != subscriber.generation.get()) {
      return false;
    }
    try {
      subscriber.client.messageArrivedComplete(messageId, 1);
      return true;
    } catch (MqttException e) {
      LOG.warn("could not acknowledge message {}: {}", messageId, e.toString());
      return false;
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
    synchronized (inboxLock) {
      closed = true;
      inboxLock.notifyAll();
    }
    acker.shutdown();
    acker.awaitTermination(5, TimeUnit.SECONDS);
    for (Subscriber s : subscribers) {
      s.close();
    }
    subscribers.clear();
  }

  /** Records handed over by Paho and not yet taken by the task thread (tests). */
  int bufferedRecords() {
    synchronized (inboxLock) {
      return inboxRecords;
    }
  }

  /** Called on Paho's callback thread; waits while the inbox is full (never drops). */
  private void enqueue(Inbound in) throws InterruptedException {
    CompletableFuture<Void> wake = null;
    synchronized (inboxLock) {
      while (inboxRecords >= maxBufferedRecords && !closed) {
        producerWaiting = true;
        inboxLock.wait(1_000);
      }
      producerWaiting = false;
      if (closed) {
        return; // not acknowledged: the broker redelivers it to the session's next owner
      }
      inbox.add(in);
      inboxRecords += in.records();
      if (!available.isDone()) {
        wake = available;
      }
    }
    if (wake != null) {
      wake.complete(null);
    }
  }

  private final class Subscriber implements MqttCallback {
    final MqttSplit split;
    final AtomicInteger generation = new AtomicInteger();
    volatile MqttAsyncClient client;
    Acks open; // task thread only

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
        if (config.connection().serverUri().startsWith("tcp://")) {
          options.setSocketFactory(new BufferedSocketFactory());
        }
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
      long now = System.currentTimeMillis();
      int gen = generation.get();
      if (ReadingBatches.isBatchTopic(topic)) {
        List<MqttMessageRecord> records = new ArrayList<>();
        ReadingBatches.split(topic, message.getPayload(), now, records::add);
        enqueue(new Inbound(this, gen, message.getId(), message.getQos(), null, records));
      } else {
        enqueue(
            new Inbound(
                this,
                gen,
                message.getId(),
                message.getQos(),
                new MqttMessageRecord(topic, message.getPayload(), now),
                null));
      }
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
