package io.carbonwatch.bench.jobs;

import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * A generated fleet for the throughput benchmark: {@code sites} sites, each with a main incomer, a
 * natural-gas corrector, a production counter, an outdoor temperature sensor and {@code subMeters}
 * electricity sub-meters grouped ten to an SEU, one virtual meter (main − the first SEU's
 * sub-meters), grid and gas carbon sources, production and heating degree-days as relevant
 * variables, an hourly baseline with a deviation rule on the first SEU. Every meter is polled every
 * 10 s of event time, as an edge agent does, so a given reading rate corresponds to a plausible
 * fleet: 8 sites × 500 meters at 10 s is 400 readings per second of event time.
 *
 * <p>Messages are produced from per-meter byte templates (no JSON encoder per record); the payload
 * is exactly what {@code WireCodec.encode(Reading)} would write. Index {@code i} of {@code total}
 * maps so that every source split advances through event time together and each meter is always
 * read by the same split, as MQTT shared subscriptions would keep one meter's order per reader.
 */
public final class LargePlant implements GeneratorFunction<Long, MqttMessageRecord> {
  private static final long serialVersionUID = 1L;
  static final long POLL_MS = 10_000;

  private final int sites;
  private final int subMeters;
  private final long total;
  private final int splits;
  private final long startEpochMs;
  private transient volatile byte[][] prefix;
  private transient String[] topics;
  private transient int[] kind;

  /** The last tick's encoded time, as one object so callers on several threads stay consistent. */
  private record TickTime(long tick, byte[] bytes) {}

  private transient volatile TickTime cachedTime;
  private transient ThreadLocal<Bytes> scratch;

  public LargePlant(int sites, int subMeters, long total, int splits, Instant start) {
    this.sites = sites;
    this.subMeters = subMeters;
    this.total = total;
    this.splits = splits;
    this.startEpochMs = start.toEpochMilli();
  }

  int metersPerSite() {
    return subMeters + 4;
  }

  int meters() {
    return sites * metersPerSite();
  }

  static String site(int s) {
    return String.format("site-%03d", s);
  }

  static String subMeter(int m) {
    return String.format("E-%04d", m);
  }

  private static final String[] FIXED = {"M-MAIN", "M-GAS", "M-PROD", "M-WEATHER"};

  private String meterId(int local) {
    return local < FIXED.length ? FIXED[local] : subMeter(local - FIXED.length + 1);
  }

