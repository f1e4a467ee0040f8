package io.carbonwatch.core.emissions;

/** How purchased electricity is accounted: both are computed, a total uses one of them. */
public enum Scope2Method {
  /** Average factor of the grid where the electricity is consumed. */
  LOCATION_BASED,
  /** Contractual instruments (green certificates, green-power contracts, supplier factors). */
  MARKET_BASED
}
