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
import io.carbonwatch.jobs.mqtt.MqttPublishSink;
import io.carbonwatch.jobs.mqtt.MqttSource;
import io.carbonwatch.jobs.mqtt.MqttSourceConfig;
import io.carbonwatch.testkit.InfluxServer;
import io.carbonwatch.testkit.MosquittoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * End to end on one machine: Mosquitto → the job on a local MiniCluster (parallelism 2) → InfluxDB,
 * with the readings of the example plant published over MQTT QoS 1.
 *
 * <ol>
 *   <li>throughput: publish {@code minutes} minutes of readings for the 8 metered meters as fast as
 *       the broker takes them, then wait until InfluxDB holds the last closed minute of every
 *       counter; readings/s = readings / (first publish → last minute stored); "nothing lost" is
 *       checked by comparing each meter's total over the run with last − first of its register;
 *   <li>latency: readings stamped with the current time at {@code rate} readings/s for {@code
 *       seconds}; for each live sample on {@code cw/v1/sh-plant/live/+}, arrival − sample time.
 * </ol>
 *
 * <pre>scripts/bench io.carbonwatch.bench.jobs.JobEndToEnd [minutes] [rate] [seconds]</pre>
 */
public final class JobEndToEnd {
  private JobEndToEnd() {}

  public static void main(String[] args) throws Exception {
    int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    Path site = Path.of("docs/examples/demo-plant.yaml");
    try (MosquittoServer broker = new MosquittoServer().start();
        InfluxServer influx = new InfluxServer().start()) {
      influx.createDatabase("bench");
      MqttSourceConfig readings =
          MqttSourceConfig.readings(MqttConnection.anonymous(broker.uri(), "bench"), "bench");
      MqttSource.prepareSessions(readings, 2);
      JobConfig config =
          JobConfig.defaults(site.toString(), Files.readString(site))
              .withTiming(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(5));
      CarbonJob job =
          new CarbonJob(
              config,
              new MqttSource(readings),
              new MqttSource(
                  MqttSourceConfig.control(
                      MqttConnection.anonymous(broker.uri(), "bench-control"))),
              new InfluxSink(InfluxConfig.of(influx.url(), "bench")),
              new MqttPublishSink(MqttConnection.anonymous(broker.uri(), "bench-out"), "out"));
      Configuration conf = new Configuration();
      conf.setString(
          "execution.checkpointing.dir",
          Files.createTempDirectory("cw-e2e-ckpt").toUri().toString());
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
      job.build(env);
      JobClient client = env.executeAsync("bench e2e");
      try {
        throughput(broker, influx, minutes);
        latency(broker, rate, seconds);
      } finally {
        client.cancel().get();
      }
    }
  }

  private static MqttAsyncClient connect(String uri, String id) throws Exception {
    MqttAsyncClient c = new MqttAsyncClient(uri, id, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    c.connect(o).waitForCompletion(10_000);
    return c;
  }

  private static final int METERS = 7; // the counters and gauges of PlantReadings except weather

  static void throughput(MosquittoServer broker, InfluxServer influx, int minutes)
      throws Exception {
    long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    int total = minutes * PlantReadings.METERS.length;
    MqttAsyncClient pub = connect(broker.uri(), "bench-pub");
    List<IMqttToken> window = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int p = 0; p < total; p++) {
      Reading r = PlantReadings.reading(p, start, 60_000L);
      MqttMessage m = new MqttMessage(WireCodec.encode(r));
      m.setQos(1);
      window.add(pub.publish(Topics.readings(r.site(), r.agent(), r.meter()), m));
      if (window.size() >= 1_000) {
        for (IMqttToken t : window) {
          t.waitForCompletion(60_000);
        }
        window.clear();
      }
    }
    for (IMqttToken t : window) {
      t.waitForCompletion(60_000);
    }
    double publishSeconds = (System.nanoTime() - t0) / 1e9;
    // The last minute whose window has closed: the watermark is 30 s behind the newest reading and
    // minute windows fire 2 min after their end.
    long lastClosed = start + (minutes - 4) * 60_000L;
    String q =
        "SELECT count(value) FROM activity WHERE level = 'meter' AND \"window\" = '1m' AND time >= '"
            + Instant.ofEpochMilli(start)
            + "' AND time < '"
            + Instant.ofEpochMilli(lastClosed)
            + "' GROUP BY id";
    long expectedPerMeter = (lastClosed - start) / 60_000L;
    while (true) {
      List<Map<String, Object>> rows = influx.query("bench", q);
      long complete =
          rows.stream()
              .filter(r -> ((Number) r.get("count")).longValue() >= expectedPerMeter)
              .count();
      if (complete >= METERS) {
        break;
      }
      Thread.sleep(500);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "end to end: %,d readings published in %.1f s (%,.0f/s); all minute windows up to the last"
            + " closed one stored after %.1f s = %,.0f readings/s sustained%n",
        total, publishSeconds, total / publishSeconds, seconds, total / seconds);
    // Nothing lost: the stored minutes of M-MAIN add up to last − first of its register.
    List<Map<String, Object>> sum =
        influx.query(
            "bench",
            "SELECT sum(value) FROM activity WHERE id = 'M-MAIN' AND level = 'meter' AND \"window\" = '1m' AND time >= '"
                + Instant.ofEpochMilli(start)
                + "' AND time < '"
                + Instant.ofEpochMilli(lastClosed)
                + "'");
    double stored = ((Number) sum.get(0).get("sum")).doubleValue();
    double expected = expectedPerMeter * 5.125;
    System.out.printf(
        "nothing lost: M-MAIN stored %.3f kWh, register says %.3f kWh, difference %.6f%n",
        stored, expected, stored - expected);
  }

  static void latency(MosquittoServer broker, int rate, int seconds) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    MqttAsyncClient sub = new MqttAsyncClient(broker.uri(), "bench-live", new MemoryPersistence());
    sub.setCallback(
        new org.eclipse.paho.mqttv5.client.MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage msg) {
            LiveSample s = WireCodec.decodeLiveSample(msg.getPayload());
            latencies.add(System.currentTimeMillis() - s.time().toEpochMilli());
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
    System.out.printf(
        "latency reading → live topic at %,.0f readings/s: %d samples, p50 %d ms, p99 %d ms, max %d ms%n",
        actualRate,
        sorted.size(),
        sorted.get(sorted.size() / 2),
        sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)),
        sorted.get(sorted.size() - 1));
  }
}