  /** The site model of the fleet, valid for core's loader. */
  public String siteModelYaml() {
    StringBuilder y = new StringBuilder();
    y.append("organisation:\n  id: bench-co\n  name: {zh: 名, en: Benchmark fleet}\n");
    y.append("factors:\n  gwp: AR5\n  combustion: gbt32151\n  grid: \"cn-grid:east:2023\"\n");
    y.append("  heat: \"cn-heat:default\"\n");
    y.append("sites:\n");
    for (int s = 0; s < sites; s++) {
      String id = site(s);
      y.append("  - id: ").append(id).append('\n');
      y.append("    name: {zh: 名, en: Site ").append(s).append("}\n");
      y.append("    timeZone: Asia/Shanghai\n    gridRegion: east\n    province: shanghai\n");
      y.append("    agents:\n      - id: edge-1\n        gateways:\n");
      int gateways = subMeters / 200 + 1;
      for (int g = 0; g < gateways; g++) {
        y.append("          - {id: gw-")
            .append(g)
            .append(", transport: tcp, host: 127.0.0.1, port: ")
            .append(15020 + g)
            .append("}\n");
      }
      y.append("    meters:\n");
      y.append(
          """
                - id: M-MAIN
                  name: {zh: 名, en: Main incomer}
                  level: organisation
                  energyType: electricity
                  accuracyClass: 0.5S
                  calibration: {intervalMonths: 12, status: qualified}
                  read: {protocol: modbus, agent: edge-1, gateway: gw-0, unitId: 1, profile: acrel-dtsd1352}
                  pollInterval: 10s
                  channels:
                    - {id: energy_import, quantity: electricity, kind: counter, unit: kWh}
                    - {id: power_active, quantity: active_power, kind: gauge, unit: kW}
                - id: M-GAS
                  name: {zh: 名, en: Gas corrector}
                  level: organisation
                  energyType: natural_gas
                  accuracyClass: "1"
                  calibration: {intervalMonths: 24, status: qualified}
                  read: {protocol: modbus, agent: edge-1, gateway: gw-0, unitId: 2, profile: gas-volume-corrector}
                  pollInterval: 10s
                  channels:
                    - {id: volume_standard, quantity: natural_gas, kind: counter, unit: Nm3}
                    - {id: flow_standard, quantity: gas_flow, kind: gauge, unit: Nm3/h}
                    - {id: temperature, quantity: temperature, kind: gauge, unit: °C}
                    - {id: pressure, quantity: pressure, kind: gauge, unit: kPa}
                - id: M-PROD
                  name: {zh: 名, en: Production counter}
                  level: main_equipment
                  energyType: production
                  calibration: {intervalMonths: 12, status: qualified}
                  read: {protocol: mqtt, agent: edge-1, topic: factory/counter, format: json, timePointer: /ts, fields: [{channel: units, pointer: /count}]}
                  pollInterval: 10s
                  channels:
                    - {id: units, quantity: production, kind: counter, unit: pcs}
                - id: M-WEATHER
                  name: {zh: 名, en: Outdoor temperature}
                  level: main_equipment
                  energyType: temperature
                  accuracyClass: "0.5"
                  calibration: {intervalMonths: 24, status: qualified}
                  read: {protocol: mqtt, agent: edge-1, topic: factory/weather, format: json, timePointer: /time, fields: [{channel: temperature, pointer: /t}]}
                  pollInterval: 10s
                  channels:
                    - {id: temperature, quantity: temperature, kind: gauge, unit: °C}
          """);
      for (int m = 1; m <= subMeters; m++) {
        int gateway = (m + 2) / 200;
        int unit = (m + 2) % 200 + 1;
        // One line per meter: the loader caps a document at 3 Mi code points.
        y.append("      - {id: ")
            .append(subMeter(m))
            .append(", name: {zh: 名, en: Sub-meter ")
            .append(m);
        y.append("}, level: main_equipment, energyType: electricity, accuracyClass: \"1\",");
        y.append(" calibration: {intervalMonths: 12, status: qualified},");
        y.append(" read: {protocol: modbus, agent: edge-1, gateway: gw-").append(gateway);
        y.append(", unitId: ")
            .append(unit)
            .append(", profile: eastron-sdm630}, pollInterval: 10s,");
        y.append(
            " channels: [{id: energy_import, quantity: electricity, kind: counter, unit: kWh},");
        y.append(" {id: power_active, quantity: active_power, kind: gauge, unit: W}]}\n");
      }
      int firstSeu = Math.min(10, subMeters);
      y.append(
          "    virtualMeters:\n      - id: VM-OTHER\n        name: {zh: 名, en: Other loads}\n");
      y.append("        quantity: electricity\n        unit: kWh\n        formula: \"M-MAIN");
      for (int m = 1; m <= firstSeu; m++) {
        y.append(" - ").append(subMeter(m));
      }
      y.append("\"\n");
      y.append(
          """
              sources:
                - {id: SRC-GRID, name: {zh: 名, en: Grid}, type: purchased_electricity, activity: M-MAIN.energy_import, scope: 2}
                - {id: SRC-GAS, name: {zh: 名, en: Boiler gas}, type: stationary_combustion, fuel: natural_gas, activity: M-GAS.volume_standard, factor: "gbt32151:natural_gas", scope: 1}
              relevantVariables:
                - {id: RV-PROD, name: {zh: 名, en: Production}, kind: production, source: M-PROD.units, unit: pcs}
                - {id: RV-HDD, name: {zh: 名, en: HDD}, kind: heating_degree_days, source: M-WEATHER.temperature, unit: K·d, baseTemperatureC: 18}
          """);
      y.append("    seus:\n");
      for (int g = 0; g * 10 < subMeters; g++) {
        y.append("      - id: SEU-").append(String.format("%03d", g + 1));
        y.append("\n        name: {zh: 名, en: SEU ").append(g + 1).append("}\n        meters: [");
        for (int m = g * 10 + 1; m <= Math.min(subMeters, g * 10 + 10); m++) {
          y.append(m == g * 10 + 1 ? "" : ", ").append(subMeter(m));
        }
        y.append("]\n        relevantVariables: [RV-PROD]\n");
      }
      y.append(
          "      - {id: SEU-BOILER, name: {zh: 名, en: Boiler}, meters: [M-GAS], sources: [SRC-GAS]}\n");
      y.append(
          """
              baselines:
                - id: BL-SEU-001
                  name: {zh: 名, en: SEU 1 baseline}
                  target: SEU-001
                  measure: energy
                  basePeriodStart: 2025-01-01
                  basePeriodEnd: 2025-06-30
                  granularity: hour
                  relevantVariables: [RV-PROD]
                  model: {intercept: 38.0, coefficients: {RV-PROD: 0.42}, residualStdError: 6.5}
              deviationRules:
                - id: dev-seu-001
                  name: {zh: 名, en: SEU 1 above baseline}
                  baseline: BL-SEU-001
                  window: 1h
                  method: percent
                  direction: above
                  severities: {minor: 10, major: 20}
                  minConsecutiveWindows: 3
                  clearBelow: 5
          """);
    }
    return y.toString();
  }

