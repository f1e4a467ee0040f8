package io.carbonwatch.edge.sim;

import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import io.carbonwatch.core.modbus.DeviceProfile;
import io.carbonwatch.core.modbus.ProfileField;
import io.carbonwatch.core.modbus.RegisterCodec;
import io.carbonwatch.core.site.ChannelKind;
import io.carbonwatch.core.site.RegisterType;
import io.carbonwatch.edge.poll.Units;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * One simulated Modbus device: every field of its profile computed from simulated time. Counters
 * integrate the load shape, so energy grows realistically; faults are injected from tests or a
 * fault script.
 */
public final class SimulatedMeter {
  private static final double MAX_STEP_HOURS = 1.0 / 60;

  private final String id;
  private final DeviceProfile profile;
  private final double nominal;
  private final double ptRatio;
  private final double ctRatio;
  private final LoadShape shape;
  private final long seed;
  private final SimClock clock;

  private Instant integratedTo;

  /** ∫ load dt in hours (equivalent full-load hours). */
  private double fullLoadHours;

  private final Map<String, Double> counterOffset = new HashMap<>();
  private final Map<FaultType, Double> active = new EnumMap<>(FaultType.class);
  private Instant frozenAt;
  private long reads;

  /**
   * @param nominal full-load power in kW (electricity) or flow in Nm³/h (gas)
   * @param ptRatio voltage transformer ratio the device's values are divided by (1 when none)
   */
  public SimulatedMeter(
      String id,
      DeviceProfile profile,
      double nominal,
      double ptRatio,
      double ctRatio,
      LoadShape shape,
      long seed,
      SimClock clock,
      double initialFullLoadHours) {
    this.id = id;
    this.profile = profile;
    this.nominal = nominal;
    this.ptRatio = ptRatio;
    this.ctRatio = ctRatio;
    this.shape = shape;
    this.seed = seed ^ id.hashCode() * 0x9E3779B97F4A7C15L;
    this.clock = clock;
    this.integratedTo = clock.now();
    this.fullLoadHours = initialFullLoadHours;
  }

  public String id() {
    return id;
  }

  public DeviceProfile profile() {
    return profile;
  }

  /** Reads served so far (for tests and the benchmark). */
  public synchronized long reads() {
    return reads;
  }

  // ---- faults ---------------------------------------------------------------------------------

  /** Starts a fault; one-shot faults (counter reset, rollover, replacement) act immediately. */
  public synchronized void inject(FaultType fault, double param) {
    advance(clock.now());
    switch (fault) {
      case COUNTER_RESET -> setCounters(name -> 0.0);
      case REPLACEMENT -> setCounters(name -> param);
      case ROLLOVER -> setCounters(this::justBelowRollover);
      case FROZEN -> {
        frozenAt = integratedTo;
        active.put(fault, param);
      }
      default -> active.put(fault, param);
    }
  }

  public synchronized void clear(FaultType fault) {
    active.remove(fault);
    if (fault == FaultType.FROZEN && frozenAt != null) {
      // the counters did not advance while frozen on the display side; the meter kept counting
      frozenAt = null;
    }
  }

  public synchronized void clearAll() {
    for (FaultType f : FaultType.values()) {
      clear(f);
    }
  }

  public synchronized boolean has(FaultType fault) {
    return active.containsKey(fault);
  }

  private void setCounters(java.util.function.ToDoubleFunction<String> target) {
    for (ProfileField f : profile.fields()) {
      if (f.kind() == ChannelKind.COUNTER) {
        double base = counterBase(f);
        counterOffset.put(f.name(), target.applyAsDouble(f.name()) - base);
      }
    }
  }

  private double justBelowRollover(String name) {
    ProfileField f = profile.field(name).orElseThrow();
    if (f.type() == RegisterType.F32 || f.type() == RegisterType.F64) {
      return counterBase(f) + counterOffset.getOrDefault(name, 0.0);
    }
    double maxRaw =
        switch (f.type()) {
          case U16 -> 65535;
          case I16 -> 32767;
          case U32 -> 4294967295.0;
          case I32 -> 2147483647.0;
          default -> 9.0e15;
        };
    double perRawUnit = f.scale() * f.ratio().factor(ptRatio, ctRatio);
    // two simulated minutes at full load below the maximum
    double margin = counterPerHour(f) * 2 / 60;
    return maxRaw * perRawUnit + f.offset() - margin;
  }

  // ---- values ---------------------------------------------------------------------------------

  /** Time the values are computed for: now, or the freeze instant while frozen. */
  private Instant effectiveTime() {
    Instant now = clock.now();
    advance(now);
    return frozenAt != null ? frozenAt : now;
  }

