package io.carbonwatch.bench.core;

import io.carbonwatch.core.emissions.CoefficientTimeline;
import io.carbonwatch.core.emissions.EmissionCalculator;
import io.carbonwatch.core.emissions.EmissionResult;
import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.factors.FactorSelection;
import io.carbonwatch.core.factors.GwpSet;
import io.carbonwatch.core.units.Carrier;
import io.carbonwatch.core.units.Unit;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Emissions of one 15-minute interval from pre-resolved timelines: the per-interval lookup ({@link
 * CoefficientTimeline#tco2e}) and a full {@link EmissionResult} with per-gas masses and lineage,
 * for grid electricity (2021-2023 versions plus carry-forward, CO2 only) and natural gas under IPCC
 * 2006 (CO2, CH4, N2O; activity in tonnes of gas: 0.375 t is about 18 GJ).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EmissionBench {

  private CoefficientTimeline grid;
  private CoefficientTimeline gas;
  private Instant start;
  private Instant end;
  private double activity;

  @Setup
  public void setUp() {
    EmissionCalculator calc =
        new EmissionCalculator(
            FactorLibrary.loadBundled(),
            new FactorSelection(GwpSet.AR6, "ipcc2006", "cn-grid:east", "cn-heat:default"));
    grid = calc.electricityLocationTimeline(Unit.KWH);
    gas = calc.combustionTimeline(Carrier.NATURAL_GAS, Unit.T);
    start = Instant.parse("2023-06-01T08:15:00Z");
    end = Instant.parse("2023-06-01T08:30:00Z");
    activity = 0.375;
    if (gas.at(start).result("boiler-1", start, end, activity).gasTonnes().size() != 3) {
      throw new IllegalStateException("expected CO2, CH4 and N2O for IPCC natural gas");
    }
  }

  @Benchmark
  public double gridTco2e() {
    return grid.tco2e(start, activity);
  }

  @Benchmark
  public EmissionResult gridResultWithLineage() {
    return grid.at(start).result("main-incomer", start, end, activity);
  }

  @Benchmark
  public double naturalGasTco2e() {
    return gas.tco2e(start, activity);
  }

  @Benchmark
  public EmissionResult naturalGasResultWithLineage() {
    return gas.at(start).result("boiler-1", start, end, activity);
  }
}
