package io.carbonwatch.bench.jobs;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.jobs.mqtt.MqttConnection;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import io.carbonwatch.jobs.mqtt.MqttSource;
import io.carbonwatch.jobs.mqtt.MqttSourceConfig;
import io.carbonwatch.jobs.mqtt.MqttSplit;
import io.carbonwatch.testkit.MosquittoServer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
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

/**
 * The ceiling of the MQTT path alone, without Flink: {@code publishers} Paho v5 async clients (QoS
 * 1, {@code window} publishes in flight each) → the testkit's Mosquitto → {@code subscribers}
 * subscribers shaped like the job's source (persistent session, shared subscription {@code
 * $share/ceiling/cw/v1/+/readings/#}, QoS 1, manual acks, receive maximum 65 535). Payloads are the
 * example plant's readings encoded with {@code WireCodec.encode(Reading)} (~300 B), pre-encoded so
 * the publishers spend their CPU on MQTT rather than JSON.
 *
 * <p>Subscriber kinds:
 *
 * <ul>
 *   <li>{@code paho}: a bare Paho client acknowledging each message in its callback;
 *   <li>{@code paho-bulk}: a bare Paho client acknowledging everything received so far every {@code
 *       ackMs} ms, as the source does after each completed checkpoint;
 *   <li>{@code source}: the job's own {@code MqttSource} readers, each polled by one thread the way
 *       Flink's task thread polls it, with a snapshot and checkpoint completion every {@code ackMs}
 *       ms. {@code sessions} sets the MQTT sessions per reader.
 * </ul>
 *
 * {@code batch} &gt; 1 publishes gateway batches of that many readings per message ({@code
 * cw/v1/{site}/readings/{agent}}, see docs/wire-format.md); rates are then given in readings and
 * messages.
 *
 * <pre>
 * scripts/bench io.carbonwatch.bench.jobs.MqttCeiling publishers subscribers seconds kind \
 *     [ackMs] [batch] [rate/s, 0 = as fast as possible] [sessions per reader]
 * scripts/bench io.carbonwatch.bench.jobs.MqttCeiling 2 2 20 source 1000 1 0 1
 * </pre>
 */
public final class MqttCeiling {
  private MqttCeiling() {}

  private static final int WINDOW = 2_000;
  private static final int DISTINCT = 16_000;

  public static void main(String[] args) throws Exception {
    int publishers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int subscribers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    String kind = args.length > 3 ? args[3] : "source";
    int ackMs = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;
    int batch = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    int rate = args.length > 6 ? Integer.parseInt(args[6]) : 0;
    int sessions = args.length > 7 ? Integer.parseInt(args[7]) : 1;
    if (!List.of("paho", "paho-bulk", "source").contains(kind)) {
      throw new IllegalArgumentException("kind: expected paho, paho-bulk or source, got " + kind);
    }
    try (MosquittoServer broker = new MosquittoServer().start()) {
      run(broker, publishers, subscribers, seconds, kind, ackMs, batch, rate, sessions);
    }
  }

  /** Pre-encoded messages: topic and payload, {@code batch} readings each. */
  private record Message(String topic, byte[] payload) {}

