package io.carbonwatch.core.factors;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Greenhouse gases with a GWP in the data files. {@link #code()} is the spelling used in data files
 * and the site model ({@code HFC-134a}). Methane appears three times because AR5/AR6 distinguish
 * fossil and non-fossil methane; {@link #CH4} is the generic value.
 */
public enum Gas {
  CO2("CO2", GasGroup.CO2),
  CH4("CH4", GasGroup.CH4),
  CH4_FOSSIL("CH4_FOSSIL", GasGroup.CH4),
  CH4_NON_FOSSIL("CH4_NON_FOSSIL", GasGroup.CH4),
  N2O("N2O", GasGroup.N2O),
  HFC_23("HFC-23", GasGroup.HFCS),
  HFC_32("HFC-32", GasGroup.HFCS),
  HFC_125("HFC-125", GasGroup.HFCS),
  HFC_134A("HFC-134a", GasGroup.HFCS),
  HFC_143A("HFC-143a", GasGroup.HFCS),
  HFC_152A("HFC-152a", GasGroup.HFCS),
  HFC_227EA("HFC-227ea", GasGroup.HFCS),
  HFC_245FA("HFC-245fa", GasGroup.HFCS),
  CF4("CF4", GasGroup.PFCS),
  C2F6("C2F6", GasGroup.PFCS),
  SF6("SF6", GasGroup.SF6),
  NF3("NF3", GasGroup.NF3);

  private final String code;
  private final GasGroup group;

  Gas(String code, GasGroup group) {
    this.code = code;
    this.group = group;
  }

  public String code() {
    return code;
  }

  public GasGroup group() {
    return group;
  }

  /** Parses a code; {@code R-134a} style refrigerant numbers of pure HFCs are accepted too. */
  public static Gas fromCode(String code) {
    if (code != null) {
      String c = code.startsWith("R-") ? "HFC-" + code.substring(2) : code;
      for (Gas g : values()) {
        if (g.code.equals(c)) {
          return g;
        }
      }
    }
    throw new IllegalArgumentException(
        "gas: expected one of "
            + Arrays.stream(values()).map(Gas::code).collect(Collectors.joining(", "))
            + "; got "
            + code);
  }
}
