package io.carbonwatch.jobs.mqtt;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One subscriber identity. MQTT has no partitions: each split is a client id with its own
 * persistent session, and the broker's shared subscription balances messages between the splits. A
 * split therefore moves with its session: whichever reader owns split {@code n} connects as {@code
 * <prefix>-n} and receives what the broker still holds unacknowledged for it.
 */
public record MqttSplit(int index) implements SourceSplit {
  public MqttSplit {
    if (index < 0) {
      throw new IllegalArgumentException("index: must be >= 0");
    }
  }

  @Override
  public String splitId() {
    return "mqtt-subscriber-" + index;
  }
}
