package io.carbonwatch.core.emissions;

import io.carbonwatch.core.factors.EmissionFactor;
import io.carbonwatch.core.factors.FactorLibrary;
import io.carbonwatch.core.factors.FactorSelection;
import io.carbonwatch.core.factors.FactorType;
import io.carbonwatch.core.factors.Gas;
import io.carbonwatch.core.factors.GasGroup;
import io.carbonwatch.core.factors.GwpSet;
import io.carbonwatch.core.factors.GwpValue;
import io.carbonwatch.core.factors.RefrigerantBlend;
import io.carbonwatch.core.units.Carrier;
import io.carbonwatch.core.units.Provenance;
import io.carbonwatch.core.units.Quantity;
import io.carbonwatch.core.units.Unit;
import io.carbonwatch.core.units.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Activity × factor per gas × GWP → tCO2e, for the factor sets of one {@link FactorSelection}.
 *
 * <p>Resolve once, multiply often: the {@code *Timeline} and {@code fugitive*} methods return
 * precomputed coefficients that a stream job keeps per carbon source and applies per interval
 * without allocating. The {@code Quantity} methods are conveniences for one-off calculations and
 * tests.
 */
public final class EmissionCalculator {

  private final FactorLibrary library;
  private final FactorSelection selection;

  /** Checks the selection against the library: a wrong id fails here, at start-up. */
  public EmissionCalculator(FactorLibrary library, FactorSelection selection) {
    this.library = Objects.requireNonNull(library, "library");
    this.selection = Objects.requireNonNull(selection, "selection");
    library.check(selection);
  }

  public FactorSelection selection() {
    return selection;
  }

  public FactorLibrary library() {
    return library;
  }

  // ---------------------------------------------------------------- resolved coefficients

  /** Stationary combustion of {@code fuel} with the selected combustion set, per {@code unit}. */
  public CoefficientTimeline combustionTimeline(Carrier fuel, Unit unit) {
    return timeline(
        selection.combustionFactorId(fuel),
        FactorType.COMBUSTION,
        EmissionCategory.STATIONARY_COMBUSTION,
        unit);
  }

  /** Stationary combustion with an explicit factor id (e.g. a site's measured-NCV factor). */
  public CoefficientTimeline combustionTimeline(String factorRef, Unit unit) {
    return timeline(factorRef, FactorType.COMBUSTION, EmissionCategory.STATIONARY_COMBUSTION, unit);
  }

  /** Purchased electricity, location-based, with the selected grid factor. */
  public CoefficientTimeline electricityLocationTimeline(Unit unit) {
    return timeline(
        selection.gridFactor(),
        FactorType.ELECTRICITY,
        EmissionCategory.ELECTRICITY_LOCATION_BASED,
        unit);
  }

  /** Purchased heat or steam (in GJ or MJ) with the selected heat factor. */
  public CoefficientTimeline heatTimeline(Unit unit) {
    if (selection.heatFactor() == null) {
      throw new IllegalArgumentException(
          "heatFactor: the factor selection has none; set one (e.g. cn-heat:default) to account"
              + " purchased heat");
    }
    return timeline(selection.heatFactor(), FactorType.HEAT, EmissionCategory.PURCHASED_HEAT, unit);
  }

  /**
   * Market-based electricity with the selected residual factor (see {@link
   * MarketBasedElectricity}).
   */
  public MarketBasedElectricity marketBasedElectricity() {
    return new MarketBasedElectricity(
        timeline(
            selection.marketResidualFactor(),
            FactorType.ELECTRICITY,
            EmissionCategory.ELECTRICITY_MARKET_BASED,
            Unit.KWH));
  }

  /** A top-up of a pure gas (SF6, HFC-134a, …): mass in {@code massUnit} × GWP. */
  public EmissionCoefficient fugitive(Gas gas, Unit massUnit) {
    return fugitiveMix(
        "gwp:" + selection.gwpSet() + ":" + gas.code(), Map.of(gas, 1.0), massUnit, null);
  }

  /** A top-up of a refrigerant blend: mass × Σ(mass fraction × GWP) of its components. */
  public EmissionCoefficient fugitiveBlend(String blendName, Unit massUnit) {
    RefrigerantBlend blend = library.blend(blendName);
    return fugitiveMix(
        "blend:" + blend.name(), blend.massFractions(), massUnit, blend.provenance());
  }

