package io.carbonwatch.core.emissions;

/** GHG Protocol / ISO 14064-1 scopes covered by CarbonWatch's monitoring. */
public enum Scope {
  /** Direct emissions: fuel burnt on site, fugitive refrigerant and SF6. */
  SCOPE_1,
  /** Indirect emissions of purchased electricity and heat. */
  SCOPE_2
}
