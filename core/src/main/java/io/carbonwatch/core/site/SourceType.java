package io.carbonwatch.core.site;

/** Kind of carbon source or sink (6.1.2). */
public enum SourceType implements WireEnum {
  STATIONARY_COMBUSTION("stationary_combustion", "固定源燃烧"),
  PURCHASED_ELECTRICITY("purchased_electricity", "外购电力"),
  PURCHASED_HEAT("purchased_heat", "外购热力"),
  FUGITIVE("fugitive", "逸散排放"),
  PROCESS("process", "过程排放"),
  ONSITE_RENEWABLE("onsite_renewable", "自发可再生能源"),
  REMOVAL("removal", "碳清除"),
  OFFSET("offset", "碳抵消");

  private final String wire;
  private final String zh;

  SourceType(String wire, String zh) {
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
