package io.carbonwatch.core.factors;

/** IPCC assessment report whose 100-year global warming potentials are used. */
public enum GwpSet {
  AR4,
  AR5,
  AR6;

  public static GwpSet fromId(String id) {
    for (GwpSet s : values()) {
      if (s.name().equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("gwpSet: expected one of AR4, AR5, AR6; got " + id);
  }
}
