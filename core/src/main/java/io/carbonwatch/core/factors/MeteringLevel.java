package io.carbonwatch.core.factors;

/** GB 17167 metering levels: where an instrument sits in the energy flow. */
public enum MeteringLevel {
  /** L1, 进出用能单位: the organisation's boundary. */
  ORGANISATION("L1"),
  /** L2, 进出主要次级用能单位: a main secondary energy-using unit (workshop, building). */
  SECONDARY_UNIT("L2"),
  /** L3, 主要用能设备: main energy-using equipment. */
  MAIN_EQUIPMENT("L3");

  private final String code;

  MeteringLevel(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static MeteringLevel fromCode(String code) {
    for (MeteringLevel l : values()) {
      if (l.code.equals(code)) {
        return l;
      }
    }
    throw new IllegalArgumentException("level: expected one of L1, L2, L3; got " + code);
  }
}
