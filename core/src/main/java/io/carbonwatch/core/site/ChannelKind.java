package io.carbonwatch.core.site;

/**
 * How a channel's values relate to consumption: a cumulative register, an instantaneous value, or
 * the amount since the previous reading.
 */
public enum ChannelKind implements WireEnum {
  COUNTER("counter"),
  GAUGE("gauge"),
  DELTA("delta");

  private final String wire;

  ChannelKind(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
