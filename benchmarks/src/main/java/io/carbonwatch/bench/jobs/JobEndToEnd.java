package io.carbonwatch.bench.jobs;

import io.carbonwatch.core.wire.LiveSample;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.jobs.CarbonJob;
import io.carbonwatch.jobs.JobConfig;
import io.carbonwatch.jobs.influx.InfluxConfig;
import io.carbonwatch.jobs.influx.InfluxSink;
import io.carbonwatch.jobs.mqtt.MqttConnection;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import io.carbonwatch.jobs.mqtt.MqttPublishSink;
import io.carbonwatch.jobs.mqtt.MqttSource;
import io.carbonwatch.jobs.mqtt.MqttSourceConfig;
import io.carbonwatch.testkit.InfluxServer;
import io.carbonwatch.testkit.MosquittoServer;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * End to end on one machine: publishers → Mosquitto → the job on a local MiniCluster (parallelism
 * 2) → InfluxDB, all from the testkit, everything on this host.
 *
 * <p><b>Throughput</b> ({@code single} or {@code batch}): the generated fleet of {@link LargePlant}
 * ({@code sites} × ({@code subMeters} + 4) meters polled every 10 s of event time) published by
 * {@code publishers} Paho connections with QoS 1 at an offered {@code rate} readings per second for
 * {@code seconds}: one message per reading on {@code cw/v1/{site}/readings/edge-1/{meter}}, or
 * gateway batches of {@code batchSize} readings of one site on {@code
 * cw/v1/{site}/readings/edge-1}. Each publisher owns whole sites, so every meter is published in
 * sequence order by one connection. Sustained rate = readings / (first publish → every counter
 * meter's last closed minute stored in InfluxDB). <b>Nothing lost</b>: for every counter meter, the
 * stored 1-minute activity windows add up to the advance of its register over the same span; and no
 * dead letters.
 *
 * <p><b>Latency</b> ({@code latency}): the example plant's readings stamped with the current time
 * at {@code rate} readings/s for {@code seconds}; for each live sample on {@code
 * cw/v1/sh-plant/live/+}, arrival − sample time.
 *
 * <pre>
 * scripts/bench io.carbonwatch.bench.jobs.JobEndToEnd batch|single [rate] [seconds] [publishers] \
 *     [batchSize] [sessionsPerReader] [checkpointSeconds] [sites] [subMeters]
 * scripts/bench io.carbonwatch.bench.jobs.JobEndToEnd latency [rate] [seconds]
 * </pre>
 */
public final class JobEndToEnd {
  private JobEndToEnd() {}

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final int WINDOW = 1_000;

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "batch";
    if (mode.equals("latency")) {
      int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
      int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
      latencyRun(rate, seconds);
      return;
    }
    if (!mode.equals("batch") && !mode.equals("single")) {
      throw new IllegalArgumentException("mode: expected batch, single or latency, got " + mode);
    }
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    int publishers = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    int batchSize = args.length > 4 ? Integer.parseInt(args[4]) : 100;
    int sessions = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    int checkpointSeconds = args.length > 6 ? Integer.parseInt(args[6]) : 5;
    int sites = args.length > 7 ? Integer.parseInt(args[7]) : 8;
    int subMeters = args.length > 8 ? Integer.parseInt(args[8]) : 496;
    throughputRun(
        mode.equals("batch") ? batchSize : 1,
        rate,
        seconds,
        publishers,
        sessions,
        checkpointSeconds,
        sites,
        subMeters);
  }

  private static JobClient startJob(
      MosquittoServer broker,
      InfluxServer influx,
      String siteName,
      String siteYaml,
      int sessions,
      Duration checkpoint)
      throws Exception {
    influx.createDatabase("bench");
    MqttSourceConfig readings =
        MqttSourceConfig.readings(MqttConnection.anonymous(broker.uri(), "bench"), "bench")
            .withSessionsPerReader(sessions);
    MqttSource.prepareSessions(readings, 2);
    JobConfig config =
        JobConfig.defaults(siteName, siteYaml)
            .withTiming(Duration.ofSeconds(30), Duration.ofSeconds(5), checkpoint);
    CarbonJob job =
        new CarbonJob(
            config,
            new MqttSource(readings),
            new MqttSource(
                MqttSourceConfig.control(MqttConnection.anonymous(broker.uri(), "bench-control"))),
            new InfluxSink(InfluxConfig.of(influx.url(), "bench")),
            new MqttPublishSink(MqttConnection.anonymous(broker.uri(), "bench-out"), "out"));
    Configuration conf = new Configuration();
    conf.setString(
        "execution.checkpointing.dir", Files.createTempDirectory("cw-e2e-ckpt").toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    job.build(env);
    return env.executeAsync("bench e2e");
  }

  private static MqttAsyncClient connect(String uri, String id) throws Exception {
    MqttAsyncClient c = new MqttAsyncClient(uri, id, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    c.connect(o).waitForCompletion(10_000);
    return c;
  }

  // ------------------------------------------------------------------------------------------
  // throughput

  static void throughputRun(
      int batchSize,
      int rate,
      int seconds,
      int publishers,
      int sessions,
      int checkpointSeconds,
      int sites,
      int subMeters)
      throws Exception {
    LargePlant plant = new LargePlant(sites, subMeters, Long.MAX_VALUE, 1, START);
    int meters = plant.meters();
    int perSite = plant.metersPerSite();
    long ticks = Math.max(60, ((long) rate * seconds + meters - 1) / meters);
    long total = ticks * meters;
    if (publishers > sites) {
      throw new IllegalArgumentException("publishers: at most one per site (" + sites + ")");
    }
    System.out.printf(
        "end to end: %s, offered %,d readings/s for %d s by %d publishers; fleet %d sites x %d"
            + " meters = %,d meters x %,d polls (10 s) = %,d readings; %d MQTT session(s) per"
            + " reader, checkpoints every %d s; load %s%n",
        batchSize == 1 ? "one message per reading" : "gateway batches of " + batchSize,
        rate,
        seconds,
        publishers,
        sites,
        perSite,
        meters,
        ticks,
        total,
        sessions,
        checkpointSeconds,
        MqttCeiling.loadAverage());
    try (MosquittoServer broker = new MosquittoServer().start();
        InfluxServer influx = new InfluxServer().start()) {
      JobClient client =
          startJob(
              broker,
              influx,
              "generated-fleet.yaml",
              plant.siteModelYaml(),
              sessions,
              Duration.ofSeconds(checkpointSeconds));
      try {
        Thread.sleep(3_000); // let the job's readers connect
        var os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long broker0 = MqttCeiling.brokerCpuTicks(broker);
        AtomicLong published = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int k = 0; k < publishers; k++) {
          List<Integer> mine = new ArrayList<>();
          for (int s = k; s < sites; s += publishers) {
            mine.add(s);
          }
          double myRate = (double) rate * mine.size() / sites;
          MqttAsyncClient pub = connect(broker.uri(), "bench-pub-" + k);
          Thread t =
              new Thread(
                  () -> {
                    try {
                      // LargePlant caches the current poll's time: one instance per thread
                      LargePlant own = new LargePlant(sites, subMeters, Long.MAX_VALUE, 1, START);
                      publish(pub, own, mine, ticks, batchSize, myRate, t0, published);
                      pub.disconnect().waitForCompletion(10_000);
                      pub.close();
                    } catch (Throwable e) {
                      failure.set(e);
                    }
                  },
                  "bench-pub-" + k);
          threads.add(t);
          t.start();
        }
        long lastPrint = System.nanoTime();
        while (threads.stream().anyMatch(Thread::isAlive)) {
          Thread.sleep(200);
          if (System.nanoTime() - lastPrint > 30_000_000_000L) {
            lastPrint = System.nanoTime();
            System.out.printf(
                "  t=%.0f s: %,d readings published; load %s%n",
                (lastPrint - t0) / 1e9, published.get(), MqttCeiling.loadAverage());
          }
        }
        if (failure.get() != null) {
          throw new IllegalStateException("publisher failed", failure.get());
        }
        double publishSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "published %,d readings in %.1f s = %,.0f readings/s offered; load %s%n",
            published.get(),
            publishSeconds,
            published.get() / publishSeconds,
            MqttCeiling.loadAverage());

        // The newest reading is at START + (ticks − 1) × 10 s; the watermark trails it by 30 s and
        // minute windows close 2 min after their end: every minute before end − 4 min is closed.
        long endMs = START.toEpochMilli() + (ticks - 1) * LargePlant.POLL_MS;
        long lastClosed = (endMs - 4 * 60_000L) / 60_000L * 60_000L;
        long minutes = (lastClosed - START.toEpochMilli()) / 60_000L;
        int counters = sites * (subMeters + 2); // electricity and gas registers

        String span =
            " AND time >= '" + START + "' AND time < '" + Instant.ofEpochMilli(lastClosed) + "'";
        String counterFilter =
            "level = 'meter' AND \"window\" = '1m' AND (metric = 'energy_import' OR metric ="
                + " 'volume_standard')";
        long deadline = System.nanoTime() + Math.max(600, seconds * 4L) * 1_000_000_000L;
        long complete = 0;
        lastPrint = System.nanoTime();
        while (System.nanoTime() < deadline) {
          List<Map<String, Object>> rows =
              influx.query(
                  "bench",
                  "SELECT count(value) FROM activity WHERE "
                      + counterFilter
                      + span
                      + " GROUP BY site, id");
          complete =
              rows.stream().filter(r -> ((Number) r.get("count")).longValue() >= minutes).count();
          if (complete >= counters) {
            break;
          }
          if (System.nanoTime() - lastPrint > 30_000_000_000L) {
            lastPrint = System.nanoTime();
            System.out.printf(
                "  t=%.0f s: %,d of %,d meters have all %,d minutes stored; load %s%n",
                (lastPrint - t0) / 1e9, complete, counters, minutes, MqttCeiling.loadAverage());
          }
          Thread.sleep(1_000);
        }
        double allSeconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        double brokerCpu = (MqttCeiling.brokerCpuTicks(broker) - broker0) / 100.0;
        System.out.printf(
            "RESULT %s: %,d readings; every closed minute of %,d of %,d counter meters stored after"
                + " %.1f s = %,.0f readings/s sustained (published at %,.0f/s); JVM CPU %.0f s,"
                + " broker CPU %.0f s; load %s%n",
            batchSize == 1 ? "single" : "batch " + batchSize,
            total,
            complete,
            counters,
            allSeconds,
            total / allSeconds,
            total / publishSeconds,
            cpu,
            brokerCpu,
            MqttCeiling.loadAverage());
        // "Stored" above means each meter's last closed minute has a point; a late piece may still
        // correct an earlier minute (an upsert) a moment later. Check again for a while, and say
        // how long the totals took to become exact.
        long checkStart = System.nanoTime();
        int wrong = nothingLost(influx, plant, sites, subMeters, counterFilter, span, minutes);
        for (int attempt = 0; wrong > 0 && attempt < 6; attempt++) {
          Thread.sleep(5_000);
          wrong = nothingLost(influx, plant, sites, subMeters, counterFilter, span, minutes);
        }
        System.out.printf(
            "totals %s %.1f s after the readiness check%n",
            wrong == 0 ? "exact" : "STILL NOT EXACT", (System.nanoTime() - checkStart) / 1e9);
      } finally {
        client.cancel().get();
      }
    }
  }

  private static void publish(
      MqttAsyncClient pub,
      LargePlant plant,
      List<Integer> sites,
      long ticks,
      int batchSize,
      double rate,
      long t0,
      AtomicLong published)
      throws Exception {
    Semaphore window = new Semaphore(WINDOW);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    MqttActionListener done =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            window.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            failed.set(e);
            window.release();
          }
        };
    int meters = plant.meters();
    int perSite = plant.metersPerSite();
    long sent = 0;
    ByteArrayOutputStream batch = new ByteArrayOutputStream(batchSize * 300 + 32);
    byte[] open = "{\"v\":1,\"batch\":[".getBytes(StandardCharsets.US_ASCII);
    for (long tick = 0; tick < ticks; tick++) {
      for (int s : sites) {
        String batchTopic =
            io.carbonwatch.core.wire.Topics.readingBatch(LargePlant.site(s), "edge-1");
        int inBatch = 0;
        for (int local = 0; local < perSite; local++) {
          MqttMessageRecord r = plant.map(tick * meters + (long) s * perSite + local);
          String topic;
          byte[] payload;
          if (batchSize == 1) {
            topic = r.topic();
            payload = r.payload();
          } else {
            if (inBatch == 0) {
              batch.reset();
              batch.writeBytes(open);
            } else {
              batch.write(',');
            }
            batch.writeBytes(r.payload());
            inBatch++;
            if (inBatch < batchSize && local < perSite - 1) {
              continue;
            }
            batch.write(']');
            batch.write('}');
            topic = batchTopic;
            payload = batch.toByteArray();
          }
          window.acquire();
          if (failed.get() != null) {
            throw new IllegalStateException("publish failed", failed.get());
          }
          MqttMessage m = new MqttMessage(payload);
          m.setQos(1);
          pub.publish(topic, m, null, done);
          int n = batchSize == 1 ? 1 : inBatch;
          inBatch = 0;
          sent += n;
          published.addAndGet(n);
          long due = t0 + (long) (sent / rate * 1e9);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
      }
    }
    window.acquire(WINDOW);
    if (failed.get() != null) {
      throw new IllegalStateException("publish failed", failed.get());
    }
  }

  /**
   * Every electricity and gas meter: its stored minutes add up to its register's advance; and no
   * dead letters.
   */
  private static int nothingLost(
      InfluxServer influx,
      LargePlant plant,
      int sites,
      int subMeters,
      String counterFilter,
      String span,
      long minutes)
      throws Exception {
    List<Map<String, Object>> rows =
        influx.query(
            "bench",
            "SELECT sum(value) FROM activity WHERE " + counterFilter + span + " GROUP BY id, site");
    Map<String, Double> stored = new java.util.HashMap<>();
    for (Map<String, Object> r : rows) {
      stored.put(r.get("site") + "/" + r.get("id"), ((Number) r.get("sum")).doubleValue());
    }
    long polls = minutes * 6;
    int checked = 0;
    int wrong = 0;
    double worst = 0;
    int perSite = plant.metersPerSite();
    for (int s = 0; s < sites; s++) {
      for (int local = 0; local < perSite; local++) {
        int meter = s * perSite + local;
        String id;
        double perPoll;
        switch (local) {
          case 0 -> {
            id = "M-MAIN";
            perPoll = 0.850;
          }
          case 1 -> {
            id = "M-GAS";
            perPoll = 0.420;
          }
          case 2, 3 -> {
            continue; // M-PROD counts output (a relevant variable), M-WEATHER is a gauge
          }
          default -> {
            id = LargePlant.subMeter(local - 3);
            perPoll = (30 + meter % 50) / 1000.0;
          }
        }
        double expected = polls * perPoll;
        Double got = stored.get(LargePlant.site(s) + "/" + id);
        checked++;
        double diff = got == null ? expected : Math.abs(got - expected);
        worst = Math.max(worst, diff);
        if (got == null || diff > 1e-6 * expected + 1e-6) {
          if (wrong < 5) {
            System.out.printf(
                "  LOST? %s/%s stored %s, register advanced %.3f%n",
                LargePlant.site(s), id, got, expected);
          }
          wrong++;
        }
      }
    }
    List<Map<String, Object>> dead =
        influx.query("bench", "SELECT count(reason) FROM dead_letters");
    long deadLetters = dead.isEmpty() ? 0 : ((Number) dead.get(0).get("count")).longValue();
    System.out.printf(
        "nothing lost: %,d counter meters checked over %,d minutes, %,d differ from their register"
            + " (largest difference %.6f); dead letters %,d%n",
        checked, minutes, wrong, worst, deadLetters);
    return wrong;
  }

  // ------------------------------------------------------------------------------------------
  // latency

  static void latencyRun(int rate, int seconds) throws Exception {
    Path site = Path.of("docs/examples/demo-plant.yaml");
    try (MosquittoServer broker = new MosquittoServer().start();
        InfluxServer influx = new InfluxServer().start()) {
      JobClient client =
          startJob(
              broker, influx, site.toString(), Files.readString(site), 1, Duration.ofSeconds(5));
      try {
        Thread.sleep(5_000);
        latency(broker, rate, seconds);
      } finally {
        client.cancel().get();
      }
    }
  }

  static void latency(MosquittoServer broker, int rate, int seconds) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<long[]> arrivals = Collections.synchronizedList(new ArrayList<>());
    MqttAsyncClient sub = new MqttAsyncClient(broker.uri(), "bench-live", new MemoryPersistence());
    sub.setCallback(
        new org.eclipse.paho.mqttv5.client.MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage msg) {
            LiveSample s = WireCodec.decodeLiveSample(msg.getPayload());
            long now = System.currentTimeMillis();
            latencies.add(now - s.time().toEpochMilli());
            arrivals.add(new long[] {now, now - s.time().toEpochMilli()});
          }

          @Override
          public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

          @Override
          public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {}

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void authPacketArrived(
              int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
        });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    sub.connect(o).waitForCompletion(10_000);
    sub.subscribe("cw/v1/sh-plant/live/+", 0).waitForCompletion(10_000);
    MqttAsyncClient pub = connect(broker.uri(), "bench-pub-live");
    long intervalNs = 1_000_000_000L / rate;
    long next = System.nanoTime();
    long end = next + seconds * 1_000_000_000L;
    long seq = 10_000_000;
    List<IMqttToken> window = new ArrayList<>();
    int p = 0;
    while (System.nanoTime() < end) {
      long now = System.currentTimeMillis();
      // Positions with minute = seq keep (meter, seq) unique; the time is the poll instant: now.
      Reading base =
          PlantReadings.reading(
              p % PlantReadings.METERS.length + seq * PlantReadings.METERS.length, 0, 0);
      Reading r =
          new Reading(
              base.site(),
              base.agent(),
              base.meter(),
              base.seq(),
              Instant.ofEpochMilli(now),
              base.values());
      MqttMessage m = new MqttMessage(WireCodec.encode(r));
      m.setQos(1);
      window.add(pub.publish(Topics.readings(r.site(), r.agent(), r.meter()), m));
      if (window.size() >= 500) {
        for (IMqttToken t : window) {
          t.waitForCompletion(60_000);
        }
        window.clear();
      }
      p++;
      if (p % PlantReadings.METERS.length == 0) {
        seq++;
      }
      next += intervalNs;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
    }
    double actualRate = p / (double) seconds;
    Thread.sleep(3_000);
    List<Long> sorted;
    synchronized (latencies) {
      sorted = new ArrayList<>(latencies);
    }
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      System.out.println("latency: no live samples received");
      return;
    }
    List<long[]> slowest;
    synchronized (arrivals) {
      slowest = new ArrayList<>(arrivals);
    }
    slowest.sort((a, b) -> Long.compare(b[1], a[1]));
    StringBuilder tail = new StringBuilder();
    for (long[] a : slowest.subList(0, Math.min(5, slowest.size()))) {
      tail.append(String.format(" %d ms at %s;", a[1], Instant.ofEpochMilli(a[0])));
    }
    System.out.println("slowest live samples:" + tail);
    System.out.printf(
        "latency reading → live topic at %,.0f readings/s: %d samples, p50 %d ms, p99 %d ms, max %d"
            + " ms; load %s%n",
        actualRate,
        sorted.size(),
        sorted.get(sorted.size() / 2),
        sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)),
        sorted.get(sorted.size() - 1),
        MqttCeiling.loadAverage());
  }
}
