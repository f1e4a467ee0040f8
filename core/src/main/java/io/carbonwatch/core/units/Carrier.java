package io.carbonwatch.core.units;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Energy carriers and energy-consuming media whose consumption is metered. The {@link #id()} is the
 * snake_case name used in the site model and in factor ids ({@code gbt32151:natural_gas}).
 */
public enum Carrier {
  ELECTRICITY("electricity", Kind.ELECTRICITY, Unit.KWH),
  NATURAL_GAS("natural_gas", Kind.GASEOUS_FUEL, Unit.NM3),
  COKE_OVEN_GAS("coke_oven_gas", Kind.GASEOUS_FUEL, Unit.NM3),
  BLAST_FURNACE_GAS("blast_furnace_gas", Kind.GASEOUS_FUEL, Unit.NM3),
  CONVERTER_GAS("converter_gas", Kind.GASEOUS_FUEL, Unit.NM3),
  REFINERY_DRY_GAS("refinery_dry_gas", Kind.GASEOUS_FUEL, Unit.T),
  DIESEL("diesel", Kind.LIQUID_FUEL, Unit.T),
  GASOLINE("gasoline", Kind.LIQUID_FUEL, Unit.T),
  KEROSENE("kerosene", Kind.LIQUID_FUEL, Unit.T),
  FUEL_OIL("fuel_oil", Kind.LIQUID_FUEL, Unit.T),
  CRUDE_OIL("crude_oil", Kind.LIQUID_FUEL, Unit.T),
  NAPHTHA("naphtha", Kind.LIQUID_FUEL, Unit.T),
  LPG("lpg", Kind.LIQUID_FUEL, Unit.T),
  LNG("lng", Kind.LIQUID_FUEL, Unit.T),
  RAW_COAL("raw_coal", Kind.SOLID_FUEL, Unit.T),
  ANTHRACITE("anthracite", Kind.SOLID_FUEL, Unit.T),
  BITUMINOUS_COAL("bituminous_coal", Kind.SOLID_FUEL, Unit.T),
  SUB_BITUMINOUS_COAL("sub_bituminous_coal", Kind.SOLID_FUEL, Unit.T),
  COKING_COAL("coking_coal", Kind.SOLID_FUEL, Unit.T),
  LIGNITE("lignite", Kind.SOLID_FUEL, Unit.T),
  WASHED_COAL("washed_coal", Kind.SOLID_FUEL, Unit.T),
  OTHER_WASHED_COAL("other_washed_coal", Kind.SOLID_FUEL, Unit.T),
  BRIQUETTE("briquette", Kind.SOLID_FUEL, Unit.T),
  COKE("coke", Kind.SOLID_FUEL, Unit.T),
  PETROLEUM_COKE("petroleum_coke", Kind.SOLID_FUEL, Unit.T),
  STEAM("steam", Kind.STEAM, Unit.T),
  HEAT("heat", Kind.HEAT, Unit.GJ),
  WATER("water", Kind.WATER, Unit.M3);

  /** Groups carriers by the units they may be metered in. */
  public enum Kind {
    /** kWh, MWh. */
    ELECTRICITY(EnumSet.of(Unit.Dimension.ELECTRIC_ENERGY)),
    /** Nm³ (or t for gases sold by mass), or GJ. */
    GASEOUS_FUEL(
        EnumSet.of(Unit.Dimension.NORMAL_GAS_VOLUME, Unit.Dimension.MASS, Unit.Dimension.ENERGY)),
    /** t, kg; litres through {@link Quantity#ofLiquidVolume}; or GJ. */
    LIQUID_FUEL(EnumSet.of(Unit.Dimension.MASS, Unit.Dimension.ENERGY)),
    /** t, kg or GJ. */
    SOLID_FUEL(EnumSet.of(Unit.Dimension.MASS, Unit.Dimension.ENERGY)),
    /** t (mass meters) or GJ (heat meters). */
    STEAM(EnumSet.of(Unit.Dimension.MASS, Unit.Dimension.ENERGY)),
    /** GJ, MJ. */
    HEAT(EnumSet.of(Unit.Dimension.ENERGY)),
    /** m³, L. */
    WATER(EnumSet.of(Unit.Dimension.VOLUME));

    private final Set<Unit.Dimension> dimensions;

    Kind(Set<Unit.Dimension> dimensions) {
      this.dimensions = dimensions;
    }

    public Set<Unit.Dimension> dimensions() {
      return dimensions;
    }
  }

  private final String id;
  private final Kind kind;
  private final Unit canonicalUnit;

  Carrier(String id, Kind kind, Unit canonicalUnit) {
    this.id = id;
    this.kind = kind;
    this.canonicalUnit = canonicalUnit;
  }

  public String id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  /** The unit the carrier is usually metered and reported in. */
  public Unit canonicalUnit() {
    return canonicalUnit;
  }

  public boolean accepts(Unit unit) {
    return kind.dimensions.contains(unit.dimension());
  }

  public static Carrier fromId(String id) {
    for (Carrier c : values()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "carrier: expected one of "
            + Arrays.stream(values()).map(Carrier::id).collect(Collectors.joining(", "))
            + "; got "
            + id);
  }
}
