package io.carbonwatch.core.site;

/** What kind of thing an id in the site model names. */
public enum TargetKind implements WireEnum {
  SITE("site"),
  SEU("seu"),
  METER("meter"),
  VIRTUAL_METER("virtual_meter"),
  SOURCE("source"),
  VARIABLE("variable"),
  PARAMETER("parameter");

  private final String wire;

  TargetKind(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
