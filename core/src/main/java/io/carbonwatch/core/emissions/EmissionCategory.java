package io.carbonwatch.core.emissions;

/**
 * Kind of emission source. Purchased electricity exists twice, once per scope 2 method, so that a
 * total never adds both (see {@link #countsIn(Scope2Method)}).
 */
public enum EmissionCategory {
  STATIONARY_COMBUSTION(Scope.SCOPE_1, null),
  /** Refrigerant, SF6 and other gas top-ups: the mass topped up is taken as the mass emitted. */
  FUGITIVE(Scope.SCOPE_1, null),
  ELECTRICITY_LOCATION_BASED(Scope.SCOPE_2, Scope2Method.LOCATION_BASED),
  ELECTRICITY_MARKET_BASED(Scope.SCOPE_2, Scope2Method.MARKET_BASED),
  PURCHASED_HEAT(Scope.SCOPE_2, null);

  private final Scope scope;
  private final Scope2Method method;

  EmissionCategory(Scope scope, Scope2Method method) {
    this.scope = scope;
    this.method = method;
  }

  public Scope scope() {
    return scope;
  }

  /** Whether results of this category belong in a total computed with {@code method}. */
  public boolean countsIn(Scope2Method method) {
    return this.method == null || this.method == method;
  }
}
