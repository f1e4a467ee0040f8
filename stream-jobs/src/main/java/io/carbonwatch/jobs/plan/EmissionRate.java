package io.carbonwatch.jobs.plan;

import io.carbonwatch.core.emissions.CoefficientTimeline;
import io.carbonwatch.core.emissions.EmissionCoefficient;
import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.factors.Gas;
import io.carbonwatch.core.factors.GasGroup;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The core's resolved emission coefficients of one carbon source, looked up by the interval's start
 * (effective-dated factors), plus the split of each coefficient's CO2e over the seven gas groups.
 */
public final class EmissionRate {
  private final String sourceId;
  private final CoefficientTimeline timeline;
  private final EmissionCoefficient constant;
  private final FactorLibrary library;
  private final Map<EmissionCoefficient, Split> splits = new IdentityHashMap<>();

  /**
   * The split last asked for: a source's intervals come in time order, so nearly every piece asks
   * for the same coefficient as the one before. Immutable and published by one reference write, so
   * a stale read only costs a map lookup.
   */
  private Split last;

  /**
   * What every emission piece of one coefficient carries, computed once per coefficient: the
   * fraction of its CO2e per {@link GasGroup} (sums to 1) and its lineage text.
   */
  public record Split(EmissionCoefficient coefficient, double[] shares, String lineage) {}

  private EmissionRate(
      String sourceId,
      CoefficientTimeline timeline,
      EmissionCoefficient constant,
      FactorLibrary library) {
    this.sourceId = sourceId;
    this.timeline = timeline;
    this.constant = constant;
    this.library = library;
  }

  static EmissionRate of(String sourceId, CoefficientTimeline timeline, FactorLibrary library) {
    return new EmissionRate(sourceId, timeline, null, library);
  }

  static EmissionRate of(String sourceId, EmissionCoefficient constant, FactorLibrary library) {
    return new EmissionRate(sourceId, null, constant, library);
  }

  public String sourceId() {
    return sourceId;
  }

  /** The coefficient in force at {@code epochMs}. */
  public EmissionCoefficient at(long epochMs) {
    return constant != null ? constant : timeline.at(Instant.ofEpochMilli(epochMs));
  }

  /** The gas split and lineage of {@code c} (one of this rate's coefficients). */
  public Split split(EmissionCoefficient c) {
    Split hit = last;
    if (hit != null && hit.coefficient() == c) {
      return hit;
    }
    synchronized (splits) {
      hit = splits.computeIfAbsent(c, k -> new Split(k, computeShares(k), lineageOf(k)));
    }
    last = hit;
    return hit;
  }

  private double[] computeShares(EmissionCoefficient c) {
    double[] co2e = new double[GasGroup.values().length];
    double total = 0;
    for (Map.Entry<Gas, Double> e : c.gasTonnes(1.0).entrySet()) {
      double gwp =
          e.getKey() == Gas.CO2 ? 1.0 : library.gwp(c.lineage().gwpSet(), e.getKey()).tco2ePerT();
      double v = e.getValue() * gwp;
      co2e[e.getKey().group().ordinal()] += v;
      total += v;
    }
    if (total <= 0) {
      // A factor published only as CO2e: book it as CO2.
      co2e = new double[GasGroup.values().length];
      co2e[GasGroup.CO2.ordinal()] = 1.0;
      return co2e;
    }
    for (int i = 0; i < co2e.length; i++) {
      co2e[i] /= total;
    }
    return co2e;
  }

  /** The lineage written beside each emission result: factor version and GWP set. */
  private static String lineageOf(EmissionCoefficient c) {
    return c.lineage().factorId() + "|" + c.lineage().gwpSet().name();
  }
}
