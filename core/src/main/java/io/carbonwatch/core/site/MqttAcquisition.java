package io.carbonwatch.core.site;

import java.util.List;

/**
 * An MQTT-native meter: the agent subscribes to {@code topic}. With format {@code json} each
 * field's JSON Pointer is mapped to a channel and {@code timePointer} points at the timestamp
 * (ISO-8601 or epoch milliseconds; null = receive time). With format {@code reading} the payload
 * already is a CarbonWatch Reading (fields empty).
 */
public record MqttAcquisition(
    String agent, String topic, MqttFormat format, String timePointer, List<FieldMapping> fields)
    implements Acquisition {
  public MqttAcquisition {
    Checks.required("read.agent", agent);
    Checks.required("read.topic", topic);
    Checks.required("read.format", format);
    fields = Checks.list(fields);
    if (format == MqttFormat.JSON && fields.isEmpty()) {
      throw new IllegalArgumentException(
          "read.fields: expected at least one field for format json");
    }
  }

  @Override
  public String protocol() {
    return "mqtt";
  }
}