  private void advance(Instant to) {
    if (frozenAt != null || !to.isAfter(integratedTo)) {
      return;
    }
    double totalHours = Duration.between(integratedTo, to).toNanos() / 3.6e12;
    int steps = (int) Math.ceil(totalHours / MAX_STEP_HOURS);
    double h = totalHours / steps;
    Instant t = integratedTo;
    for (int i = 0; i < steps; i++) {
      Instant mid = t.plusNanos((long) (h * 3.6e12 / 2));
      fullLoadHours += shape.load(mid) * h;
      t = t.plusNanos((long) (h * 3.6e12));
    }
    integratedTo = to;
  }

  /** The counter's value in its own unit before any offset. */
  private double counterBase(ProfileField f) {
    return counterPerHour(f) * fullLoadHours;
  }

  /** How much a counter advances per hour at full load, in the field's unit. */
  private double counterPerHour(ProfileField f) {
    String q = f.quantity();
    if ("electricity".equals(q)) {
      return nominal * Units.factor("kWh", f.unit()).orElse(1.0);
    }
    if (q.startsWith("natural_gas") || q.startsWith("gas")) {
      return nominal * ("natural_gas_working".equals(q) ? 0.35 : 1.0);
    }
    return nominal;
  }

  /** Deterministic noise in [-1, 1] for a field and second of simulated time. */
  private double noise(String field, Instant t) {
    long x =
        seed ^ field.hashCode() * 0xBF58476D1CE4E5B9L ^ (t.getEpochSecond() * 0x94D049BB133111EBL);
    x ^= x >>> 31;
    x *= 0x7FB5D7A4A9D3E4C5L;
    x ^= x >>> 29;
    return ((x >>> 11) / (double) (1L << 53)) * 2 - 1;
  }

  /** The engineering value of a field at {@code t}. */
  double value(ProfileField f, Instant t) {
    double load = shape.load(t);
    double n = noise(f.name(), t);
    String q = f.quantity();
    if (f.kind() == ChannelKind.COUNTER) {
      return counterBase(f) + counterOffset.getOrDefault(f.name(), 0.0);
    }
    double powerKw = nominal * load * (1 + 0.02 * n);
    double spike = active.getOrDefault(FaultType.SPIKE, 1.0);
    return spike
        * switch (q) {
          case "active_power" -> powerKw * Units.factor("kW", f.unit()).orElse(1.0);
          case "voltage" ->
              (f.name().contains("line") || f.name().contains("_ab") ? 400 : 230) * (1 + 0.005 * n);
          case "current" -> powerKw * 1000 / (3 * 230 * 0.92) * (1 + 0.01 * n);
          case "power_factor" -> 0.92 + 0.02 * n;
          case "frequency" -> 50.0 + 0.02 * n;
          case "gas_flow" -> powerKw * (f.unit().startsWith("Nm3") ? 1.0 : 0.35);
          case "temperature" -> 15 + 2 * n;
          case "pressure" -> 300 * Units.factor("kPa", f.unit()).orElse(1.0) * (1 + 0.01 * n);
          default -> powerKw;
        };
  }

  /** Serves one read: the registers of {@code [start, start+count)} of function 3 or 4. */
  public int[] read(int function, int start, int count) {
    Double slowMs;
    synchronized (this) {
      reads++;
      if (active.containsKey(FaultType.EXCEPTION)) {
        throw new IllegalAddressException("simulated exception");
      }
      slowMs = active.get(FaultType.SLOW);
    }
    waitWhileTimingOut();
    if (slowMs != null) {
      sleep(slowMs.longValue());
    }
    synchronized (this) {
      Instant t = effectiveTime();
      int[] out = new int[count];
      for (ProfileField f : profile.fields()) {
        if (f.function() != function || f.end() <= start || f.address() >= start + count) {
          continue;
        }
        int[] words =
            RegisterCodec.encode(f.raw(value(f, t), ptRatio, ctRatio), f.type(), f.order());
        for (int i = 0; i < words.length; i++) {
          int a = f.address() + i - start;
          if (a >= 0 && a < count) {
            out[a] = words[i];
          }
        }
      }
      return out;
    }
  }

  private void waitWhileTimingOut() {
    // bounded, so held requests cannot use up the slave's thread pool during a long fault
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      synchronized (this) {
        if (!active.containsKey(FaultType.TIMEOUT)) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        return;
      }
      sleep(20);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The value a field has now (for tests comparing against what the agent published). */
  public synchronized double valueNow(String field) {
    return value(profile.field(field).orElseThrow(), effectiveTime());
  }
}
