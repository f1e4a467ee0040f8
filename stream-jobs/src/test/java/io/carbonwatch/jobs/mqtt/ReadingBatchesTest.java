package io.carbonwatch.jobs.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.core.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway batch envelope: splitting, and what becomes one whole-batch problem. */
class ReadingBatchesTest {
  private static final String TOPIC = "cw/v1/s1/readings/gw-1";

  private static Reading reading(String agent, String meter, long seq) {
    return new Reading(
        "s1",
        agent,
        meter,
        seq,
        Instant.parse("2026-11-24T00:00:00Z").plusSeconds(seq),
        List.of(ReadingValue.good("energy_import", 0.5 * seq, "kWh")));
  }

  private static List<MqttMessageRecord> split(String payload) {
    List<MqttMessageRecord> out = new ArrayList<>();
    ReadingBatches.split(TOPIC, payload.getBytes(StandardCharsets.UTF_8), 1L, out::add);
    return out;
  }

  private static String wholeBatchProblem(String payload) {
    List<MqttMessageRecord> out = split(payload);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).topic()).isEqualTo(TOPIC);
    assertThat(out.get(0).origin()).isEqualTo("batch " + TOPIC);
    assertThat(new String(out.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo(payload);
    return out.get(0).problem();
  }

  @Test
  void encodedBatchSplitsBackIntoTheSameReadingsAndBytes() {
    List<Reading> rs = List.of(reading("gw-1", "M-1", 1), reading("gw-1", "M-2", 9));
    List<MqttMessageRecord> out = new ArrayList<>();
    ReadingBatches.split(
        TOPIC, io.carbonwatch.core.wire.ReadingBatchCodec.encode(rs), 5L, out::add);
    assertThat(out).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(out.get(i).payload()).isEqualTo(WireCodec.encode(rs.get(i)));
      assertThat(out.get(i).topic()).isEqualTo(TOPIC + "/" + rs.get(i).meter());
      assertThat(out.get(i).receivedAtMs()).isEqualTo(5L);
    }
  }

  @Test
  void elementsKeepTheirExactBytesWhateverTheWhitespaceAndNesting() {
    String e0 = "{ \"meter\" : \"M-1\", \"values\": [ {\"x\": [1, {\"meter\": \"no\"}]} ] }";
    String e1 = "\"text, with ] and }\"";
    List<MqttMessageRecord> out = split(" {\"batch\": [ " + e0 + " ,\n" + e1 + " ], \"v\": 1 } ");
    assertThat(out)
        .extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
        .containsExactly(e0, e1);
    assertThat(out.get(0).topic()).isEqualTo(TOPIC + "/M-1");
    assertThat(out.get(1).problem()).isEqualTo("expected a reading object");
  }

  @Test
  void wrongEnvelopesAreOneProblemNamingWhatIsWrong() {
    assertThat(wholeBatchProblem("{\"v\":1,\"batch\":[]}"))
        .isEqualTo("batch: expected at least one reading");
    assertThat(wholeBatchProblem("{\"v\":2,\"batch\":[{}]}")).isEqualTo("v: expected 1");
    assertThat(wholeBatchProblem("{\"batch\":[{}]}")).isEqualTo("v: required");
    assertThat(wholeBatchProblem("{\"v\":1}")).isEqualTo("batch: required");
    assertThat(wholeBatchProblem("{\"v\":1,\"batch\":{}}"))
        .isEqualTo("batch: expected an array of readings");
    assertThat(wholeBatchProblem("{\"v\":1,\"site\":\"s1\",\"batch\":[{}]}"))
        .isEqualTo("unknown field 'site' (a batch has v and batch)");
    assertThat(wholeBatchProblem("{\"v\":1,\"batch\":[{}],\"batch\":[{}]}"))
        .isEqualTo("batch: duplicate field");
    assertThat(wholeBatchProblem("{\"v\":1,\"batch\":[{}]} {}"))
        .isEqualTo("expected one JSON object, got trailing content");
    assertThat(wholeBatchProblem("[1]")).startsWith("expected a JSON object");
    assertThat(wholeBatchProblem("{\"v\":1,\"batch\":[{\"meter\":\"M-1\"}"))
        .startsWith("malformed JSON");
    assertThat(wholeBatchProblem("{\"v\":1,\"batch\":[{\"meter\":M-1}]}"))
        .startsWith("malformed JSON at byte ");
  }

  @Test
  void moreThanTheMaximumIsRejectedWhole() {
    StringBuilder b = new StringBuilder("{\"v\":1,\"batch\":[");
    for (int i = 0; i <= io.carbonwatch.core.wire.ReadingBatchCodec.MAX_READINGS; i++) {
      b.append(i == 0 ? "" : ",").append("{}");
    }
    assertThat(wholeBatchProblem(b.append("]}").toString()))
        .isEqualTo("batch: more than 10000 readings");
  }

  @Test
  void batchTopicIsTheAgentLevelOfTheReadingsTree() {
    assertThat(io.carbonwatch.core.wire.Topics.readingBatch("s1", "gw-1")).isEqualTo(TOPIC);
    assertThat(ReadingBatches.isBatchTopic(TOPIC)).isTrue();
    assertThat(ReadingBatches.isBatchTopic(TOPIC + "/M-1")).isFalse();
    assertThat(ReadingBatches.isBatchTopic("cw/v1/s1/status/gw-1")).isFalse();
    assertThat(ReadingBatches.isBatchTopic("cw/v1/s1/control/site-model")).isFalse();
    assertThatThrownBy(() -> io.carbonwatch.core.wire.Topics.readingBatch("s1", "a/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodeRefusesMixedAgentsAndEmptyBatches() {
    assertThatThrownBy(
            () ->
                io.carbonwatch.core.wire.ReadingBatchCodec.encode(
                    List.of(reading("gw-1", "M-1", 1), reading("gw-2", "M-1", 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readings[1]");
    assertThatThrownBy(() -> io.carbonwatch.core.wire.ReadingBatchCodec.encode(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
