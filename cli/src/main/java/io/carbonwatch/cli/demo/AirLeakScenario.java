package io.carbonwatch.cli.demo;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The scripted anomaly: at a simulated instant, line 1 stops for an unplanned repair but nobody
 * isolates its compressed-air header, so the compressors keep running at production load and the
 * air leaks out of the open line. Production falls to {@value #LINE_FACTOR_DURING_LEAK} of its
 * normal rate; compressor energy does not. Against {@code BL-AIR} (energy per hour normalised by
 * production) that is far above the baseline, and {@code dev-air-energy} raises an alert once three
 * hourly windows in a row deviate.
 */
final class AirLeakScenario implements DemoComponent {
  static final double LINE_FACTOR_DURING_LEAK = 0.2;

  private final DemoPlant plant;
  private final PlantFeeds feeds;
  private final Instant at;
  private final PrintStream out;
  private volatile boolean running;
  private volatile boolean triggered;
  private Thread thread;

  AirLeakScenario(DemoPlant plant, PlantFeeds feeds, Instant at, PrintStream out) {
    this.plant = plant;
    this.feeds = feeds;
    this.at = at;
    this.out = out;
  }

  @Override
  public String name() {
    return "scenario";
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::run, "cw-demo-scenario");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running && plant.clock().now().isBefore(at)) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
    if (!running) {
      return;
    }
    feeds.setLineFactor(LINE_FACTOR_DURING_LEAK);
    triggered = true;
    out.println(
        "[demo] "
            + local(plant.clock().now())
            + " line 1 stopped, compressed air left on: leak begins (expect alert dev-air-energy"
            + " after 3 simulated hours) / 1号线停机但压缩空气未关闭，泄漏开始（约 3 个模拟小时后"
            + "触发 dev-air-energy 告警）");
  }

  boolean triggered() {
    return triggered;
  }

  private String local(Instant t) {
    ZoneId z = plant.site().timeZone();
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(t.atZone(z)) + " (" + z + ")";
  }

  @Override
  public String describe() {
    return "Scenario      compressed-air leak at " + local(at) + " simulated / 压缩空气泄漏";
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }
}
