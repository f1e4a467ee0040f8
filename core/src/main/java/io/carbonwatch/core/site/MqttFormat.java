package io.carbonwatch.core.site;

/**
 * Payload format of an MQTT-native meter: arbitrary JSON mapped by JSON Pointers, or already a
 * CarbonWatch Reading.
 */
public enum MqttFormat implements WireEnum {
  JSON("json"),
  READING("reading");

  private final String wire;

  MqttFormat(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
