package io.carbonwatch.jobs.control;

import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Control-topic messages to {@link ControlUpdate}s; anything else on the topic is ignored. */
public final class ControlParser implements FlatMapFunction<MqttMessageRecord, ControlUpdate> {
  private static final long serialVersionUID = 1L;

  @Override
  public void flatMap(MqttMessageRecord m, Collector<ControlUpdate> out) {
    Topics.parse(m.topic())
        .filter(a -> a.kind() == Topics.Kind.CONTROL)
        .filter(a -> m.payload().length > 0)
        .ifPresent(
            a ->
                out.collect(
                    new ControlUpdate(
                        a.site(),
                        a.parts().get(0),
                        new String(m.payload(), StandardCharsets.UTF_8))));
  }
}