  private EmissionCoefficient fugitiveMix(
      String id, Map<Gas, Double> fractions, Unit massUnit, Provenance composition) {
    if (massUnit.dimension() != Unit.Dimension.MASS) {
      throw new IllegalArgumentException(
          "unit: a gas top-up is a mass (kg or t); got " + massUnit.symbol());
    }
    double tPerUnit = massUnit.factorTo(Unit.T);
    Map<Gas, Double> tonnes = new EnumMap<>(Gas.class);
    fractions.forEach((g, f) -> tonnes.put(g, f * tPerUnit));
    Weighted w = weigh(tonnes);
    Set<String> files = new LinkedHashSet<>();
    Verification v = w.verification;
    String note = w.notes;
    String sources = w.sources;
    if (composition != null) {
      files.add(composition.fileAtVersion());
      v = v.weakest(composition.verification());
      note = join(composition.note(), note);
      sources = composition.source() + "; " + sources;
    }
    files.add(library.gwpTable().fileAtVersion());
    Lineage lineage =
        new Lineage(
            id,
            id,
            String.join(", ", files),
            null,
            null,
            selection.gwpSet(),
            v,
            sources,
            note,
            Map.of());
    return new EmissionCoefficient(
        EmissionCategory.FUGITIVE, massUnit, tonnes, w.tco2e, w.tco2eByGroup, lineage);
  }

