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

  /**
   * Creates the readers' persistent sessions and shared subscriptions on the broker before the job
   * starts, so readings published between deployment and the readers' first connect are queued for
   * them rather than dropped. Idempotent: an existing session keeps its queued messages.
   *
   * @param parallelism the source's parallelism; {@code parallelism × sessionsPerReader} sessions
   *     are prepared
   */
  public static void prepareSessions(MqttSourceConfig config, int parallelism)
      throws org.eclipse.paho.mqttv5.common.MqttException {
    int splits = parallelism * config.sessionsPerReader();
    for (int i = 0; i < splits; i++) {
      String clientId = config.connection().clientIdPrefix() + "-" + i;
      var client =
          new org.eclipse.paho.mqttv5.client.MqttClient(
              config.connection().serverUri(),
              clientId,
              new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
      var options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
      options.setCleanStart(false);
      options.setSessionExpiryInterval(config.connection().sessionExpiry().toSeconds());
      if (config.connection().username() != null) {
        options.setUserName(config.connection().username());
        options.setPassword(
            config.connection().password() == null
                ? new byte[0]
                : config.connection().password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      // Receive nothing while preparing: an unacknowledged message would be lost from the session.
      options.setReceiveMaximum(1);
      client.setManualAcks(true);
      client.connect(options);
      String[] filters = config.subscriptionFilters();
      int[] qos = new int[filters.length];
      java.util.Arrays.fill(qos, 1);
      client.subscribe(filters, qos);
      client.disconnect();
      client.close();
    }
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
    return new MqttSplitEnumerator(context, null, config.sessionsPerReader());
  }

  @Override
  public SplitEnumerator<MqttSplit, List<MqttSplit>> restoreEnumerator(
      SplitEnumeratorContext<MqttSplit> context, List<MqttSplit> checkpoint) {
    return new MqttSplitEnumerator(context, checkpoint, config.sessionsPerReader());
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
