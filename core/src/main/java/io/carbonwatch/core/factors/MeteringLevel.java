package io.carbonwatch.core.factors;

/**
 * The same GB 17167 levels as {@link io.carbonwatch.core.site.MeteringLevel}, which the factor
 * library now uses; kept so that existing callers of {@code valueOf} and {@link
 * MeteringRequirements#equippingRate(String, MeteringLevel)} compile.
 *
 * @deprecated use {@link io.carbonwatch.core.site.MeteringLevel}
 */
@Deprecated
public enum MeteringLevel {
  ORGANISATION,
  SECONDARY_UNIT,
  MAIN_EQUIPMENT;

  /** The site-model level of the same name, which carries the codes and names. */
  public io.carbonwatch.core.site.MeteringLevel level() {
    return io.carbonwatch.core.site.MeteringLevel.valueOf(name());
  }

  public String code() {
    return level().code();
  }

  public static MeteringLevel fromCode(String code) {
    return valueOf(io.carbonwatch.core.site.MeteringLevel.fromCode(code).name());
  }
}
