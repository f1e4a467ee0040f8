package io.carbonwatch.edge.mqtt;

import java.time.Instant;
import java.util.Map;

/** An MQTT-native meter's message mapped to channel values (in the channel's unit) and its time. */
public record NativeMessage(String meter, Instant time, Map<String, Double> values) {
  public NativeMessage {
    values = Map.copyOf(values);
  }
}