  /** Builds the templates; {@code prefix} is published last so other threads see all three. */
  private synchronized void init() {
    if (prefix != null) {
      return;
    }
    scratch = ThreadLocal.withInitial(() -> new Bytes(768));
    int n = meters();
    byte[][] prefix = new byte[n][];
    topics = new String[n];
    kind = new int[n];
    for (int i = 0; i < n; i++) {
      int s = i / metersPerSite();
      int local = i % metersPerSite();
      String meter = meterId(local);
      topics[i] = Topics.readings(site(s), "edge-1", meter);
      kind[i] = Math.min(local, FIXED.length);
      prefix[i] =
          ("{\"v\":1,\"site\":\""
                  + site(s)
                  + "\",\"agent\":\"edge-1\",\"meter\":\""
                  + meter
                  + "\",\"seq\":")
              .getBytes(StandardCharsets.UTF_8);
    }
    this.prefix = prefix;
  }

  @Override
  public MqttMessageRecord map(Long index) {
    if (prefix == null) {
      init();
    }
    long per = (total + splits - 1) / splits;
    long p = (index % per) * splits + index / per;
    int meter = (int) (p % meters());
    long tick = p / meters();
    TickTime time = cachedTime;
    if (time == null || time.tick() != tick) {
      time =
          new TickTime(
              tick,
              Instant.ofEpochMilli(startEpochMs + tick * POLL_MS)
                  .toString()
                  .replace("Z", ".000Z")
                  .getBytes(StandardCharsets.UTF_8));
      cachedTime = time;
    }
    // One scratch buffer per generating thread, large enough for every message kind: a buffer per
    // message (and growing it before that) was most of the benchmark's garbage.
    Bytes b = scratch.get();
    b.n = 0;
    b.put(prefix[meter]).num(tick + 1).put(F_TIME).put(time.bytes()).put(F_VALUES);
    switch (kind[meter]) {
      case 0 -> {
        b.value(C_ENERGY, 1_000_000_000L + tick * 850 + meter, U_KWH).put(F_COMMA);
        b.value(C_POWER, 306_000 + meter % 1000, U_KW);
      }
      case 1 -> {
        b.value(C_VOLUME, 880_000_000L + tick * 420, U_NM3).put(F_COMMA);
        b.value(C_FLOW, 151_200, U_NM3H).put(F_COMMA);
        b.value(C_TEMPERATURE, 18_500, U_CELSIUS).put(F_COMMA);
        b.value(C_PRESSURE, 101_300, U_KPA);
      }
      case 2 -> b.value(C_UNITS, 125_000_000L + tick * 7_000, U_PCS);
      case 3 -> b.value(C_TEMPERATURE, 10_000 + tick % 600, U_CELSIUS);
      default -> {
        b.value(C_ENERGY, 50_000_000L + tick * (30 + meter % 50), U_KWH).put(F_COMMA);
        b.value(C_POWER, 10_800_000L + (meter % 50) * 360_000L, U_W);
      }
    }
    b.put(F_END);
    return new MqttMessageRecord(topics[meter], b.bytes(), System.currentTimeMillis());
  }

