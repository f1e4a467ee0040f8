package io.carbonwatch.core.site;

/**
 * A meter polled over Modbus through a gateway of an agent. Exactly one of {@code profile} (a
 * shipped device profile such as {@code eastron-sdm630}) and {@code registerMap} (inline map) is
 * set.
 */
public record ModbusAcquisition(
    String agent, String gateway, int unitId, String profile, RegisterMap registerMap)
    implements Acquisition {
  public ModbusAcquisition {
    Checks.required("read.agent", agent);
    Checks.required("read.gateway", gateway);
    if (unitId < 0 || unitId > 247) {
      throw new IllegalArgumentException("read.unitId: expected 0..247, got " + unitId);
    }
    if ((profile == null) == (registerMap == null)) {
      throw new IllegalArgumentException("read: expected exactly one of profile, registerMap");
    }
  }

  @Override
  public String protocol() {
    return "modbus";
  }
}
