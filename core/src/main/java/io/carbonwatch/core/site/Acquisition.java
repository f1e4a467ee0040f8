package io.carbonwatch.core.site;

/**
 * How a meter is read: {@link ModbusAcquisition}, {@link MqttAcquisition} or {@link
 * ManualAcquisition}. In YAML the {@code read} map's {@code protocol} key selects the variant.
 */
public sealed interface Acquisition permits ModbusAcquisition, MqttAcquisition, ManualAcquisition {
  /** "modbus", "mqtt" or "manual". */
  String protocol();

  /** The edge agent that reads the meter; null for manual entry. */
  String agent();
}
