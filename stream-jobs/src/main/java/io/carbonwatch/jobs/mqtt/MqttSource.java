package io.carbonwatch.jobs.mqtt;

import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Unbounded MQTT 5 source (Flink Source V2) on the Paho v5 client: QoS 1, persistent sessions,
 * shared subscriptions. Messages are acknowledged to the broker only after the checkpoint that
 * covers them completes, so a failure between receipt and checkpoint makes the broker redeliver
 * them (at-least-once; the job deduplicates by meter and sequence).
 */
public final class MqttSource implements Source<MqttMessageRecord, MqttSplit, List<MqttSplit>> {
  private static final long serialVersionUID = 1L;
  private final MqttSourceConfig config;

  public MqttSource(MqttSourceConfig config) {
    this.config = config;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<MqttMessageRecord, MqttSplit> createReader(SourceReaderContext context) {
    return new MqttSourceReader(config, context);
  }

  @Override
  public SplitEnumerator<MqttSplit, List<MqttSplit>> createEnumerator(
      SplitEnumeratorContext<MqttSplit> context) {
    return new MqttSplitEnumerator(context, null);
  }

  @Override
  public SplitEnumerator<MqttSplit, List<MqttSplit>> restoreEnumerator(
      SplitEnumeratorContext<MqttSplit> context, List<MqttSplit> checkpoint) {
    return new MqttSplitEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<MqttSplit> getSplitSerializer() {
    return new MqttSplitSerializer.Split();
  }

  @Override
  public SimpleVersionedSerializer<List<MqttSplit>> getEnumeratorCheckpointSerializer() {
    return new MqttSplitSerializer.Pending();
  }
}
