package io.carbonwatch.jobs;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One local day of the example plant (docs/examples/demo-plant.yaml), one reading per meter per
 * minute, generated deterministically so tests can compute the expected totals independently of the
 * job. Counters are kept as exact decimals with three places, as a meter register would.
 *
 * <p>Load shape: production 4 pcs/min 08:00–20:00 and 1 pcs/min otherwise; compressed air follows
 * its baseline (38 kWh + 0.42 kWh/pcs per hour), {@code airFactor} times higher in the scripted
 * hours; chillers and boiler follow their daily baselines at 10 °C outside (0 CDD, 8 HDD); other
 * loads 50 kWh/h; PV 30 kWh/h 07:00–17:00; one 2.5 kg R-410A top-up at 14:00.
 */
public final class SimulatedPlantDay {
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  public static final String SITE = "sh-plant";
  public static final String AGENT = "edge-1";
  private static final Duration MIN = Duration.ofMinutes(1);

  public final LocalDate day;
  public final Instant dayStart;
  public final Instant dayEnd;
  public final Instant first;
  public final Instant last;
  private final java.util.function.IntPredicate scriptedHour;
  private final double airFactor;

  /** Counter values at every minute, by meter.channel. */
  public final Map<String, Map<Instant, BigDecimal>> counters = new HashMap<>();

  public final List<Reading> readings = new ArrayList<>();

  public SimulatedPlantDay(
      LocalDate day,
      Duration before,
      Duration after,
      java.util.function.IntPredicate scriptedHour,
      double airFactor) {
    this.day = day;
    this.dayStart = day.atStartOfDay(ZONE).toInstant();
    this.dayEnd = day.plusDays(1).atStartOfDay(ZONE).toInstant();
    this.first = dayStart.minus(before);
    this.last = dayEnd.plus(after);
    this.scriptedHour = scriptedHour;
    this.airFactor = airFactor;
    generate();
  }

  public static SimulatedPlantDay standard() {
    return new SimulatedPlantDay(
        LocalDate.of(2026, 11, 23),
        Duration.ofMinutes(10),
        Duration.ofMinutes(10),
        h -> h >= 9 && h <= 12,
        1.3);
  }

  private int hourOf(Instant t) {
    return t.atZone(ZONE).getHour();
  }

  public double productionPerMinute(Instant intervalStart) {
    int h = hourOf(intervalStart);
    return h >= 8 && h < 20 ? 4 : 1;
  }

  /** Production of the local day, pcs. */
  public double productionOfDay() {
    double sum = 0;
    for (Instant s = dayStart; s.isBefore(dayEnd); s = s.plus(MIN)) {
      sum += productionPerMinute(s);
    }
    return sum;
  }

  double airPerMinute(Instant s) {
    double perHour = 38 + 0.42 * productionPerMinute(s) * 60;
    return perHour / 60 * (scriptedHour.test(hourOf(s)) ? airFactor : 1.0);
  }

  double chillPerMinute() {
    return (420 + 185 * 0 + 0.18 * productionOfDay()) / 1440;
  }

  double gasPerMinute() {
    return (900 + 310 * 8 + 0.35 * productionOfDay()) / 1440;
  }

  double pvPerMinute(Instant s) {
    int h = hourOf(s);
    return h >= 7 && h < 17 ? 0.5 : 0;
  }

