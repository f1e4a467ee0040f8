package io.carbonwatch.core.site;

/** GB 17167 instrument status: 合格 / 准用 / 停用. */
public enum CalibrationStatus implements WireEnum {
  QUALIFIED("qualified", "合格"),
  CONDITIONAL("conditional", "准用"),
  DISABLED("disabled", "停用");

  private final String wire;
  private final String zh;

  CalibrationStatus(String wire, String zh) {
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
