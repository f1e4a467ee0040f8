package io.carbonwatch.cli.demo;

import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.MqttAcquisition;
import io.carbonwatch.edge.sim.LoadShape;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The plant's MQTT-native devices, which the Modbus simulator does not cover: line 1's production
 * counter ({@code M-PROD}) and the outdoor temperature sensor ({@code M-WEATHER}). They publish on
 * their own topics in their own JSON, as the real devices would, and the edge agent maps them.
 *
 * <p>Production follows the simulator's {@link LoadShape}, at {@value #FULL_RATE_PCS_PER_H} pieces
 * per hour at full rate — the rate at which the demo plant's compressed-air baseline ({@code
 * BL-AIR}, 38 kWh + 0.42 kWh/pc per hour) matches the simulated compressors (2 × 60 kW at 30 % base
 * load).
 */
final class PlantFeeds implements DemoComponent {
  static final double FULL_RATE_PCS_PER_H = 195.0;
  static final String PRODUCTION_METER = "M-PROD";
  static final String WEATHER_METER = "M-WEATHER";

  private final DemoPlant plant;
  private final String brokerUri;
  private final LoadShape shape;
  private volatile double lineFactor = 1.0;
  private double count;
  private Instant countedTo;
  private MqttClient client;
  private ScheduledExecutorService timer;

  PlantFeeds(DemoPlant plant, String brokerUri) {
    this.plant = plant;
    this.brokerUri = brokerUri;
    this.shape = new LoadShape(plant.site().timeZone(), 0.3);
  }

  @Override
  public String name() {
    return "plant-feeds";
  }

  /** Share of its normal rate line 1 produces from now on (the scenario stops the line). */
  void setLineFactor(double factor) {
    this.lineFactor = factor;
  }

  @Override
  public void start() throws MqttException {
    client = new MqttClient(brokerUri, "carbonwatch-demo-feeds", new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setAutomaticReconnect(true);
    o.setCleanStart(true);
    client.connect(o);
    countedTo = plant.clock().now();
    count = 120_000;
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cw-demo-feeds");
              t.setDaemon(true);
              return t;
            });
    schedule(PRODUCTION_METER, this::publishProduction);
    schedule(WEATHER_METER, this::publishWeather);
  }

  private void schedule(String meterId, Runnable task) {
    Meter m =
        plant
            .site()
            .meter(meterId)
            .orElseThrow(
                () -> new DemoException("site model: meter " + meterId + " missing (demo feeds)"));
    long periodMs = plant.wallPeriod(m.pollInterval()).toMillis();
    timer.scheduleAtFixedRate(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            // keep feeding; a broker hiccup must not end the demo's production counter
            System.err.println("demo feeds: " + e.getMessage());
          }
        },
        0,
        periodMs,
        TimeUnit.MILLISECONDS);
  }

  private synchronized void publishProduction() {
    Instant now = plant.clock().now();
    count += produced(countedTo, now);
    countedTo = now;
    publish(
        PRODUCTION_METER,
        String.format(Locale.ROOT, "{\"ts\":\"%s\",\"count\":%d}", now, (long) Math.floor(count)));
  }

  /** Pieces made in {@code [from, to)}: the rate integrated in one-minute steps. */
  private double produced(Instant from, Instant to) {
    double pieces = 0;
    Instant t = from;
    while (t.isBefore(to)) {
      Instant next = t.plus(Duration.ofMinutes(1));
      if (next.isAfter(to)) {
        next = to;
      }
      double hours = Duration.between(t, next).toNanos() / 3.6e12;
      Instant mid = t.plusNanos(Duration.between(t, next).toNanos() / 2);
      pieces += FULL_RATE_PCS_PER_H * shape.production(mid) * lineFactor * hours;
      t = next;
    }
    return pieces;
  }

  private void publishWeather() {
    Instant now = plant.clock().now();
    ZonedDateTime z = now.atZone(plant.site().timeZone());
    double hour = z.getHour() + z.getMinute() / 60.0;
    // a mild late-autumn day in Shanghai: 8 °C before dawn, 16 °C mid-afternoon
    double tempC = 12 + 4 * Math.sin(2 * Math.PI * (hour - 9) / 24);
    publish(
        WEATHER_METER, String.format(Locale.ROOT, "{\"time\":\"%s\",\"temp_c\":%.2f}", now, tempC));
  }

  private void publish(String meterId, String json) {
    Meter m = plant.site().meter(meterId).orElseThrow();
    if (!(m.read() instanceof MqttAcquisition a)) {
      throw new DemoException("site model: " + meterId + " is not an MQTT meter (demo feeds)");
    }
    try {
      MqttMessage msg = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
      msg.setQos(1);
      client.publish(a.topic(), msg);
    } catch (MqttException e) {
      throw new IllegalStateException(meterId + ": publish failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "Plant feeds   production counter and outdoor temperature over MQTT";
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer = null;
    }
    if (client != null) {
      try {
        if (client.isConnected()) {
          client.disconnect(2_000);
        }
        client.close();
      } catch (MqttException e) {
        // closing anyway
      }
      client = null;
    }
  }
}
