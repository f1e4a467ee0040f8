package io.carbonwatch.jobs.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class ControlParserTest {
  private static List<ControlUpdate> parse(String... topicsAndPayloads) {
    List<ControlUpdate> out = new ArrayList<>();
    Collector<ControlUpdate> c =
        new Collector<>() {
          @Override
          public void collect(ControlUpdate u) {
            out.add(u);
          }

          @Override
          public void close() {}
        };
    ControlParser p = new ControlParser();
    for (int i = 0; i < topicsAndPayloads.length; i += 2) {
      p.flatMap(
          new MqttMessageRecord(
              topicsAndPayloads[i],
              topicsAndPayloads[i + 1].getBytes(StandardCharsets.UTF_8),
              0L,
              "test",
              null),
          c);
    }
    return out;
  }

  @Test
  void keysEverySitesMessageOfAKindApart() {
    List<ControlUpdate> u =
        parse(
            "cw/v1/sh-plant/control/baselines", "{\"v\":1,\"baselines\":[]}",
            "cw/v1/sz-plant/control/baselines", "{\"v\":1,\"baselines\":[]}");

    assertThat(u).extracting(ControlUpdate::site).containsExactly("sh-plant", "sz-plant");
    assertThat(u).extracting(ControlUpdate::kind).containsOnly("baselines");
    assertThat(u)
        .extracting(ControlUpdate::stateKey)
        .containsExactly("sh-plant/baselines", "sz-plant/baselines");
  }

  @Test
  void ignoresAClearedRetainedMessageAndOtherTopics() {
    assertThat(
            parse(
                "cw/v1/sh-plant/control/baselines", "",
                "cw/v1/sh-plant/readings/edge-1", "{}"))
        .isEmpty();
  }
}