  /**
   * The coefficients of one carbon source of the site model, in {@code activityUnit}: {@code
   * factorRef} when given, else the selection's factor for the category ({@code
   * <combustionSet>:<fuel>}, grid, heat); fugitive sources name a gas code ({@code SF6}, {@code
   * HFC-134a}) or a blend ({@code R-410A}) in {@code gas}. Market-based electricity needs
   * instruments: use {@link #marketBasedElectricity()}.
   */
  public CoefficientTimeline resolve(
      EmissionCategory category, Unit activityUnit, String fuel, String gas, String factorRef) {
    return switch (category) {
      case STATIONARY_COMBUSTION -> {
        if (factorRef != null) {
          yield combustionTimeline(factorRef, activityUnit);
        }
        if (fuel == null) {
          throw new IllegalArgumentException("fuel: required for stationary combustion");
        }
        yield combustionTimeline(Carrier.fromId(fuel), activityUnit);
      }
      case FUGITIVE -> {
        if (gas == null) {
          throw new IllegalArgumentException("gas: required for a fugitive source");
        }
        EmissionCoefficient c;
        if (library.blends().containsKey(gas)) {
          c = fugitiveBlend(gas, activityUnit);
        } else {
          Gas g;
          try {
            g = Gas.fromCode(gas);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                e.getMessage() + "; or a refrigerant blend: " + library.blends().keySet(), e);
          }
          c = fugitive(g, activityUnit);
        }
        yield new CoefficientTimeline(
            c.lineage().factorId(), List.of(Instant.MIN), List.of(Instant.MAX), List.of(c));
      }
      case ELECTRICITY_LOCATION_BASED ->
          factorRef != null
              ? timeline(factorRef, FactorType.ELECTRICITY, category, activityUnit)
              : electricityLocationTimeline(activityUnit);
      case PURCHASED_HEAT ->
          factorRef != null
              ? timeline(factorRef, FactorType.HEAT, category, activityUnit)
              : heatTimeline(activityUnit);
      case ELECTRICITY_MARKET_BASED ->
          throw new IllegalArgumentException(
              "category: market-based electricity needs contractual instruments; use"
                  + " marketBasedElectricity()");
    };
  }

  // ---------------------------------------------------------------- one-off conveniences

  /**
   * Emissions of burning {@code fuel} over {@code [start, end)} with the selected combustion set.
   */
  public EmissionResult combustion(String sourceId, Quantity fuel, Instant start, Instant end) {
    return combustionTimeline(fuel.carrier(), fuel.unit())
        .at(start)
        .result(sourceId, start, end, fuel.amount());
  }

  /** Location-based emissions of purchased electricity over {@code [start, end)}. */
  public EmissionResult electricityLocationBased(
      String sourceId, Quantity electricity, Instant start, Instant end) {
    requireCarrier(electricity, Carrier.ELECTRICITY);
    return electricityLocationTimeline(electricity.unit())
        .at(start)
        .result(sourceId, start, end, electricity.amount());
  }

  /** Emissions of purchased heat over {@code [start, end)}. */
  public EmissionResult purchasedHeat(String sourceId, Quantity heat, Instant start, Instant end) {
    return heatTimeline(heat.unit()).at(start).result(sourceId, start, end, heat.amount());
  }

  /** Emissions of a gas top-up of {@code mass} in {@code massUnit}. */
  public EmissionResult fugitive(
      String sourceId, Gas gas, double mass, Unit massUnit, Instant start, Instant end) {
    return fugitive(gas, massUnit).result(sourceId, start, end, mass);
  }

  private static void requireCarrier(Quantity q, Carrier expected) {
    if (q.carrier() != expected) {
      throw new IllegalArgumentException(
          "carrier: expected " + expected.id() + "; got " + q.carrier().id());
    }
  }

  // ---------------------------------------------------------------- compilation

  /** Resolves every version of {@code ref} into a coefficient per {@code unit}. */
  public CoefficientTimeline timeline(
      String ref, FactorType type, EmissionCategory category, Unit unit) {
    List<EmissionFactor> versions = library.versions(ref);
    List<Instant> from = new ArrayList<>();
    List<Instant> to = new ArrayList<>();
    List<EmissionCoefficient> coefficients = new ArrayList<>();
    boolean pinned = library.isPinned(ref);
    for (EmissionFactor f : versions) {
      if (f.type() != type) {
        throw new IllegalArgumentException(
            "factor " + f.id() + " is of type " + f.type().id() + ", expected " + type.id());
      }
      from.add(pinned ? Instant.MIN : f.effectiveFromInstant());
      to.add(pinned ? Instant.MAX : f.effectiveToInstant());
      coefficients.add(coefficient(f, category, unit));
    }
    return new CoefficientTimeline(ref, from, to, coefficients);
  }

  /** One factor version as a coefficient per {@code unit} under the selected GWP set. */
  public EmissionCoefficient coefficient(EmissionFactor f, EmissionCategory category, Unit unit) {
    Map<Gas, Double> tonnes = f.tonnesPer(unit);
    Weighted w = weigh(tonnes);
    Verification v = f.provenance().verification().weakest(w.nonCo2Verification);
    Lineage lineage =
        new Lineage(
            f.id(),
            f.series(),
            f.provenance().fileAtVersion() + ", " + library.gwpTable().fileAtVersion(),
            f.effectiveFrom(),
            f.effectiveTo(),
            selection.gwpSet(),
            v,
            f.provenance().source(),
            join(f.provenance().note(), w.nonCo2Notes),
            f.parameters());
    return new EmissionCoefficient(category, unit, tonnes, w.tco2e, w.tco2eByGroup, lineage);
  }

  private record Weighted(
      double tco2e,
      double[] tco2eByGroup,
      Verification verification,
      Verification nonCo2Verification,
      String sources,
      String notes,
      String nonCo2Notes) {}

  private Weighted weigh(Map<Gas, Double> tonnes) {
    GwpSet set = selection.gwpSet();
    double sum = 0;
    double[] byGroup = new double[GasGroup.values().length];
    Verification all = Verification.PRIMARY;
    Verification nonCo2 = Verification.PRIMARY;
    Set<String> sources = new LinkedHashSet<>();
    Set<String> notes = new LinkedHashSet<>();
    Set<String> nonCo2Notes = new LinkedHashSet<>();
    for (Map.Entry<Gas, Double> e : tonnes.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      GwpValue gwp = library.gwp(set, e.getKey());
      double co2e = e.getValue() * gwp.tco2ePerT();
      sum += co2e;
      byGroup[e.getKey().group().ordinal()] += co2e;
      all = all.weakest(gwp.provenance().verification());
      sources.add(gwp.provenance().source());
      if (!gwp.provenance().note().isEmpty()) {
        notes.add(gwp.gas().code() + " " + set + ": " + gwp.provenance().note());
      }
      if (e.getKey() != Gas.CO2) {
        nonCo2 = nonCo2.weakest(gwp.provenance().verification());
        if (!gwp.provenance().note().isEmpty()) {
          nonCo2Notes.add(gwp.gas().code() + " " + set + ": " + gwp.provenance().note());
        }
      }
    }
    return new Weighted(
        sum,
        byGroup,
        all,
        nonCo2,
        String.join("; ", sources),
        String.join("; ", notes),
        String.join("; ", nonCo2Notes));
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
  }
}
