package io.carbonwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the JSON Schemas, the documented examples and the codec in agreement: every example decodes
 * and re-encodes to the same message; dropping any required field, adding an unknown field or using
 * a value outside an enum is rejected by the codec, as the schema says.
 */
class WireSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, Function<byte[], Object>> DECODERS =
      Map.of(
          "reading.schema.json", WireCodec::decodeReading,
          "agent-status.schema.json", WireCodec::decodeAgentStatus,
          "dead-letter.schema.json", WireCodec::decodeDeadLetter,
          "alert-event.schema.json", WireCodec::decodeAlertEvent,
          "live-sample.schema.json", WireCodec::decodeLiveSample,
          "control-site-model.schema.json", WireCodec::decodeSiteModelControl,
          "control-baselines.schema.json", WireCodec::decodeBaselinesControl,
          "control-instrument-status.schema.json", WireCodec::decodeInstrumentStatusControl,
          "control-factors.schema.json", WireCodec::decodeFactorsControl);

  private static JsonNode schema(String name) throws IOException {
    try (InputStream in =
        WireSchemaTest.class.getClassLoader().getResourceAsStream("io/carbonwatch/wire/" + name)) {
      assertThat(in).as(name).isNotNull();
      return JSON.readTree(in);
    }
  }

  private static byte[] bytes(JsonNode n) throws IOException {
    return JSON.writeValueAsBytes(n);
  }

  private static Object encode(Object message) {
    if (message instanceof Reading r) return WireCodec.encode(r);
    if (message instanceof AgentStatus s) return WireCodec.encode(s);
    if (message instanceof DeadLetter d) return WireCodec.encode(d);
    if (message instanceof AlertEvent a) return WireCodec.encode(a);
    if (message instanceof LiveSample l) return WireCodec.encode(l);
    if (message instanceof SiteModelControl c) return WireCodec.encode(c);
    if (message instanceof BaselinesControl c) return WireCodec.encode(c);
    if (message instanceof InstrumentStatusControl c) return WireCodec.encode(c);
    if (message instanceof FactorsControl c) return WireCodec.encode(c);
    throw new AssertionError(message);
  }

  @Test
  void everySchemaIsDraft202012AndHasADecoder() throws IOException {
    for (String name : DECODERS.keySet()) {
      JsonNode s = schema(name);
      assertThat(s.path("$schema").asText())
          .isEqualTo("https://json-schema.org/draft/2020-12/schema");
      assertThat(s.path("additionalProperties").asBoolean(true)).as(name).isFalse();
      assertThat(s.path("examples").size()).as(name).isPositive();
    }
  }

  @Test
  void codecAcceptsEverySchemaExampleAndReEncodesIt() throws IOException {
    for (Map.Entry<String, Function<byte[], Object>> e : DECODERS.entrySet()) {
      for (JsonNode example : schema(e.getKey()).path("examples")) {
        Object decoded = e.getValue().apply(bytes(example));
        byte[] again = (byte[]) encode(decoded);
        assertThat(e.getValue().apply(again)).as(e.getKey()).isEqualTo(decoded);
      }
    }
  }

  @Test
  void codecRejectsEachMissingRequiredFieldAndUnknownFields() throws IOException {
    for (Map.Entry<String, Function<byte[], Object>> e : DECODERS.entrySet()) {
      JsonNode s = schema(e.getKey());
      ObjectNode example = (ObjectNode) s.path("examples").get(0);
      for (JsonNode req : s.path("required")) {
        ObjectNode broken = example.deepCopy();
        broken.remove(req.asText());
        assertThatThrownBy(() -> e.getValue().apply(bytes(broken)))
            .as(e.getKey() + " without " + req.asText())
            .isInstanceOf(WireFormatException.class)
            .hasMessage(req.asText() + ": missing required field");
      }
      ObjectNode extra = example.deepCopy();
      extra.put("colour", "red");
      assertThatThrownBy(() -> e.getValue().apply(bytes(extra)))
          .as(e.getKey() + " with an unknown field")
          .isInstanceOf(WireFormatException.class)
          .hasMessageStartingWith("colour: unknown field");
    }
  }

  @Test
  void codecAcceptsExactlyTheEnumValuesOfTopLevelFields() throws IOException {
    for (Map.Entry<String, Function<byte[], Object>> e : DECODERS.entrySet()) {
      JsonNode s = schema(e.getKey());
      ObjectNode example = (ObjectNode) s.path("examples").get(0);
      Iterator<Map.Entry<String, JsonNode>> props = s.path("properties").fields();
      while (props.hasNext()) {
        Map.Entry<String, JsonNode> p = props.next();
        JsonNode values = p.getValue().path("enum");
        if (!values.isArray() || !example.has(p.getKey())) {
          continue;
        }
        for (JsonNode v : values) {
          ObjectNode ok = example.deepCopy();
          ok.set(p.getKey(), v);
          Object decoded = e.getValue().apply(bytes(ok));
          assertThat(decoded).isNotNull();
        }
        ObjectNode bad = example.deepCopy();
        bad.put(p.getKey(), "not-a-" + p.getKey());
        assertThatThrownBy(() -> e.getValue().apply(bytes(bad)))
            .as(e.getKey() + "." + p.getKey())
            .hasMessageStartingWith(p.getKey() + ": expected one of");
      }
    }
  }

  @Test
  void readingValueEnumAndConditionalsMatchTheSchema() throws IOException {
    JsonNode s = schema("reading.schema.json");
    JsonNode value = s.path("$defs").path("value");
    List<String> qualities = new ArrayList<>();
    value.path("properties").path("quality").path("enum").forEach(q -> qualities.add(q.asText()));
    List<String> codec = new ArrayList<>();
    for (Quality q : Quality.values()) {
      codec.add(q.wire());
    }
    assertThat(codec).isEqualTo(qualities);
    for (Quality q : Quality.values()) {
      String v = q.hasValue() ? "1.5" : "null";
      String extra = q == Quality.DEVICE_EXCEPTION ? ",\"exceptionCode\":4" : "";
      String json =
          "{\"v\":1,\"site\":\"s\",\"agent\":\"a\",\"meter\":\"m\",\"seq\":1,\"time\":\"2026-11-24T02:00:05.000Z\","
              + "\"values\":[{\"channel\":\"c\",\"value\":"
              + v
              + ",\"unit\":\"kWh\",\"quality\":\""
              + q.wire()
              + "\""
              + extra
              + "}]}";
      assertThat(WireCodec.decodeReading(json).values().get(0).quality()).isEqualTo(q);
    }
  }

  /** The ```json examples in docs/wire-format.md decode. */
  @Test
  void documentedExamplesDecode() throws IOException {
    String doc = Files.readString(Path.of("../docs/wire-format.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    int count = 0;
    while (m.find()) {
      JsonNode n = JSON.readTree(m.group(1));
      byte[] b = bytes(n);
      Object decoded;
      if (n.has("values")) {
        decoded = WireCodec.decodeReading(b);
      } else if (n.has("state")) {
        decoded = WireCodec.decodeAgentStatus(b);
      } else if (n.has("component")) {
        decoded = WireCodec.decodeDeadLetter(b);
      } else if (n.has("alertId")) {
        decoded = WireCodec.decodeAlertEvent(b);
      } else if (n.has("powerKw")) {
        decoded = WireCodec.decodeLiveSample(b);
      } else if (n.has("siteModel")) {
        decoded = WireCodec.decodeSiteModelControl(b);
      } else if (n.has("baselines")) {
        decoded = WireCodec.decodeBaselinesControl(b);
      } else if (n.has("instruments")) {
        decoded = WireCodec.decodeInstrumentStatusControl(b);
      } else {
        throw new AssertionError("unrecognised example in docs/wire-format.md: " + n);
      }
      assertThat(decoded).isNotNull();
      count++;
    }
    assertThat(count).isGreaterThanOrEqualTo(5);
  }
}
