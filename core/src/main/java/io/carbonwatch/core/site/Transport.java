package io.carbonwatch.core.site;

/** How a gateway reaches its Modbus devices. */
public enum Transport implements WireEnum {
  TCP("tcp"),
  RTU("rtu"),
  RTU_OVER_TCP("rtu-over-tcp");

  private final String wire;

  Transport(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
