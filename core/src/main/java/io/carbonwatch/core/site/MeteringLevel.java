package io.carbonwatch.core.site;

/**
 * GB 17167 metering level of an instrument: where it sits in the energy flow. The site model spells
 * it {@link #wire()}; the GB 17167 data file keys its tables by {@link #code()}.
 */
public enum MeteringLevel implements WireEnum {
  /** L1, 进出用能单位: the organisation's boundary. */
  ORGANISATION("organisation", "L1", "进出用能单位"),
  /** L2, 进出主要次级用能单位: a main secondary energy-using unit (workshop, building). */
  SECONDARY_UNIT("secondary_unit", "L2", "进出主要次级用能单位"),
  /** L3, 主要用能设备: main energy-using equipment. */
  MAIN_EQUIPMENT("main_equipment", "L3", "主要用能设备");

  private final String wire;
  private final String code;
  private final String zh;

  MeteringLevel(String wire, String code, String zh) {
    this.wire = wire;
    this.code = code;
    this.zh = zh;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** The level as GB 17167 numbers it: {@code L1}, {@code L2}, {@code L3}. */
  public String code() {
    return code;
  }

  /** The Chinese term. */
  public String zh() {
    return zh;
  }

  /** Parses {@code L1}, {@code L2} or {@code L3}. */
  public static MeteringLevel fromCode(String code) {
    for (MeteringLevel l : values()) {
      if (l.code.equals(code)) {
        return l;
      }
    }
    throw new IllegalArgumentException("level: expected one of L1, L2, L3; got " + code);
  }
}
