package io.carbonwatch.core.emissions;

/** Contractual instruments of the market-based scope 2 method, in the order they are applied. */
public enum InstrumentType {
  /** 绿色电力证书 (GEC) or another energy attribute certificate retired for the consumption. */
  ENERGY_ATTRIBUTE_CERTIFICATE,
  /** 绿电交易 / a power purchase agreement that conveys the attributes. */
  GREEN_POWER_CONTRACT,
  /** The supplier's own emission rate for everything it delivers, applied after the above. */
  SUPPLIER_SPECIFIC
}
