package io.carbonwatch.core.site;

/** GB 17167 metering level of an instrument. */
public enum MeteringLevel implements WireEnum {
  ORGANISATION("organisation", "进出用能单位"),
  SECONDARY_UNIT("secondary_unit", "进出主要次级用能单位"),
  MAIN_EQUIPMENT("main_equipment", "主要用能设备");

  private final String wire;
  private final String zh;

  MeteringLevel(String wire, String zh) {
    this.wire = wire;
    this.zh = zh;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** The Chinese term. */
  public String zh() {
    return zh;
  }
}
