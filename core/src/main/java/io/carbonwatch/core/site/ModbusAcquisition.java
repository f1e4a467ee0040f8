package io.carbonwatch.core.site;

import java.time.Duration;

/**
 * A meter polled over Modbus through a gateway of an agent. Exactly one of {@code profile} (a
 * shipped device profile such as {@code eastron-sdm630}) and {@code registerMap} (inline map) is
 * set.
 *
 * <p>{@code timeout}, {@code retries} and {@code pauseBetweenRequests} override the gateway's
 * values for this device (null = the gateway's): a slow device behind a shared line must not set
 * the pace for its neighbours. {@code ptRatio} and {@code ctRatio} (primary/secondary, default 1)
 * scale a meter wired through instrument transformers that reports secondary-side values.
 */
public record ModbusAcquisition(
    String agent,
    String gateway,
    int unitId,
    String profile,
    RegisterMap registerMap,
    Duration timeout,
    Integer retries,
    Duration pauseBetweenRequests,
    double ptRatio,
    double ctRatio)
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
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("read.timeout: expected > 0");
    }
    if (retries != null && (retries < 0 || retries > 10)) {
      throw new IllegalArgumentException("read.retries: expected 0..10, got " + retries);
    }
    if (pauseBetweenRequests != null && pauseBetweenRequests.isNegative()) {
      throw new IllegalArgumentException("read.pauseBetweenRequests: expected >= 0");
    }
    if (!(ptRatio > 0) || !(ctRatio > 0)) {
      throw new IllegalArgumentException("read.ptRatio/ctRatio: expected > 0");
    }
  }

  /** A device read with its gateway's timing and no instrument transformers. */
  public ModbusAcquisition(
      String agent, String gateway, int unitId, String profile, RegisterMap registerMap) {
    this(agent, gateway, unitId, profile, registerMap, null, null, null, 1.0, 1.0);
  }

  @Override
  public String protocol() {
    return "modbus";
  }
}