  private void generate() {
    Map<String, BigDecimal> value = new HashMap<>();
    value.put("M-MAIN.energy_import", new BigDecimal("1000000.000"));
    value.put("M-AIR-1.energy_import", new BigDecimal("52000.000"));
    value.put("M-AIR-2.energy_import", new BigDecimal("48000.000"));
    value.put("M-CHILL.energy_import", new BigDecimal("310000.000"));
    value.put("M-PV.energy_import", new BigDecimal("7000.000"));
    value.put("M-GAS.volume_standard", new BigDecimal("880000.000"));
    value.put("M-PROD.units", new BigDecimal("125000"));
    // Exact running sums (doubles accumulate error; the register keeps three decimals).
    Map<String, Double> exact = new HashMap<>();
    value.forEach((k, v) -> exact.put(k, v.doubleValue()));
    Map<String, Long> seq = new HashMap<>();
    for (Instant t = first; !t.isAfter(last); t = t.plus(MIN)) {
      if (t.isAfter(first)) {
        Instant s = t.minus(MIN);
        double air = airPerMinute(s);
        double chill = chillPerMinute();
        double pv = pvPerMinute(s);
        double other = 50.0 / 60;
        add(exact, "M-AIR-1.energy_import", air * 0.6);
        add(exact, "M-AIR-2.energy_import", air * 0.4);
        add(exact, "M-CHILL.energy_import", chill);
        add(exact, "M-PV.energy_import", pv);
        add(exact, "M-MAIN.energy_import", air + chill + other - pv);
        add(exact, "M-GAS.volume_standard", gasPerMinute());
        add(exact, "M-PROD.units", productionPerMinute(s));
      }
      for (var e : exact.entrySet()) {
        int scale = e.getKey().equals("M-PROD.units") ? 0 : 3;
        BigDecimal v = BigDecimal.valueOf(e.getValue()).setScale(scale, RoundingMode.HALF_EVEN);
        counters.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(t, v);
      }
      Instant s = t.minus(MIN);
      double airKw = airPerMinute(s) * 60;
      emit(
          seq,
          "M-MAIN",
          t,
          List.of(
              counter("M-MAIN.energy_import", t, "energy_import", "kWh"),
              ReadingValue.good(
                  "power_active",
                  round(airKw + chillPerMinute() * 60 + 50 - pvPerMinute(s) * 60),
                  "kW")));
      emit(
          seq,
          "M-AIR-1",
          t,
          List.of(
              counter("M-AIR-1.energy_import", t, "energy_import", "kWh"),
              ReadingValue.good("power_active", round(airKw * 0.6 * 1000), "W")));
      emit(
          seq,
          "M-AIR-2",
          t,
          List.of(
              counter("M-AIR-2.energy_import", t, "energy_import", "kWh"),
              ReadingValue.good("power_active", round(airKw * 0.4 * 1000), "W")));
      emit(
          seq,
          "M-CHILL",
          t,
          List.of(
              counter("M-CHILL.energy_import", t, "energy_import", "kWh"),
              ReadingValue.good("power_active", round(chillPerMinute() * 60), "kW")));
      emit(
          seq,
          "M-PV",
          t,
          List.of(
              counter("M-PV.energy_import", t, "energy_import", "kWh"),
              ReadingValue.good("power_active", round(pvPerMinute(s) * 60000), "W")));
      emit(
          seq,
          "M-GAS",
          t,
          List.of(
              counter("M-GAS.volume_standard", t, "volume_standard", "Nm3"),
              ReadingValue.good("flow_standard", round(gasPerMinute() * 60), "Nm3/h"),
              ReadingValue.good("temperature", 18.5, "°C"),
              ReadingValue.good("pressure", 101.3, "kPa")));
      emit(seq, "M-PROD", t, List.of(counter("M-PROD.units", t, "units", "pcs")));
      emit(seq, "M-WEATHER", t, List.of(ReadingValue.good("temperature", 10.0, "°C")));
      if (t.equals(dayStart.plus(Duration.ofHours(14)))) {
        emit(seq, "M-REFRIG", t, List.of(ReadingValue.good("topup", 2.5, "kg")));
      }
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static void add(Map<String, Double> exact, String key, double amount) {
    exact.merge(key, amount, Double::sum);
  }

  private ReadingValue counter(String key, Instant t, String channel, String unit) {
    return ReadingValue.good(channel, counters.get(key).get(t).doubleValue(), unit);
  }

  private void emit(Map<String, Long> seq, String meter, Instant t, List<ReadingValue> values) {
    long n = seq.merge(meter, 1L, Long::sum);
    readings.add(new Reading(SITE, AGENT, meter, n, t, values));
  }

  /** Exact consumption of a counter channel over [from, to). */
  public BigDecimal consumption(String meterChannel, Instant from, Instant to) {
    Map<Instant, BigDecimal> c = counters.get(meterChannel);
    return c.get(to).subtract(c.get(from));
  }

  public BigDecimal dayConsumption(String meterChannel) {
    return consumption(meterChannel, dayStart, dayEnd);
  }

  public double refrigerantTopUpKg() {
    return 2.5;
  }
}
