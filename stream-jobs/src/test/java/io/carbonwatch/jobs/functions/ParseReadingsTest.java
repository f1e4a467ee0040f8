package io.carbonwatch.jobs.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.wire.DeadLetter;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.ReadingValue;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.jobs.model.Rejection;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import io.carbonwatch.jobs.mqtt.ReadingBatches;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseReadingsTest {
  private static final String BATCH_TOPIC = "cw/v1/sh-plant/readings/edge-1";

  private static Reading reading(String meter, long seq) {
    return new Reading(
        "sh-plant",
        "edge-1",
        meter,
        seq,
        Instant.parse("2026-11-24T00:00:00Z"),
        List.of(ReadingValue.good("energy_import", 100.0 + seq, "kWh")));
  }

  private static List<Rejection> rejections(
      OneInputStreamOperatorTestHarness<MqttMessageRecord, Reading> h) {
    List<Rejection> out = new ArrayList<>();
    var queue = h.getSideOutput(ParseReadings.DEAD_LETTERS);
    if (queue != null) {
      for (StreamRecord<Rejection> r : queue) {
        out.add(r.getValue());
      }
    }
    return out;
  }

  private static List<DeadLetter> deadLetters(
      OneInputStreamOperatorTestHarness<MqttMessageRecord, Reading> h) {
    return rejections(h).stream().map(Rejection::letter).toList();
  }

  private static List<String> fields(
      OneInputStreamOperatorTestHarness<MqttMessageRecord, Reading> h) {
    return rejections(h).stream().map(Rejection::field).toList();
  }

  private static MqttMessageRecord single(String topic, String payload) {
    return new MqttMessageRecord(topic, payload.getBytes(StandardCharsets.UTF_8), 0L);
  }

  private static OneInputStreamOperatorTestHarness<MqttMessageRecord, Reading> harness(
      List<MqttMessageRecord> records) throws Exception {
    var h = ProcessFunctionTestHarnesses.forProcessFunction(new ParseReadings());
    for (MqttMessageRecord m : records) {
      h.processElement(m, 0);
    }
    return h;
  }

  private static List<MqttMessageRecord> split(String payload) {
    List<MqttMessageRecord> records = new ArrayList<>();
    ReadingBatches.split(
        BATCH_TOPIC, payload.getBytes(StandardCharsets.UTF_8), 1_000L, records::add);
    return records;
  }

  @Test
  void passesEveryGoodElementOfABatchOnAsItsOwnReading() throws Exception {
    String payload =
        "{\"v\":1,\"batch\":["
            + WireCodec.text(WireCodec.encode(reading("M-1", 1)))
            + ","
            + WireCodec.text(WireCodec.encode(reading("M-2", 7)))
            + "]}";
    try (var h = harness(split(payload))) {
      assertThat(h.extractOutputValues()).containsExactly(reading("M-1", 1), reading("M-2", 7));
      assertThat(deadLetters(h)).isEmpty();
    }
  }

  @Test
  void aMalformedBatchIsDeadLetteredWithItsSiteTopicAndProblem() throws Exception {
    try (var h = harness(split("{\"v\":2,\"batch\":[]}"))) {
      assertThat(h.extractOutputValues()).isEmpty();
      List<DeadLetter> dl = deadLetters(h);
      assertThat(dl).hasSize(1);
      assertThat(dl.get(0).site()).isEqualTo("sh-plant");
      assertThat(dl.get(0).topic()).isEqualTo(BATCH_TOPIC);
      assertThat(dl.get(0).reason()).isEqualTo("batch " + BATCH_TOPIC + ": v: expected 1");
      // The envelope, not the reading's own v: nothing of the batch was accepted.
      assertThat(fields(h)).containsExactly("batch");
    }
  }

  @Test
  void aBatchThatIsNotJsonIsTaggedBatch() throws Exception {
    try (var h = harness(split("{\"v\":1,\"batch\":[{\"meter\":"))) {
      assertThat(deadLetters(h))
          .singleElement()
          .satisfies(
              d ->
                  assertThat(d.reason())
                      .isEqualTo(
                          "batch "
                              + BATCH_TOPIC
                              + ": malformed JSON at byte 26: unexpected end of input"));
      assertThat(fields(h)).containsExactly("batch");
    }
  }

  @Test
  void aBadElementIsDeadLetteredWithItsIndexWhileTheOthersPass() throws Exception {
    String good = WireCodec.text(WireCodec.encode(reading("M-1", 1)));
    String badUnit = good.replace("\"kWh\"", "42").replace("M-1", "M-3");
    String payload = "{\"v\":1,\"batch\":[" + good + "," + badUnit + "]}";
    try (var h = harness(split(payload))) {
      assertThat(h.extractOutputValues()).containsExactly(reading("M-1", 1));
      List<DeadLetter> dl = deadLetters(h);
      assertThat(dl).hasSize(1);
      assertThat(dl.get(0).site()).isEqualTo("sh-plant");
      assertThat(dl.get(0).reason())
          .isEqualTo(
              "batch "
                  + BATCH_TOPIC
                  + " element 1: values[0].unit: expected a string, got the number 42");
      // The reading's field, not the batch prefix and its element index.
      assertThat(fields(h)).containsExactly("values[].unit");
    }
  }

  @Test
  void aBatchElementThatIsNotAReadingObjectOrHasNoMeterIsTaggedByWhatIsWrong() throws Exception {
    String good = WireCodec.text(WireCodec.encode(reading("M-1", 1)));
    String noMeter = good.replace("\"meter\":\"M-1\",", "");
    try (var h = harness(split("{\"v\":1,\"batch\":[42," + noMeter + "]}"))) {
      assertThat(deadLetters(h))
          .extracting(DeadLetter::reason)
          .containsExactly(
              "batch " + BATCH_TOPIC + " element 0: expected a reading object",
              "batch " + BATCH_TOPIC + " element 1: meter: required (a string)");
      assertThat(fields(h)).containsExactly("message", "meter");
    }
  }

  @Test
  void aMalformedJsonMessageIsTaggedMessageWhateverTheErrorSays() throws Exception {
    String topic = "cw/v1/sh-plant/readings/edge-1/M-1";
    try (var h = harness(List.of(single(topic, "{not json"), single(topic, "{\"v\":1,\n  x")))) {
      List<DeadLetter> dl = deadLetters(h);
      assertThat(dl).hasSize(2);
      // Colons inside the reason ("… at character N: Unexpected character …") make no tag.
      assertThat(dl.get(0).reason())
          .startsWith("malformed JSON at character ")
          .contains(": Unexpected character ('n'");
      assertThat(dl.get(1).reason()).startsWith("malformed JSON at character ");
      assertThat(fields(h)).containsExactly("message", "message");
    }
  }

  @Test
  void aWireFormatErrorIsTaggedWithItsPathWithoutIndicesAndUnknownFieldsByWhereTheySit()
      throws Exception {
    String topic = "cw/v1/sh-plant/readings/edge-1/M-1";
    String good = WireCodec.text(WireCodec.encode(reading("M-1", 1)));
    List<MqttMessageRecord> in =
        List.of(
            single(topic, good.replace("\"seq\":1", "\"seq\":0")),
            single(topic, good.replace("\"good\"", "\"fine\"")),
            single(topic, good.replace("\"unit\":", "\"colour\":\"red\",\"unit\":")),
            single(topic, good.replace("\"seq\":", "\"sender-chosen name\":1,\"seq\":")));
    try (var h = harness(in)) {
      assertThat(deadLetters(h))
          .extracting(DeadLetter::reason)
          .satisfiesExactly(
              r -> assertThat(r).startsWith("seq: "),
              r -> assertThat(r).startsWith("values[0].quality: "),
              r -> assertThat(r).startsWith("values[0].colour: unknown field"),
              r -> assertThat(r).startsWith("sender-chosen name: unknown field"));
      assertThat(fields(h)).containsExactly("seq", "values[].quality", "values[]", "message");
    }
  }

  @Test
  void aSingleMessageOnAWrongTopicNamesTheExpectedTopic() throws Exception {
    byte[] bytes = WireCodec.encode(reading("M-1", 1));
    try (var h = harness(List.of(new MqttMessageRecord("cw/v1/sh-plant/other", bytes, 0L)))) {
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(deadLetters(h))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.site()).isEqualTo("sh-plant");
                assertThat(d.reason())
                    .isEqualTo("topic: expected cw/v1/{site}/readings/{agent}/{meter}");
              });
      assertThat(fields(h)).containsExactly("topic");
    }
  }

  @Test
  void aReadingThatContradictsItsTopicIsTaggedWithTheContradictedField() throws Exception {
    byte[] bytes = WireCodec.encode(reading("M-1", 1));
    try (var h =
        harness(List.of(new MqttMessageRecord("cw/v1/sh-plant/readings/edge-1/M-2", bytes, 0L)))) {
      assertThat(deadLetters(h))
          .extracting(DeadLetter::reason)
          .containsExactly("meter: 'M-1' does not match the topic's meter 'M-2'");
      assertThat(fields(h)).containsExactly("meter");
    }
  }
}