  static List<Message> messages(int batch) {
    List<Message> out = new ArrayList<>();
    long start = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    if (batch <= 1) {
      for (int p = 0; p < DISTINCT; p++) {
        Reading r = PlantReadings.reading(p, start, 60_000L);
        out.add(new Message(Topics.readings(r.site(), r.agent(), r.meter()), WireCodec.encode(r)));
      }
    } else {
      for (int p = 0; p < DISTINCT; p += batch) {
        List<Reading> rs = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          rs.add(PlantReadings.reading(p + i, start, 60_000L));
        }
        out.add(
            new Message(
                io.carbonwatch.core.wire.Topics.readingBatch(rs.get(0).site(), rs.get(0).agent()),
                io.carbonwatch.core.wire.ReadingBatchCodec.encode(rs)));
      }
    }
    return out;
  }

  static void run(
      MosquittoServer broker,
      int publishers,
      int subscribers,
      int seconds,
      String kind,
      int ackMs,
      int batch,
      int rate,
      int sessions)
      throws Exception {
    List<Message> messages = messages(batch);
    System.out.printf(
        "MQTT ceiling: %d publishers (window %d), %d %s subscribers (sessions/reader %d, ack every"
            + " %d ms), %d readings/message (payload %d B), offered %s, %d s; load %s%n",
        publishers,
        WINDOW,
        subscribers,
        kind,
        sessions,
        ackMs,
        batch,
        messages.get(0).payload().length,
        rate == 0 ? "as fast as possible" : rate + " msg/s",
        seconds,
        loadAverage());
    LongAdder received = new LongAdder(); // readings

    AtomicBoolean stop = new AtomicBoolean();
    List<AutoCloseable> closers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    String group = "ceiling";
    MqttSourceConfig config =
        new MqttSourceConfig(
            MqttConnection.anonymous(broker.uri(), "ceiling"),
            List.of("cw/v1/+/readings/#"),
            group,
            65_535,
            true,
            sessions);
    if (kind.equals("source")) {
      MqttSource.prepareSessions(config, subscribers);
      for (int s = 0; s < subscribers; s++) {
        SourceReader<MqttMessageRecord, MqttSplit> reader =
            new MqttSource(config).createReader(new Context(s));
        reader.start();
        List<MqttSplit> splits = new ArrayList<>();
        for (int k = 0; k < sessions; k++) {
          splits.add(new MqttSplit(s + k * subscribers));
        }
        reader.addSplits(splits);
        Thread t = new Thread(() -> drive(reader, received, ackMs, stop), "reader-" + s);
        threads.add(t);
        closers.add(reader);
      }
    } else {
      for (int s = 0; s < subscribers; s++) {
        closers.add(
            pahoSubscriber(
                broker.uri(), group, s, kind.equals("paho-bulk"), ackMs, batch, received, stop));
      }
    }
    threads.forEach(Thread::start);

    AtomicLong published = new AtomicLong();
    List<Thread> pubs = new ArrayList<>();
    long endNs = System.nanoTime() + seconds * 1_000_000_000L;
    for (int p = 0; p < publishers; p++) {
      int index = p;
      MqttAsyncClient c =
          new MqttAsyncClient(broker.uri(), "ceiling-pub-" + p, new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(true);
      IMqttToken connected = c.connect(o);
      connected.waitForCompletion(10_000);
      if (p == 0) {
        System.out.printf(
            "broker receive maximum for publishers: %s%n",
            connected.getResponseProperties() == null
                ? "not sent (65535)"
                : connected.getResponseProperties().getReceiveMaximum());
      }
      closers.add(
          () -> {
            c.disconnect().waitForCompletion(5_000);
            c.close();
          });
      Thread t =
          new Thread(
              () -> publish(c, messages, index, publishers, rate, endNs, published),
              "publisher-" + p);
      pubs.add(t);
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long broker0 = brokerCpuTicks(broker);
    long t0 = System.nanoTime();
    pubs.forEach(Thread::start);
    long lastPub = 0;
    long lastRecv = 0;
    long last = t0;
    while (System.nanoTime() < endNs) {
      Thread.sleep(5_000);
      long now = System.nanoTime();
      long pub = published.get() * batch;
      long recv = received.sum();
      System.out.printf(
          "  t=%3.0f s  published %,9.0f readings/s  received %,9.0f readings/s (%,.0f msg/s)"
              + "  backlog %,d readings  load %s%n",
          (now - t0) / 1e9,
          (pub - lastPub) / ((now - last) / 1e9),
          (recv - lastRecv) / ((now - last) / 1e9),
          (recv - lastRecv) / (double) batch / ((now - last) / 1e9),
          pub - recv,
          loadAverage());
      lastPub = pub;
      lastRecv = recv;
      last = now;
    }
    for (Thread t : pubs) {
      t.join();
    }
    long pubEnd = System.nanoTime();
    long sent = published.get();
    long total = sent * batch; // readings
    long drainDeadline = System.nanoTime() + 120_000_000_000L;
    while (received.sum() < total && System.nanoTime() < drainDeadline) {
      Thread.sleep(20);
    }
    long recvEnd = System.nanoTime();
    long cpu = os.getProcessCpuTime() - cpu0;
    long brokerTicks = brokerCpuTicks(broker) - broker0;
    double pubS = (pubEnd - t0) / 1e9;
    double allS = (recvEnd - t0) / 1e9;
    System.out.printf(
        "RESULT %s pubs=%d subs=%d sessions=%d batch=%d ackMs=%d: published %,d msg in %.1f s"
            + " (%,.0f msg/s), all received after %.1f s = %,.0f msg/s = %,.0f readings/s;"
            + " readings received %,d of %,d (%s); JVM CPU %.1f s, broker CPU %.1f s"
            + " (%,.0f readings per CPU-s); load %s%n",
        kind,
        publishers,
        subscribers,
        sessions,
        batch,
        ackMs,
        sent,
        pubS,
        sent / pubS,
        allS,
        sent / allS,
        total / allS,
        received.sum(),
        total,
        received.sum() == total ? "none lost" : "MISSING " + (total - received.sum()),
        cpu / 1e9,
        brokerTicks / 100.0,
        total / (cpu / 1e9 + brokerTicks / 100.0),
        loadAverage());
    stop.set(true);
    for (Thread t : threads) {
      t.join(10_000);
    }
    for (AutoCloseable c : closers) {
      try {
        c.close();
      } catch (Exception e) {
        System.out.println("close: " + e);
      }
    }
  }

  private static void publish(
      MqttAsyncClient c,
      List<Message> messages,
      int index,
      int publishers,
      int rate,
      long endNs,
      AtomicLong published) {
    Semaphore window = new Semaphore(WINDOW);
    MqttActionListener done =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            published.incrementAndGet();
            window.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            System.out.println("publish failed: " + e);
            window.release();
          }
        };
    long intervalNs = rate == 0 ? 0 : 1_000_000_000L * publishers / rate;
    long next = System.nanoTime();
    try {
      for (int i = index; System.nanoTime() < endNs; i += publishers) {
        Message m = messages.get(i % messages.size());
        window.acquire();
        MqttMessage msg = new MqttMessage(m.payload());
        msg.setQos(1);
        c.publish(m.topic(), msg, null, done);
        if (intervalNs > 0) {
          next += intervalNs;
          long sleep = next - System.nanoTime();
          if (sleep > 0) {
            TimeUnit.NANOSECONDS.sleep(sleep);
          }
        }
      }
      window.acquire(WINDOW);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (MqttException e) {
      throw new IllegalStateException("publisher " + index, e);
    }
  }

  /** Polls a reader as Flink's task thread does, completing a checkpoint every {@code ackMs}. */
  private static void drive(
      SourceReader<MqttMessageRecord, MqttSplit> reader,
      LongAdder received,
      int ackMs,
      AtomicBoolean stop) {
    Counting out = new Counting(received);
    long checkpoint = 0;
    long nextCheckpoint = System.nanoTime() + ackMs * 1_000_000L;
    try {
      while (!stop.get()) {
        InputStatus s = reader.pollNext(out);
        if (System.nanoTime() >= nextCheckpoint) {
          checkpoint++;
          reader.snapshotState(checkpoint);
          reader.notifyCheckpointComplete(checkpoint);
          nextCheckpoint += ackMs * 1_000_000L;
        }
        if (s == InputStatus.NOTHING_AVAILABLE) {
          try {
            reader.isAvailable().get(10, TimeUnit.MILLISECONDS);
          } catch (java.util.concurrent.TimeoutException e) {
            // time to check the checkpoint clock
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static AutoCloseable pahoSubscriber(
      String uri,
      String group,
      int index,
      boolean bulk,
      int ackMs,
      int batch,
      LongAdder received,
      AtomicBoolean stop)
      throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(uri, "ceiling-sub-" + index, new MemoryPersistence());
    c.setManualAcks(true);
    ConcurrentLinkedQueue<Integer> pending = new ConcurrentLinkedQueue<>();
    c.setCallback(
        new MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage message) throws Exception {
            received.add(batch); // readings: the source mode counts the records of split batches
            if (bulk) {
              pending.add(message.getId());
            } else {
              c.messageArrivedComplete(message.getId(), message.getQos());
            }
          }

          @Override
          public void disconnected(MqttDisconnectResponse r) {}

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties p) {}
        });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    o.setSessionExpiryInterval(3600L);
    o.setReceiveMaximum(65_535);
    c.connect(o).waitForCompletion(10_000);
    c.subscribe("$share/" + group + "/cw/v1/+/readings/#", 1).waitForCompletion(10_000);
    Thread acker = null;
    if (bulk) {
      acker =
          new Thread(
              () -> {
                while (!stop.get()) {
                  try {
                    Thread.sleep(ackMs);
                    for (Integer id; (id = pending.poll()) != null; ) {
                      c.messageArrivedComplete(id, 1);
                    }
                  } catch (InterruptedException | MqttException e) {
                    return;
                  }
                }
              },
              "acker-" + index);
      acker.start();
    }
    Thread a = acker;
    return () -> {
      if (a != null) {
        a.join(ackMs + 1_000L);
      }
      c.disconnect().waitForCompletion(5_000);
      c.close();
    };
  }

  static String loadAverage() {
    try {
      String[] s = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
      return s[0] + " " + s[1] + " " + s[2];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /** User + system clock ticks of the broker process (found by its config file in its work dir). */
  static long brokerCpuTicks(MosquittoServer broker) {
    String conf = broker.logFile().getParent().resolve("mosquitto.conf").toString();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        if (!p.getFileName().toString().matches("\\d+")) {
          continue;
        }
        try {
          String cmd = Files.readString(p.resolve("cmdline"), StandardCharsets.UTF_8);
          if (cmd.contains(conf)) {
            String stat = Files.readString(p.resolve("stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
          }
        } catch (java.io.IOException e) {
          // process went away
        }
      }
    } catch (java.io.IOException e) {
      return 0;
    }
    return 0;
  }

  private static final class Counting implements ReaderOutput<MqttMessageRecord> {
    private final LongAdder received;

    Counting(LongAdder received) {
      this.received = received;
    }

    @Override
    public void collect(MqttMessageRecord r) {
      received.increment();
    }

    @Override
    public void collect(MqttMessageRecord r, long timestamp) {
      collect(r);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<MqttMessageRecord> createOutputForSplit(String splitId) {
      return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}
  }

  static final class Context implements SourceReaderContext {
    private final int index;

    Context(int index) {
      this.index = index;
    }

    @Override
    public SourceReaderMetricGroup metricGroup() {
      return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
    }

    @Override
    public Configuration getConfiguration() {
      return new Configuration();
    }

    @Override
    public String getLocalHostName() {
      return "localhost";
    }

    @Override
    public int getIndexOfSubtask() {
      return index;
    }

    @Override
    public void sendSplitRequest() {}

    @Override
    public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
      return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
    }
  }
}
