package io.carbonwatch.core.site;

/**
 * A carbon source or sink of the carbon review (6.1.2): what is emitted (or removed), which meter
 * channel measures the activity, and which factor converts it.
 *
 * @param activity the meter channel (or virtual meter) measuring the activity; null for offsets
 *     entered as amounts
 * @param fuel fuel id for stationary combustion (e.g. {@code natural_gas}); null otherwise
 * @param gas gas or refrigerant for fugitive/process sources (e.g. {@code HFC-134a}, {@code
 *     R-410A}, {@code SF6}); null otherwise
 * @param factor explicit factor id (e.g. {@code gbt32151:natural_gas}); null = derived from the
 *     organisation's {@link FactorSelection} and {@code fuel}/{@code gas}/{@code type}
 * @param scope 1, 2 or 3; null for removals, offsets and on-site renewables
 */
public record CarbonSource(
    String id,
    Names name,
    SourceType type,
    ChannelRef activity,
    String fuel,
    String gas,
    String factor,
    Integer scope) {
  public CarbonSource {
    Checks.id("source.id", id);
    Checks.required("source.name", name);
    Checks.required("source.type", type);
    if (scope != null && (scope < 1 || scope > 3)) {
      throw new IllegalArgumentException("source.scope: expected one of 1, 2, 3, got " + scope);
    }
    if (type == SourceType.STATIONARY_COMBUSTION && fuel == null) {
      throw new IllegalArgumentException("source.fuel: required for stationary_combustion");
    }
    if (type == SourceType.FUGITIVE && gas == null) {
      throw new IllegalArgumentException("source.gas: required for fugitive");
    }
    if (type != SourceType.OFFSET && activity == null) {
      throw new IllegalArgumentException("source.activity: required for " + type.wire());
    }
  }

  /** True for removals and offsets, which are subtracted from the gross total. */
  public boolean isSink() {
    return type == SourceType.REMOVAL || type == SourceType.OFFSET;
  }
}
