package io.carbonwatch.edge.publish;

import io.carbonwatch.edge.queue.DiskQueue;
import io.carbonwatch.edge.queue.QueueRecord;
import java.util.List;
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
 */
public final class Publisher implements AutoCloseable {

  /** Observes deliveries, for metrics. */
  public interface Listener {
    void acked(QueueRecord r, long latencyNanos, boolean replayed);

    Listener NONE = (r, l, x) -> {};
  }

  private final DiskQueue queue;
  private final BrokerConnection broker;
  private final int maxInflight;
  private final double replayRate;
  private final Listener listener;
  private final AtomicInteger inflight = new AtomicInteger();
  private volatile boolean running;
  private volatile long activeGeneration = -1;
  private Thread thread;

  private long liveStart;
  private long liveCursor;
  private long replayCursor;
  private double replayTokens;
  private long lastRefill;

  public Publisher(
      DiskQueue queue,
      BrokerConnection broker,
      int maxInflight,
      double replayRate,
      Listener listener) {
    this.queue = queue;
    this.broker = broker;
    this.maxInflight = maxInflight;
    this.replayRate = replayRate;
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
          queue.awaitChange(20);
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

  /** A new connection: everything not acknowledged before it is backlog. */
  private void resync(long generation) {
    activeGeneration = generation;
    inflight.set(0);
    replayCursor = queue.firstId();
    liveStart = queue.committedEnd();
    liveCursor = liveStart;
    replayTokens = 0;
    lastRefill = System.nanoTime();
  }

  private boolean live() {
    int room = maxInflight - inflight.get();
    if (room <= 0) {
      return false;
    }
    List<QueueRecord> batch = queue.read(liveCursor, Long.MAX_VALUE, room);
    for (QueueRecord r : batch) {
      if (!send(r, false)) {
        return false;
      }
      liveCursor = r.id() + 1;
    }
    return !batch.isEmpty();
  }

  private boolean replay() {
    if (replayCursor >= liveStart) {
      return false;
    }
    long now = System.nanoTime();
    replayTokens = Math.min(replayRate, replayTokens + (now - lastRefill) / 1e9 * replayRate);
    lastRefill = now;
    int room = Math.min(maxInflight / 2 + 1 - inflight.get(), (int) replayTokens);
    if (room <= 0) {
      return false;
    }
    List<QueueRecord> batch = queue.read(replayCursor, liveStart, room);
    if (batch.isEmpty()) {
      replayCursor = liveStart;
      return false;
    }
    for (QueueRecord r : batch) {
      if (!send(r, true)) {
        return false;
      }
      replayTokens -= 1;
      replayCursor = r.id() + 1;
    }
    return true;
  }

  private boolean send(QueueRecord r, boolean replayed) {
    long generation = activeGeneration;
    long t0 = System.nanoTime();
    inflight.incrementAndGet();
    try {
      broker.publish(
          r.topic(),
          r.payload(),
          false,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              queue.ack(r.id());
              if (generation == activeGeneration) {
                inflight.decrementAndGet();
              }
              listener.acked(r, System.nanoTime() - t0, replayed);
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
