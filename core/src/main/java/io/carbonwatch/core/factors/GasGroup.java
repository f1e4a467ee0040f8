package io.carbonwatch.core.factors;

/** The seven greenhouse gases (groups) of the carbon management standard, clause 6.1.2. */
public enum GasGroup {
  CO2,
  CH4,
  N2O,
  HFCS,
  PFCS,
  SF6,
  NF3
}
