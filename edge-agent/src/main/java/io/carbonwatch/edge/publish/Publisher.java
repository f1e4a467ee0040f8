package io.carbonwatch.edge.publish;

import io.carbonwatch.core.wire.ReadingBatchCodec;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.edge.queue.DiskQueue;
import io.carbonwatch.edge.queue.QueueRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Drains the disk queue to the broker in two lanes. The live lane sends what was appended since the
 * current connection came up, as fast as acknowledgements allow. The replay lane re-sends the
 * backlog from before (oldest first) at a bounded rate and with at most half of the in-flight
 * window, so a long outage neither floods the broker nor delays live readings. A record leaves the
 * queue only on the broker's PUBACK.
 *
 * <p>With {@link BatchOptions#batching()}, consecutive readings of the queue go out as one gateway
 * batch on {@code cw/v1/{site}/readings/{agent}} (up to {@code maxReadings} of them); every record
 * of a batch is acknowledged in the queue only on the batch's PUBACK, so a batch lost with a
 * connection is re-sent whole from the backlog. A live batch that is not full waits at most {@code
 * maxDelay} for more readings; the replay lane never waits (its backlog is all there). Other
 * messages (dead letters) still go out alone, in their place in the queue.
 */
public final class Publisher implements AutoCloseable {

  /** Observes deliveries, for metrics. */
  public interface Listener {
    /**
     * The broker acknowledged one message.
     *
     * @param readings readings it carried: 1 for a single reading, the batch size for a batch, 0
     *     for any other message (dead letters)
     * @param batch whether it was a gateway batch
     */
    void acked(int readings, boolean batch, long latencyNanos, boolean replayed);

    Listener NONE = (n, b, l, x) -> {};
  }

  private final DiskQueue queue;
  private final BrokerConnection broker;
  private final int maxInflight;
  private final double replayRate;
  private final BatchOptions batches;
  private final long maxDelayNanos;
  private final Listener listener;
  private final AtomicInteger inflight = new AtomicInteger();
  private volatile boolean running;
  private volatile long activeGeneration = -1;
  private Thread thread;

  private final Lane live = new Lane(false);
  private final Lane replay = new Lane(true);
  private double replayTokens;
  private long lastRefill;

  /** One reading per message. */
  public Publisher(
      DiskQueue queue,
      BrokerConnection broker,
      int maxInflight,
      double replayRate,
      Listener listener) {
    this(queue, broker, maxInflight, replayRate, BatchOptions.SINGLE, listener);
  }

  public Publisher(
      DiskQueue queue,
      BrokerConnection broker,
      int maxInflight,
      double replayRate,
      BatchOptions batches,
      Listener listener) {
    this.queue = queue;
    this.broker = broker;
    this.maxInflight = maxInflight;
    this.replayRate = replayRate;
    this.batches = batches;
    this.maxDelayNanos = batches.maxDelay().toNanos();
    this.listener = listener;
  }

  public synchronized void start() {
    running = true;
    thread = new Thread(this::run, "cw-edge-publisher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      try {
        if (!broker.connected()) {
          queue.awaitChange(50);
          continue;
        }
        long g = broker.generation();
        if (g != activeGeneration) {
          resync(g);
        }
        boolean progress = live() | replay();
        if (!progress) {
          queue.awaitChange(waitMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Publisher.class).warn("publisher: {}", e.toString());
        sleep(100);
      }
    }
  }

  /** Until the next commit or ack, but no later than a held-back live batch is due. */
  private long waitMillis() {
    if (live.heldId < 0) {
      return 20;
    }
    long left = (live.heldSince + maxDelayNanos - System.nanoTime()) / 1_000_000;
    return Math.max(1, Math.min(20, left + 1));
  }

  /** A new connection: everything not acknowledged before it is backlog. */
  private void resync(long generation) {
    activeGeneration = generation;
    inflight.set(0);
    long liveStart = queue.committedEnd();
    replay.reset(queue.firstId(), liveStart);
    live.reset(liveStart, Long.MAX_VALUE);
    replayTokens = 0;
    lastRefill = System.nanoTime();
  }

  private boolean live() {
    boolean progress = false;
    int room = maxInflight - inflight.get();
    while (room > 0) {
      live.fill(batches.batching() ? batches.maxReadings() : room);
      Unit u = next(live);
      if (u == null || !send(u, false)) {
        break;
      }
      live.remove(u.records().size());
      room--;
      progress = true;
    }
    return progress;
  }

  private boolean replay() {
    if (replay.exhausted()) {
      return false;
    }
    long now = System.nanoTime();
    replayTokens = Math.min(replayRate, replayTokens + (now - lastRefill) / 1e9 * replayRate);
    lastRefill = now;
    int room = Math.min(maxInflight / 2 + 1 - inflight.get(), (int) replayTokens);
    boolean progress = false;
    while (room > 0) {
      replay.fill(batches.batching() ? batches.maxReadings() : room);
      Unit u = next(replay);
      if (u == null || !send(u, true)) {
        break;
      }
      replay.remove(u.records().size());
      replayTokens -= 1;
      room--;
      progress = true;
    }
    return progress;
  }

  /**
   * Records read from the queue and not yet sent, in id order, so a batch that waits or a publish
   * that must be retried is not read from disk again.
   */
  private final class Lane {
    final boolean replayed;
    final ArrayDeque<QueueRecord> pending = new ArrayDeque<>();
    // next id to read into pending; ids at or beyond end belong to another lane
    long next;
    long end;
    // the first record of a live batch held back to fill, and since when
    long heldId = -1;
    long heldSince;

    Lane(boolean replayed) {
      this.replayed = replayed;
    }

    void reset(long from, long to) {
      pending.clear();
      next = from;
      end = to;
      heldId = -1;
    }

    void fill(int want) {
      int missing = want - pending.size();
      if (missing <= 0 || next >= end) {
        return;
      }
      List<QueueRecord> read = queue.read(next, end, missing);
      for (QueueRecord r : read) {
        pending.add(r);
        next = r.id() + 1;
      }
      if (replayed && read.size() < missing) {
        // the backlog ends below the live start, which is committed: nothing more to read
        next = end;
      }
    }

    boolean exhausted() {
      return pending.isEmpty() && next >= end;
    }

    void remove(int n) {
      for (int i = 0; i < n; i++) {
        pending.pollFirst();
      }
      heldId = -1;
    }
  }

  /** One MQTT message: a record as it is, or a batch of reading records. */
  private record Unit(
      String topic, byte[] payload, List<QueueRecord> records, int readings, boolean batch) {}

  /**
   * The message at the head of a lane (left in it until sent), or null when the lane is empty or
   * its live batch is still filling.
   */
  private Unit next(Lane lane) {
    QueueRecord head = lane.pending.peekFirst();
    if (head == null) {
      return null;
    }
    String batchTopic = batches.batching() ? batchTopic(head) : null;
    if (batchTopic == null) {
      return new Unit(
          head.topic(), head.payload(), List.of(head), head.meter().isEmpty() ? 0 : 1, false);
    }
    int max = batches.maxReadings();
    List<QueueRecord> group = new ArrayList<>(Math.min(max, lane.pending.size()));
    boolean cut = false;
    for (Iterator<QueueRecord> it = lane.pending.iterator(); it.hasNext() && group.size() < max; ) {
      QueueRecord r = it.next();
      if (!inBatch(r, batchTopic)) {
        cut = true;
        break;
      }
      group.add(r);
    }
    if (!lane.replayed && group.size() < max && !cut) {
      // more readings may still join this batch: hold it back, at most maxDelay
      long now = System.nanoTime();
      if (lane.heldId != head.id()) {
        lane.heldId = head.id();
        lane.heldSince = now;
      }
      if (now - lane.heldSince < maxDelayNanos) {
        return null;
      }
    }
    List<byte[]> payloads = new ArrayList<>(group.size());
    for (QueueRecord r : group) {
      payloads.add(r.payload());
    }
    return new Unit(batchTopic, ReadingBatchCodec.wrap(payloads), group, group.size(), true);
  }

  /**
   * The batch topic of a reading record ({@code cw/v1/{site}/readings/{agent}/{meter}} → {@code
   * cw/v1/{site}/readings/{agent}}); null for other records, which are sent alone.
   */
  private static String batchTopic(QueueRecord r) {
    if (r.meter().isEmpty()) {
      return null;
    }
    Optional<Topics.Address> a = Topics.parse(r.topic());
    if (a.isEmpty()
        || a.get().kind() != Topics.Kind.READINGS
        || !a.get().meter().equals(r.meter())) {
      return null;
    }
    return Topics.readingBatch(a.get().site(), a.get().agent());
  }

  /** Whether {@code r} is a reading whose topic is {@code batchTopic + "/" + meter}. */
  private static boolean inBatch(QueueRecord r, String batchTopic) {
    String t = r.topic();
    String m = r.meter();
    return !m.isEmpty()
        && t.length() == batchTopic.length() + 1 + m.length()
        && t.startsWith(batchTopic)
        && t.charAt(batchTopic.length()) == '/'
        && t.endsWith(m)
        && m.indexOf('/') < 0;
  }

  private boolean send(Unit u, boolean replayed) {
    long generation = activeGeneration;
    long t0 = System.nanoTime();
    inflight.incrementAndGet();
    try {
      broker.publish(
          u.topic(),
          u.payload(),
          false,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              for (QueueRecord r : u.records()) {
                queue.ack(r.id());
              }
              if (generation == activeGeneration) {
                inflight.decrementAndGet();
              }
              listener.acked(u.readings(), u.batch(), System.nanoTime() - t0, replayed);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              if (generation == activeGeneration) {
                // resend from the oldest unacknowledged record on the next connection
                activeGeneration = -1;
              }
            }
          });
      return true;
    } catch (MqttException e) {
      inflight.decrementAndGet();
      if (e.getReasonCode()
          == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
        sleep(2);
        return false;
      }
      activeGeneration = -1;
      return false;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public int inflight() {
    return inflight.get();
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      // no interrupt: it would close the disk queue's file channels mid-read
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
