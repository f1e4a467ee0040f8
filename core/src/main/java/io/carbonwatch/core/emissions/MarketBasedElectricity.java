package io.carbonwatch.core.emissions;

import io.carbonwatch.core.factors.Gas;
import io.carbonwatch.core.units.Unit;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Market-based scope 2 for purchased electricity (GHG Protocol Scope 2 Guidance hierarchy): energy
 * attribute certificates and green-power contracts first, in the caller's order, then a
 * supplier-specific rate, and what remains at the residual grid factor. CHOICE: China publishes no
 * residual mix; the residual factor is the selection's {@code residualGridFactor} (e.g. {@code
 * cn-grid:national-excl-market-nonfossil}) or, when none is set, the location-based grid factor —
 * see docs/factors.md.
 *
 * <p>Stateless: the caller passes each instrument's remaining volume and deducts what the result
 * says was used, so the remaining volumes live in the caller's (e.g. Flink keyed) state.
 */
public final class MarketBasedElectricity implements Serializable {

  private static final long serialVersionUID = 1L;

  private final CoefficientTimeline residual;

  MarketBasedElectricity(CoefficientTimeline residual) {
    this.residual = residual;
  }

  /** An instrument with the volume it still has to cover. */
  public record Balance(ContractualInstrument instrument, double remainingKwh)
      implements Serializable {
    public Balance {
      if (instrument == null) {
        throw new IllegalArgumentException("instrument: required");
      }
      if (Double.isNaN(remainingKwh) || remainingKwh < 0) {
        throw new IllegalArgumentException("remainingKwh: expected >= 0; got " + remainingKwh);
      }
    }
  }

  public CoefficientTimeline residual() {
    return residual;
  }

  /**
   * Emissions of {@code energyKwh} consumed in {@code [start, end)}; instruments apply when valid
   * at {@code start}.
   */
  public MarketBasedResult compute(
      String sourceId, Instant start, Instant end, double energyKwh, List<Balance> balances) {
    if (!Double.isFinite(energyKwh) || energyKwh < 0) {
      throw new IllegalArgumentException(
          "energyKwh: expected a finite value >= 0; got " + energyKwh);
    }
    List<Balance> ordered = new ArrayList<>(balances);
    ordered.sort(Comparator.comparing(b -> b.instrument().type()));
    double left = energyKwh;
    double instrumentTco2 = 0;
    List<InstrumentUse> uses = new ArrayList<>();
    for (Balance b : ordered) {
      if (left <= 0) {
        break;
      }
      ContractualInstrument i = b.instrument();
      if (!i.validAt(start) || b.remainingKwh() <= 0) {
        continue;
      }
      double used = Math.min(left, b.remainingKwh());
      double t = used * i.tco2PerMwh() * Unit.KWH.factorTo(Unit.MWH);
      uses.add(new InstrumentUse(i.id(), used, t));
      instrumentTco2 += t;
      left -= used;
    }
    EmissionCoefficient r = residual.at(start);
    double residualTco2e = r.tco2e(left);
    Map<Gas, Double> gases = new EnumMap<>(r.gasTonnes(left));
    gases.merge(Gas.CO2, instrumentTco2, Double::sum);
    EmissionResult total =
        new EmissionResult(
            sourceId,
            EmissionCategory.ELECTRICITY_MARKET_BASED,
            start,
            end,
            energyKwh,
            Unit.KWH,
            residualTco2e + instrumentTco2,
            gases,
            r.lineage());
    return new MarketBasedResult(total, uses, left);
  }
}
