package io.carbonwatch.core.baseline;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A compressed-air SEU: monthly kWh = 5000 + 120·production + 30·HDD + seeded Gaussian noise. */
final class BaselineFixtures {
  private BaselineFixtures() {}

  static BaselineSpec spec(Granularity g, boolean intercept, String... variables) {
    List<BaselineSpec.Variable> vars = new ArrayList<>();
    for (String v : variables) {
      vars.add(new BaselineSpec.Variable(v, v.equals("production") ? "t" : "K·d"));
    }
    return new BaselineSpec(
        "bl-air", 1, "sh-plant", "SEU-AIR", "energy", "kWh", g, vars, intercept, "base year 2025");
  }

  static List<Observation> months(int count, double noiseAmplitude) {
    List<Observation> out = new ArrayList<>();
    LocalDate d = LocalDate.of(2025, 1, 1);
    java.util.Random rnd = new java.util.Random(2025); // seeded: the same data every run
    for (int i = 0; i < count; i++) {
      double production = 300 + 40 * Math.sin(i * 1.3) + 7 * i % 50;
      double hdd = Math.max(0, 250 * Math.cos(i * Math.PI / 6) + 30 * Math.sin(i * 2.1));
      double noise = noiseAmplitude * rnd.nextGaussian();
      double kwh = 5000 + 120 * production + 30 * hdd + noise;
      out.add(
          new Observation(
              d.atStartOfDay().toInstant(ZoneOffset.UTC),
              d.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC),
              kwh,
              Map.of("production", production, "hdd", hdd, "junk", Math.cos(i * 7.77))));
      d = d.plusMonths(1);
    }
    return out;
  }
}
