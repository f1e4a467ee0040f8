package io.carbonwatch.edge.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.carbonwatch.core.site.yaml.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Faults on a timeline of simulated time, e.g.
 *
 * <pre>
 * faults:
 *   - {meter: M-AIR-1, fault: timeout, at: 10m, for: 2m}
 *   - {meter: M-GAS, fault: counter_reset, at: 1h}
 *   - {meter: M-CHILL, fault: slow, at: 5m, for: 1m, param: 800}
 * </pre>
 *
 * {@code at} and {@code for} are simulated durations from the simulator's start; {@code param} is
 * the fault's parameter (slow: milliseconds, replacement: new counter value, spike: factor).
 */
public record FaultScript(List<Step> steps) {

  public record Step(String meter, FaultType fault, Duration at, Duration duration, double param) {}

  public FaultScript {
    steps = List.copyOf(steps);
  }

  public static FaultScript load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    JsonNode list = root == null ? null : root.get("faults");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(file + " faults: expected a list");
    }
    List<Step> steps = new ArrayList<>();
    Set<String> keys = Set.of("meter", "fault", "at", "for", "param");
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      String p = file.getFileName() + " faults[" + i + "]";
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!keys.contains(k)) {
          throw new IllegalArgumentException(
              p + "." + k + ": unknown key; expected one of " + keys);
        }
      }
      try {
        FaultType f = FaultType.parse(n.path("fault").asText(null));
        Duration at = Durations.parse(n.path("at").asText("0s"));
        Duration dur = n.has("for") ? Durations.parse(n.get("for").asText()) : null;
        if (n.path("meter").asText("").isEmpty()) {
          throw new IllegalArgumentException("meter: required");
        }
        steps.add(new Step(n.get("meter").asText(), f, at, dur, n.path("param").asDouble(0)));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(p + "." + e.getMessage(), e);
      }
    }
    return new FaultScript(steps);
  }

  /** Fails naming the first step whose meter no simulator serves. */
  public void check(List<String> meterIds) {
    for (int i = 0; i < steps.size(); i++) {
      if (!meterIds.contains(steps.get(i).meter())) {
        throw new IllegalArgumentException(
            "faults["
                + i
                + "].meter: no simulated Modbus meter "
                + steps.get(i).meter()
                + "; expected one of "
                + meterIds);
      }
    }
  }

  /** Schedules every step on the simulator (converted to wall-clock time by its speed). */
  public ScheduledExecutorService schedule(Simulator sim) {
    ScheduledExecutorService ex =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cw-sim-faults");
              t.setDaemon(true);
              return t;
            });
    for (Step s : steps) {
      if (!sim.meterIds().contains(s.meter())) {
        continue; // another site's meter
      }
      long start = sim.clock().wall(s.at()).toNanos();
      ex.schedule(
          () -> sim.meter(s.meter()).inject(s.fault(), s.param()), start, TimeUnit.NANOSECONDS);
      if (s.duration() != null && !s.fault().oneShot()) {
        long end = start + sim.clock().wall(s.duration()).toNanos();
        ex.schedule(() -> sim.meter(s.meter()).clear(s.fault()), end, TimeUnit.NANOSECONDS);
      }
    }
    return ex;
  }
}