  // Constant fragments, encoded once (a map lookup per fragment was a tenth of the generator).
  private static final byte[] F_TIME = utf8(",\"time\":\"");
  private static final byte[] F_VALUES = utf8("\",\"values\":[");
  private static final byte[] F_COMMA = utf8(",");
  private static final byte[] F_END = utf8("]}");
  private static final byte[] F_CHANNEL = utf8("{\"channel\":\"");
  private static final byte[] F_VALUE = utf8("\",\"value\":");
  private static final byte[] F_UNIT = utf8(",\"unit\":\"");
  private static final byte[] F_GOOD = utf8("\",\"quality\":\"good\"}");
  private static final byte[] C_ENERGY = utf8("energy_import");
  private static final byte[] C_POWER = utf8("power_active");
  private static final byte[] C_VOLUME = utf8("volume_standard");
  private static final byte[] C_FLOW = utf8("flow_standard");
  private static final byte[] C_TEMPERATURE = utf8("temperature");
  private static final byte[] C_PRESSURE = utf8("pressure");
  private static final byte[] C_UNITS = utf8("units");
  private static final byte[] U_KWH = utf8("kWh");
  private static final byte[] U_KW = utf8("kW");
  private static final byte[] U_W = utf8("W");
  private static final byte[] U_NM3 = utf8("Nm3");
  private static final byte[] U_NM3H = utf8("Nm3/h");
  private static final byte[] U_CELSIUS = utf8("°C");
  private static final byte[] U_KPA = utf8("kPa");
  private static final byte[] U_PCS = utf8("pcs");

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /** A tiny byte builder: values are written as fixed-point thousandths. */
  private static final class Bytes {
    private byte[] a;
    private int n;

    Bytes(int capacity) {
      a = new byte[capacity];
    }

    private void ensure(int more) {
      if (n + more > a.length) {
        a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + more));
      }
    }

    Bytes put(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, a, n, b.length);
      n += b.length;
      return this;
    }

    /** Decimal digits of {@code v} ≥ 0, one division per digit. */
    Bytes num(long v) {
      ensure(20);
      if (v == 0) {
        a[n++] = '0';
        return this;
      }
      int digits = 1;
      while (digits < 19 && v >= POW10[digits]) {
        digits++;
      }
      int i = n + digits;
      while (v > 0) {
        long q = v / 10;
        a[--i] = (byte) ('0' + (v - q * 10));
        v = q;
      }
      n += digits;
      return this;
    }

    /** {@code milli / 1000} with three decimals ({@code milli} ≥ 0). */
    Bytes value(byte[] channel, long milli, byte[] unit) {
      put(F_CHANNEL).put(channel).put(F_VALUE);
      num(milli / 1000);
      ensure(4);
      long frac = milli % 1000;
      a[n++] = '.';
      a[n++] = (byte) ('0' + frac / 100);
      a[n++] = (byte) ('0' + frac / 10 % 10);
      a[n++] = (byte) ('0' + frac % 10);
      return put(F_UNIT).put(unit).put(F_GOOD);
    }

    byte[] bytes() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
