package io.carbonwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingBatchCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-11-24T02:00:05Z");

  private static Reading reading(String site, String agent, String meter, long seq) {
    return new Reading(
        site,
        agent,
        meter,
        seq,
        T.plusMillis(seq),
        List.of(
            ReadingValue.good("energy_import", 123456.7 + seq, "kWh"),
            ReadingValue.missing("power_active", "kW", Quality.TIMEOUT),
            ReadingValue.deviceException("power_q", "kvar", 2)));
  }

  private static List<Reading> readings(int n) {
    List<Reading> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(reading("sh-plant", "edge-1", "M-" + (i % 7), i + 1));
    }
    return out;
  }

  /** Parses the envelope with Jackson and decodes each element with the single-reading codec. */
  private static List<Reading> decode(byte[] batch) throws Exception {
    JsonNode root = JSON.readTree(batch);
    assertThat(root.isObject()).isTrue();
    List<String> fields = new ArrayList<>();
    root.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("v", "batch");
    assertThat(root.get("v").isInt()).isTrue();
    assertThat(root.get("v").intValue()).isEqualTo(1);
    assertThat(root.get("batch").isArray()).isTrue();
    List<Reading> out = new ArrayList<>();
    for (Iterator<JsonNode> it = root.get("batch").elements(); it.hasNext(); ) {
      out.add(WireCodec.decodeReading(JSON.writeValueAsBytes(it.next())));
    }
    return out;
  }

  @Test
  void everyElementDecodesBackToItsReadingInOrder() throws Exception {
    List<Reading> in = readings(250);
    assertThat(decode(ReadingBatchCodec.encode(in))).containsExactlyElementsOf(in);
  }

  @Test
  void elementsAreExactlyTheSingleReadingBytesInsideTheDocumentedEnvelope() {
    List<Reading> in = readings(3);
    String expected =
        "{\"v\":1,\"batch\":["
            + WireCodec.text(WireCodec.encode(in.get(0)))
            + ","
            + WireCodec.text(WireCodec.encode(in.get(1)))
            + ","
            + WireCodec.text(WireCodec.encode(in.get(2)))
            + "]}";
    assertThat(new String(ReadingBatchCodec.encode(in), StandardCharsets.UTF_8))
        .isEqualTo(expected);
  }

  @Test
  void wrappingPreEncodedReadingsWritesTheSameBytesAsEncoding() throws Exception {
    List<Reading> in = readings(40);
    List<byte[]> encoded = in.stream().map(WireCodec::encode).toList();
    byte[] wrapped = ReadingBatchCodec.wrap(encoded);
    assertThat(wrapped).isEqualTo(ReadingBatchCodec.encode(in));
    assertThat(decode(wrapped)).containsExactlyElementsOf(in);
    assertThat(ReadingBatchCodec.wrap(List.of(WireCodec.encode(in.get(0)))))
        .isEqualTo(ReadingBatchCodec.encode(List.of(in.get(0))));
  }

  @Test
  void aSingleReadingAndTheMaximumOfTenThousandAreAccepted() throws Exception {
    assertThat(decode(ReadingBatchCodec.encode(readings(1)))).hasSize(1);
    List<Reading> max = readings(ReadingBatchCodec.MAX_READINGS);
    assertThat(decode(ReadingBatchCodec.encode(max))).containsExactlyElementsOf(max);
  }

  @Test
  void anEmptyOrOversizedBatchIsRefusedWithTheCount() {
    assertThatThrownBy(() -> ReadingBatchCodec.encode(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readings: a batch holds 1..10000 readings, got 0");
    List<Reading> tooMany = Collections.nCopies(10_001, reading("sh-plant", "edge-1", "M-1", 1));
    assertThatThrownBy(() -> ReadingBatchCodec.encode(tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readings: a batch holds 1..10000 readings, got 10001");
    assertThatThrownBy(() -> ReadingBatchCodec.wrap(List.of()))
        .hasMessage("readings: a batch holds 1..10000 readings, got 0");
  }

  @Test
  void aReadingOfAnotherSiteIsRefusedNamingItsIndexAndField() {
    List<Reading> in = new ArrayList<>(readings(5));
    in.set(3, reading("bj-plant", "edge-1", "M-9", 9));
    assertThatThrownBy(() -> ReadingBatchCodec.encode(in))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "readings[3].site: a batch carries one site (sh-plant from readings[0]), got"
                + " bj-plant");
  }

  @Test
  void aReadingOfAnotherAgentIsRefusedNamingItsIndexAndField() {
    List<Reading> in = new ArrayList<>(readings(5));
    in.set(4, reading("sh-plant", "edge-2", "M-9", 9));
    assertThatThrownBy(() -> ReadingBatchCodec.encode(in))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "readings[4].agent: a batch carries one agent (edge-1 from readings[0]), got edge-2");
  }

  @Test
  void aNullReadingOrANonObjectElementIsRefusedNamingItsIndex() {
    List<Reading> in = new ArrayList<>(readings(3));
    in.set(1, null);
    assertThatThrownBy(() -> ReadingBatchCodec.encode(in))
        .hasMessage("readings[1]: expected a reading, got null");
    assertThatThrownBy(
            () ->
                ReadingBatchCodec.wrap(
                    List.of(
                        WireCodec.encode(reading("sh-plant", "edge-1", "M-1", 1)),
                        "[1]".getBytes(StandardCharsets.UTF_8))))
        .hasMessage("encodedReadings[1]: expected a reading as a JSON object");
  }

  @Test
  void theBatchTopicIsTheAgentLevelOfTheReadingsTree() {
    assertThat(Topics.readingBatch("sh-plant", "edge-1"))
        .isEqualTo("cw/v1/sh-plant/readings/edge-1");
    assertThat(Topics.readings("sh-plant", "edge-1", "M-1"))
        .startsWith(Topics.readingBatch("sh-plant", "edge-1") + "/");
    assertThat(Topics.siteOf(Topics.readingBatch("sh-plant", "edge-1"))).isEqualTo("sh-plant");
    assertThatThrownBy(() -> Topics.readingBatch("sh/plant", "edge-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sh/plant");
    assertThatThrownBy(() -> Topics.readingBatch("sh-plant", "+"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
