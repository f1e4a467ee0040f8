package io.carbonwatch.core.factors;

import java.util.Locale;

/** What activity an emission factor applies to. */
public enum FactorType {
  /** Fuel burnt on site (scope 1); may carry CO2, CH4 and N2O per unit of fuel. */
  COMBUSTION,
  /** Purchased electricity (scope 2), per kWh. */
  ELECTRICITY,
  /** Purchased heat or steam (scope 2), per GJ. */
  HEAT;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FactorType fromId(String id) {
    for (FactorType t : values()) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "type: expected one of combustion, electricity, heat; got " + id);
  }
}
