package io.carbonwatch.core.units;

/**
 * Measurement units of activity data. Each unit belongs to a {@link Dimension} and converts exactly
 * to the dimension's base unit by an SI prefix; conversions between dimensions (kWh to GJ, litres
 * to tonnes) need data (calorific values, densities) and are never done here.
 */
public enum Unit {
  KWH("kWh", Dimension.ELECTRIC_ENERGY, 1.0),
  MWH("MWh", Dimension.ELECTRIC_ENERGY, 1_000.0),
  NM3("Nm3", Dimension.NORMAL_GAS_VOLUME, 1.0),
  T("t", Dimension.MASS, 1.0),
  KG("kg", Dimension.MASS, 0.001),
  M3("m3", Dimension.VOLUME, 1.0),
  L("L", Dimension.VOLUME, 0.001),
  GJ("GJ", Dimension.ENERGY, 1.0),
  MJ("MJ", Dimension.ENERGY, 0.001),
  TJ("TJ", Dimension.ENERGY, 1_000.0);

  /**
   * What a unit measures. Base units: kWh, Nm³ (gas at reference conditions), t, m³, GJ.
   * Electricity is kept apart from heat energy so that a kWh is never silently read as heat.
   */
  public enum Dimension {
    ELECTRIC_ENERGY,
    NORMAL_GAS_VOLUME,
    MASS,
    VOLUME,
    ENERGY
  }

  private final String symbol;
  private final Dimension dimension;
  private final double toBase;

  Unit(String symbol, Dimension dimension, double toBase) {
    this.symbol = symbol;
    this.dimension = dimension;
    this.toBase = toBase;
  }

  public String symbol() {
    return symbol;
  }

  public Dimension dimension() {
    return dimension;
  }

  /** Factor that converts an amount in this unit to the dimension's base unit. */
  public double toBase() {
    return toBase;
  }

  /** Factor that converts an amount in this unit into {@code target}; same dimension only. */
  public double factorTo(Unit target) {
    if (target.dimension != dimension) {
      throw new IllegalArgumentException(
          "unit: cannot convert "
              + symbol
              + " ("
              + dimension
              + ") to "
              + target.symbol
              + " ("
              + target.dimension
              + ")");
    }
    return toBase / target.toBase;
  }

  /** Parses a unit symbol ({@code kWh}, {@code Nm3}, {@code Nm³}, {@code t}, …), case-sensitive. */
  public static Unit fromSymbol(String symbol) {
    if (symbol != null) {
      String s = symbol.replace('³', '3');
      for (Unit u : values()) {
        if (u.symbol.equals(s)) {
          return u;
        }
      }
    }
    throw new IllegalArgumentException(
        "unit: expected one of kWh, MWh, Nm3, t, kg, m3, L, GJ, MJ, TJ; got " + symbol);
  }

  @Override
  public String toString() {
    return symbol;
  }
}
