package io.carbonwatch.core.wire;

import static io.carbonwatch.core.wire.JsonIn.join;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON codec of the wire format v1 ({@code docs/wire-format.md}), hand-written over Jackson's
 * streaming API: no reflection, no tree. Decoding accepts exactly what the JSON Schemas in {@code
 * io/carbonwatch/wire/} describe and throws {@link WireFormatException} naming the field otherwise
 * ({@code values[2].quality: expected one of good, timeout, …}). Stateless and thread-safe.
 */
public final class WireCodec {
  // Fast double parsing/writing: readings are mostly numbers.
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();
  private static final String QUALITIES = String.join(", ", wires(Quality.values()));

  private WireCodec() {}

  private static List<String> wires(Quality[] qs) {
    List<String> out = new ArrayList<>();
    for (Quality q : qs) {
      out.add(q.wire());
    }
    return out;
  }

  // =====================================================================================
  // encode
  // =====================================================================================

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] bytes(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("v", 1);
      body.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] encode(Reading r) {
    byte[] fast = ReadingFastPath.encode(r);
    return fast != null ? fast : encodeWithGenerator(r);
  }

  // The generator stays the definition of the output; the fast path writes the same bytes.
  private static byte[] encodeWithGenerator(Reading r) {
    return bytes(
        g -> {
          g.writeStringField("site", r.site());
          g.writeStringField("agent", r.agent());
          g.writeStringField("meter", r.meter());
          g.writeNumberField("seq", r.seq());
          g.writeStringField("time", Instants.format(r.time()));
          g.writeArrayFieldStart("values");
          for (ReadingValue v : r.values()) {
            g.writeStartObject();
            g.writeStringField("channel", v.channel());
            g.writeFieldName("value");
            if (v.value() == null) {
              g.writeNull();
            } else {
              g.writeNumber(v.value());
            }
            g.writeStringField("unit", v.unit());
            g.writeStringField("quality", v.quality().wire());
            if (v.exceptionCode() != null) {
              g.writeNumberField("exceptionCode", v.exceptionCode());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  public static byte[] encode(AgentStatus s) {
    return bytes(
        g -> {
          g.writeStringField("site", s.site());
          g.writeStringField("agent", s.agent());
          g.writeStringField("state", s.state().wire());
          g.writeStringField("version", s.version());
          g.writeStringField("configHash", s.configHash());
          g.writeStringField("time", Instants.format(s.time()));
          g.writeArrayFieldStart("alarms");
          for (String a : s.alarms()) {
            g.writeString(a);
          }
          g.writeEndArray();
        });
  }

  public static byte[] encode(DeadLetter d) {
    return bytes(
        g -> {
          g.writeStringField("site", d.site());
          g.writeStringField("component", d.component());
          g.writeStringField("reason", d.reason());
          g.writeStringField("topic", d.topic());
          g.writeStringField("payload", d.payload());
          g.writeStringField("time", Instants.format(d.time()));
        });
  }

  public static byte[] encode(AlertEvent a) {
    return bytes(
        g -> {
          g.writeStringField("event", a.event().wire());
          g.writeStringField("alertId", a.alertId());
          g.writeNumberField("eventSeq", a.eventSeq());
          g.writeStringField("site", a.site());
          g.writeStringField("rule", a.rule());
          g.writeStringField("target", a.target());
          g.writeStringField("targetKind", a.targetKind());
          g.writeStringField("metric", a.metric());
          g.writeStringField("unit", a.unit());
          g.writeStringField("severity", a.severity().wire());
          g.writeStringField("windowStart", Instants.format(a.windowStart()));
          g.writeStringField("windowEnd", Instants.format(a.windowEnd()));
          g.writeNumberField("expected", a.expected());
          g.writeNumberField("actual", a.actual());
          g.writeNumberField("deviation", a.deviation());
          g.writeFieldName("deviationPercent");
          if (a.deviationPercent() == null) {
            g.writeNull();
          } else {
            g.writeNumber(a.deviationPercent());
          }
          g.writeNumberField("consecutiveWindows", a.consecutiveWindows());
          g.writeStringField("time", Instants.format(a.time()));
          g.writeObjectFieldStart("message");
          g.writeStringField("zh-CN", a.message().zhCn());
          g.writeStringField("en", a.message().en());
          g.writeEndObject();
        });
  }

  public static byte[] encode(LiveSample s) {
    return bytes(
        g -> {
          g.writeStringField("site", s.site());
          g.writeStringField("seu", s.seu());
          g.writeStringField("time", Instants.format(s.time()));
          g.writeNumberField("powerKw", s.powerKw());
          g.writeNumberField("emissionRateKgCo2ePerH", s.emissionRateKgCo2ePerH());
          g.writeStringField("quality", s.quality().wire());
        });
  }

  public static byte[] encode(SiteModelControl c) {
    return bytes(
        g -> {
          g.writeStringField("version", c.version());
          g.writeFieldName("siteModel");
          g.writeRawValue(c.siteModelJson());
        });
  }

  public static byte[] encode(FactorsControl c) {
    return bytes(
        g -> {
          g.writeStringField("version", c.version());
          g.writeFieldName("factors");
          g.writeRawValue(c.factorsJson());
        });
  }

  public static byte[] encode(BaselinesControl c) {
    return bytes(
        g -> {
          g.writeArrayFieldStart("baselines");
          for (ApprovedBaseline b : c.baselines()) {
            g.writeStartObject();
            g.writeStringField("id", b.id());
            g.writeNumberField("revision", b.revision());
            g.writeStringField("target", b.target());
            g.writeStringField("measure", b.measure());
            g.writeStringField("granularity", b.granularity());
            g.writeStringField("unit", b.unit());
            g.writeNumberField("intercept", b.intercept());
            g.writeObjectFieldStart("coefficients");
            for (Map.Entry<String, Double> e :
                b.coefficients().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
              g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            if (b.residualStdError() != null) {
              g.writeNumberField("residualStdError", b.residualStdError());
            }
            g.writeStringField("approvedAt", Instants.format(b.approvedAt()));
            g.writeStringField("approvedBy", b.approvedBy());
            g.writeStringField("reason", b.reason());
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  public static byte[] encode(InstrumentStatusControl c) {
    return bytes(
        g -> {
          g.writeArrayFieldStart("instruments");
          for (InstrumentState s : c.instruments()) {
            g.writeStartObject();
            g.writeStringField("id", s.id());
            g.writeStringField("status", s.status());
            g.writeStringField("calibration", s.calibration());
            if (s.nextDue() != null) {
              g.writeStringField("nextDue", s.nextDue().toString());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  /** The UTF-8 text of an encoded message (for logs and dead letters). */
  public static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }

  // =====================================================================================
  // decode
  // =====================================================================================

  private interface Decoder<T> {
    T decode(JsonParser p) throws IOException;
  }

  private static <T> T run(byte[] json, Decoder<T> d) {
    if (json == null) {
      throw new WireFormatException("", "expected a JSON object, got no payload");
    }
    try (JsonParser p = JSON.createParser(json)) {
      return finish(p, d);
    } catch (JsonParseException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new WireFormatException("", "malformed JSON: " + e.getMessage());
    }
  }

  private static <T> T run(String json, Decoder<T> d) {
    if (json == null) {
      throw new WireFormatException("", "expected a JSON object, got no payload");
    }
    try (JsonParser p = JSON.createParser(json)) {
      return finish(p, d);
    } catch (JsonParseException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new WireFormatException("", "malformed JSON: " + e.getMessage());
    }
  }

  private static WireFormatException malformed(JsonParseException e) {
    String where =
        e.getLocation() == null ? "" : " at character " + (e.getLocation().getCharOffset() + 1);
    String what =
        e instanceof JsonEOFException ? "unexpected end of input" : e.getOriginalMessage();
    return new WireFormatException("", "malformed JSON" + where + ": " + firstLine(what));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static <T> T finish(JsonParser p, Decoder<T> d) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_OBJECT) {
      throw new WireFormatException("", "expected a JSON object, got " + JsonIn.describe(t, p));
    }
    T value = d.decode(p);
    if (p.nextToken() != null) {
      throw new WireFormatException("", "expected one JSON object, got trailing content");
    }
    return value;
  }

  // Readings are the stream job's hot path: a strict byte-level scanner handles the usual form and
  // leaves everything else, including every error, to the Jackson decoder below.
  public static Reading decodeReading(byte[] json) {
    Reading fast = json == null ? null : ReadingFastPath.decode(json);
    return fast != null ? fast : run(json, WireCodec::reading);
  }

  public static Reading decodeReading(String json) {
    Reading fast = json == null ? null : ReadingFastPath.decode(json);
    return fast != null ? fast : run(json, WireCodec::reading);
  }

  public static AgentStatus decodeAgentStatus(byte[] json) {
    return run(json, WireCodec::agentStatus);
  }

  public static DeadLetter decodeDeadLetter(byte[] json) {
    return run(json, WireCodec::deadLetter);
  }

  public static AlertEvent decodeAlertEvent(byte[] json) {
    return run(json, WireCodec::alertEvent);
  }

  public static LiveSample decodeLiveSample(byte[] json) {
    return run(json, WireCodec::liveSample);
  }

  public static SiteModelControl decodeSiteModelControl(byte[] json) {
    return run(json, WireCodec::siteModelControl);
  }

  public static FactorsControl decodeFactorsControl(byte[] json) {
    return run(json, WireCodec::factorsControl);
  }

  public static BaselinesControl decodeBaselinesControl(byte[] json) {
    return run(json, WireCodec::baselinesControl);
  }

  public static InstrumentStatusControl decodeInstrumentStatusControl(byte[] json) {
    return run(json, WireCodec::instrumentStatusControl);
  }

  /** Tracks which fields of an object were seen; reports duplicates and missing ones. */
  private static final class Fields {
    private final String path;
    private final String[] names;
    private final String allowed;
    private int seen;

    Fields(String path, String... names) {
      this.path = path;
      this.names = names;
      this.allowed = String.join(", ", names);
    }

    /** Index of the field; throws on unknown or duplicate. */
    int index(String name) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(name)) {
          if ((seen & (1 << i)) != 0) {
            throw JsonIn.duplicate(path, name);
          }
          seen |= 1 << i;
          return i;
        }
      }
      throw JsonIn.unknown(path, name, allowed);
    }

    void require(int... indexes) {
      for (int i : indexes) {
        if ((seen & (1 << i)) == 0) {
          throw JsonIn.missing(path, names[i]);
        }
      }
    }

    boolean has(int i) {
      return (seen & (1 << i)) != 0;
    }
  }

  private static Reading reading(JsonParser p) throws IOException {
    Fields f = new Fields("", "v", "site", "agent", "meter", "seq", "time", "values");
    String site = null;
    String agent = null;
    String meter = null;
    long seq = 0;
    Instant time = null;
    List<ReadingValue> values = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      switch (f.index(name)) {
        case 0 -> JsonIn.version(p, "v");
        case 1 -> site = JsonIn.nonEmpty(p, "site");
        case 2 -> agent = JsonIn.nonEmpty(p, "agent");
        case 3 -> meter = JsonIn.nonEmpty(p, "meter");
        case 4 -> seq = JsonIn.integer(p, "seq", 1, Long.MAX_VALUE);
        case 5 -> time = JsonIn.instant(p, "time");
        default -> values = readingValues(p);
      }
    }
    f.require(0, 1, 2, 3, 4, 5, 6);
    try {
      return new Reading(site, agent, meter, seq, time, values);
    } catch (IllegalArgumentException e) {
      throw JsonIn.invalid("", e);
    }
  }

  // The reading decoder is the hot path of the stream job: field paths for error messages are only
  // built when an error is thrown.
  private static List<ReadingValue> readingValues(JsonParser p) throws IOException {
    JsonIn.startArray(p, "values");
    List<ReadingValue> out = new ArrayList<>(8);
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw new WireFormatException(
            valuePath(out.size()), "expected an object, got " + JsonIn.describe(t, p));
      }
      out.add(readingValue(p, out.size()));
    }
    if (out.isEmpty()) {
      throw new WireFormatException("values", "expected at least one value");
    }
    return out;
  }

  private static String valuePath(int index) {
    return "values[" + index + "]";
  }

  private static final String[] VALUE_FIELDS = {
    "channel", "value", "unit", "quality", "exceptionCode"
  };

  private static ReadingValue readingValue(JsonParser p, int index) throws IOException {
    int seen = 0;
    String channel = null;
    Double value = null;
    String unit = null;
    Quality quality = null;
    Integer exceptionCode = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      int i;
      switch (name) {
        case "channel" -> i = 0;
        case "value" -> i = 1;
        case "unit" -> i = 2;
        case "quality" -> i = 3;
        case "exceptionCode" -> i = 4;
        default -> throw JsonIn.unknown(valuePath(index), name, String.join(", ", VALUE_FIELDS));
      }
      if ((seen & (1 << i)) != 0) {
        throw JsonIn.duplicate(valuePath(index), name);
      }
      seen |= 1 << i;
      JsonToken t = p.nextToken();
      switch (i) {
        case 0 -> {
          if (t != JsonToken.VALUE_STRING || p.getTextLength() == 0) {
            throw new WireFormatException(
                join(valuePath(index), name),
                "expected a non-empty string, got " + JsonIn.describe(t, p));
          }
          channel = p.getText();
        }
        case 1 -> {
          if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            value = p.getDoubleValue();
          } else if (t != JsonToken.VALUE_NULL) {
            throw new WireFormatException(
                join(valuePath(index), name),
                "expected a number or null, got " + JsonIn.describe(t, p));
          }
        }
        case 2 -> {
          if (t != JsonToken.VALUE_STRING) {
            throw new WireFormatException(
                join(valuePath(index), name), "expected a string, got " + JsonIn.describe(t, p));
          }
          unit = p.getText();
        }
        case 3 -> {
          if (t != JsonToken.VALUE_STRING) {
            throw new WireFormatException(
                join(valuePath(index), name), "expected a string, got " + JsonIn.describe(t, p));
          }
          String q = p.getText();
          quality = Quality.fromWire(q);
          if (quality == null) {
            throw new WireFormatException(
                join(valuePath(index), name),
                "expected one of " + QUALITIES + ", got \"" + q + "\"");
          }
        }
        default -> {
          if (t != JsonToken.VALUE_NUMBER_INT
              || p.getNumberType() != JsonParser.NumberType.INT
              || p.getIntValue() < 1
              || p.getIntValue() > 255) {
            throw new WireFormatException(
                join(valuePath(index), name),
                "expected an integer in 1..255, got " + JsonIn.describe(t, p));
          }
          exceptionCode = p.getIntValue();
        }
      }
    }
    if ((seen & 0b1111) != 0b1111) {
      for (int i = 0; i < 4; i++) {
        if ((seen & (1 << i)) == 0) {
          throw JsonIn.missing(valuePath(index), VALUE_FIELDS[i]);
        }
      }
    }
    try {
      return new ReadingValue(channel, value, unit, quality, exceptionCode);
    } catch (IllegalArgumentException e) {
      throw JsonIn.invalid(valuePath(index), e);
    }
  }

  private static AgentStatus agentStatus(JsonParser p) throws IOException {
    Fields f =
        new Fields("", "v", "site", "agent", "state", "version", "configHash", "time", "alarms");
    String site = null;
    String agent = null;
    AgentState state = null;
    String version = null;
    String configHash = null;
    Instant time = null;
    List<String> alarms = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      switch (f.index(p.currentName())) {
        case 0 -> JsonIn.version(p, "v");
        case 1 -> site = JsonIn.nonEmpty(p, "site");
        case 2 -> agent = JsonIn.nonEmpty(p, "agent");
        case 3 -> {
          String s = JsonIn.string(p, "state");
          state = AgentState.fromWire(s);
          if (state == null) {
            throw new WireFormatException(
                "state", "expected one of online, offline, got \"" + s + "\"");
          }
        }
        case 4 -> version = JsonIn.nonEmpty(p, "version");
        case 5 -> configHash = JsonIn.nonEmpty(p, "configHash");
        case 6 -> time = JsonIn.instant(p, "time");
        default -> alarms = stringArray(p, "alarms");
      }
    }
    f.require(0, 1, 2, 3, 4, 5, 6);
    try {
      return new AgentStatus(site, agent, state, version, configHash, time, alarms);
    } catch (IllegalArgumentException e) {
      throw JsonIn.invalid("", e);
    }
  }

  private static List<String> stringArray(JsonParser p, String path) throws IOException {
    JsonIn.startArray(p, path);
    List<String> out = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_STRING) {
        throw new WireFormatException(
            path + "[" + out.size() + "]", "expected a string, got " + JsonIn.describe(t, p));
      }
      out.add(p.getText());
    }
    return out;
  }

  private static DeadLetter deadLetter(JsonParser p) throws IOException {
    Fields f = new Fields("", "v", "site", "component", "reason", "topic", "payload", "time");
    String site = null;
    String component = null;
    String reason = null;
    String topic = null;
    String payload = null;
    Instant time = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      switch (f.index(p.currentName())) {
        case 0 -> JsonIn.version(p, "v");
        case 1 -> site = JsonIn.nonEmpty(p, "site");
        case 2 -> component = JsonIn.nonEmpty(p, "component");
        case 3 -> reason = JsonIn.string(p, "reason");
        case 4 -> topic = JsonIn.string(p, "topic");
        case 5 -> payload = JsonIn.string(p, "payload");
        default -> time = JsonIn.instant(p, "time");
      }
    }
    f.require(0, 1, 2, 3, 4, 5, 6);
    if (payload.length() > DeadLetter.MAX_PAYLOAD_CHARS) {
      throw new WireFormatException(
          "payload", "expected at most " + DeadLetter.MAX_PAYLOAD_CHARS + " characters");
    }
    try {
      return new DeadLetter(site, component, reason, topic, payload, time);
    } catch (IllegalArgumentException e) {
      throw JsonIn.invalid("", e);
    }
  }

  private static final String[] TARGET_KINDS = {
    "site", "seu", "meter", "virtual_meter", "source", "parameter"
  };

  private static AlertEvent alertEvent(JsonParser p) throws IOException {
    Fields f =
        new Fields(
            "",
            "v",
            "event",
            "alertId",
            "eventSeq",
            "site",
            "rule",
            "target",
            "targetKind",
            "metric",
            "unit",
            "severity",
            "windowStart",
            "windowEnd",
            "expected",
            "actual",
            "deviation",
            "deviationPercent",
            "consecutiveWindows",
            "time",
            "message");
    AlertEventType event = null;
    String alertId = null;
    long eventSeq = 0;
    String site = null;
    String rule = null;
    String target = null;
    String targetKind = null;
    String metric = null;
    String unit = null;
    AlertSeverity severity = null;
    Instant windowStart = null;
    Instant windowEnd = null;
    double expected = 0;
    double actual = 0;
    double deviation = 0;
    Double deviationPercent = null;
    int consecutive = 0;
    Instant time = null;
    Bilingual message = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      switch (f.index(p.currentName())) {
        case 0 -> JsonIn.version(p, "v");
        case 1 -> {
          String s = JsonIn.string(p, "event");
          event = AlertEventType.fromWire(s);
          if (event == null) {
            throw new WireFormatException(
                "event", "expected one of raised, updated, cleared, got \"" + s + "\"");
          }
        }
        case 2 -> alertId = JsonIn.nonEmpty(p, "alertId");
        case 3 -> eventSeq = JsonIn.integer(p, "eventSeq", 1, Long.MAX_VALUE);
        case 4 -> site = JsonIn.nonEmpty(p, "site");
        case 5 -> rule = JsonIn.nonEmpty(p, "rule");
        case 6 -> target = JsonIn.nonEmpty(p, "target");
        case 7 -> {
          targetKind = JsonIn.string(p, "targetKind");
          if (!List.of(TARGET_KINDS).contains(targetKind)) {
            throw new WireFormatException(
                "targetKind",
                "expected one of "
                    + String.join(", ", TARGET_KINDS)
                    + ", got \""
                    + targetKind
                    + "\"");
          }
        }
        case 8 -> {
          metric = JsonIn.string(p, "metric");
          if (!metric.equals("energy") && !metric.equals("emissions")) {
            throw new WireFormatException(
                "metric", "expected one of energy, emissions, got \"" + metric + "\"");
          }
        }
        case 9 -> unit = JsonIn.string(p, "unit");
        case 10 -> {
          String s = JsonIn.string(p, "severity");
          severity = AlertSeverity.fromWire(s);
          if (severity == null) {
            throw new WireFormatException(
                "severity", "expected one of minor, major, critical, got \"" + s + "\"");
          }
        }
        case 11 -> windowStart = JsonIn.instant(p, "windowStart");
        case 12 -> windowEnd = JsonIn.instant(p, "windowEnd");
        case 13 -> expected = JsonIn.number(p, "expected");
        case 14 -> actual = JsonIn.number(p, "actual");
        case 15 -> deviation = JsonIn.number(p, "deviation");
        case 16 -> deviationPercent = JsonIn.numberOrNull(p, "deviationPercent");
        case 17 ->
            consecutive = (int) JsonIn.integer(p, "consecutiveWindows", 0, Integer.MAX_VALUE);
        case 18 -> time = JsonIn.instant(p, "time");
        default -> message = bilingual(p, "message");
      }
    }
    f.require(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    try {
      return new AlertEvent(
          event,
          alertId,
          eventSeq,
          site,
          rule,
          target,
          targetKind,
          metric,
          unit,
          severity,
          windowStart,
          windowEnd,
          expected,
          actual,
          deviation,
          deviationPercent,
          consecutive,
          time,
          message);
    } catch (IllegalArgumentException e) {
      throw JsonIn.invalid("", e);
    }
  }

  private static Bilingual bilingual(JsonParser p, String path) throws IOException {
    p.nextToken();
    JsonIn.startObject(p, path);
    Fields f = new Fields(path, "zh-CN", "en");
    String zh = null;
    String en = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      if (f.index(p.currentName()) == 0) {
        zh = JsonIn.nonEmpty(p, join(path, "zh-CN"));
      } else {
        en = JsonIn.nonEmpty(p, join(path, "en"));
      }
    }
    f.require(0, 1);
    return new Bilingual(zh, en);
  }

  private static LiveSample liveSample(JsonParser p) throws IOException {
    Fields f =
        new Fields("", "v", "site", "seu", "time", "powerKw", "emissionRateKgCo2ePerH", "quality");
    String site = null;
    String seu = null;
    Instant time = null;
    double power = 0;
    double rate = 0;
    Quality quality = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      switch (f.index(p.currentName())) {
        case 0 -> JsonIn.version(p, "v");
        case 1 -> site = JsonIn.nonEmpty(p, "site");
        case 2 -> seu = JsonIn.nonEmpty(p, "seu");
        case 3 -> time = JsonIn.instant(p, "time");
        case 4 -> power = JsonIn.number(p, "powerKw");
        case 5 -> rate = JsonIn.number(p, "emissionRateKgCo2ePerH");
        default -> {
          String q = JsonIn.string(p, "quality");
          quality = Quality.fromWire(q);
          if (quality == null) {
            throw new WireFormatException(
                "quality", "expected one of " + QUALITIES + ", got \"" + q + "\"");
          }
        }
      }
    }
    f.require(0, 1, 2, 3, 4, 5, 6);
    try {
      return new LiveSample(site, seu, time, power, rate, quality);
    } catch (IllegalArgumentException e) {
      throw JsonIn.invalid("", e);
    }
  }

  private static String rawObject(JsonParser p, String path) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_OBJECT) {
      throw new WireFormatException(path, "expected an object, got " + JsonIn.describe(t, p));
    }
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.copyCurrentStructure(p);
    }
    return w.toString();
  }

  private static SiteModelControl siteModelControl(JsonParser p) throws IOException {
    Fields f = new Fields("", "v", "version", "siteModel");
    String version = null;
    String model = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      switch (f.index(p.currentName())) {
        case 0 -> JsonIn.version(p, "v");
        case 1 -> {
          version = JsonIn.string(p, "version");
          if (!version.matches("sha256:[0-9a-f]{64}")) {
            throw new WireFormatException(
                "version", "expected sha256:<64 hex digits>, got \"" + version + "\"");
          }
        }
        default -> model = rawObject(p, "siteModel");
      }
    }
    f.require(0, 1, 2);
    return new SiteModelControl(version, model);
  }

  private static FactorsControl factorsControl(JsonParser p) throws IOException {
    Fields f = new Fields("", "v", "version", "factors");
    String version = null;
    String factors = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      switch (f.index(p.currentName())) {
        case 0 -> JsonIn.version(p, "v");
        case 1 -> version = JsonIn.nonEmpty(p, "version");
        default -> factors = rawObject(p, "factors");
      }
    }
    f.require(0, 1, 2);
    return new FactorsControl(version, factors);
  }

  private static BaselinesControl baselinesControl(JsonParser p) throws IOException {
    Fields f = new Fields("", "v", "baselines");
    List<ApprovedBaseline> list = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      if (f.index(p.currentName()) == 0) {
        JsonIn.version(p, "v");
      } else {
        JsonIn.startArray(p, "baselines");
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          String path = "baselines[" + list.size() + "]";
          if (t != JsonToken.START_OBJECT) {
            throw new WireFormatException(path, "expected an object, got " + JsonIn.describe(t, p));
          }
          list.add(approvedBaseline(p, path));
        }
      }
    }
    f.require(0, 1);
    return new BaselinesControl(list);
  }

  private static ApprovedBaseline approvedBaseline(JsonParser p, String path) throws IOException {
    Fields f =
        new Fields(
            path,
            "id",
            "revision",
            "target",
            "measure",
            "granularity",
            "unit",
            "intercept",
            "coefficients",
            "residualStdError",
            "approvedAt",
            "approvedBy",
            "reason");
    String id = null;
    long revision = 0;
    String target = null;
    String measure = null;
    String granularity = null;
    String unit = null;
    double intercept = 0;
    Map<String, Double> coefficients = new LinkedHashMap<>();
    Double se = null;
    Instant approvedAt = null;
    String approvedBy = null;
    String reason = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      switch (f.index(p.currentName())) {
        case 0 -> id = JsonIn.nonEmpty(p, join(path, "id"));
        case 1 -> revision = JsonIn.integer(p, join(path, "revision"), 1, Long.MAX_VALUE);
        case 2 -> target = JsonIn.nonEmpty(p, join(path, "target"));
        case 3 -> {
          measure = JsonIn.string(p, join(path, "measure"));
          if (!measure.equals("energy") && !measure.equals("emissions")) {
            throw new WireFormatException(
                join(path, "measure"),
                "expected one of energy, emissions, got \"" + measure + "\"");
          }
        }
        case 4 -> {
          granularity = JsonIn.string(p, join(path, "granularity"));
          if (!List.of("hour", "day", "month").contains(granularity)) {
            throw new WireFormatException(
                join(path, "granularity"),
                "expected one of hour, day, month, got \"" + granularity + "\"");
          }
        }
        case 5 -> unit = JsonIn.string(p, join(path, "unit"));
        case 6 -> intercept = JsonIn.number(p, join(path, "intercept"));
        case 7 -> {
          String cp = join(path, "coefficients");
          p.nextToken();
          JsonIn.startObject(p, cp);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            coefficients.put(k, JsonIn.number(p, join(cp, k)));
          }
        }
        case 8 -> se = JsonIn.numberOrNull(p, join(path, "residualStdError"));
        case 9 -> approvedAt = JsonIn.instant(p, join(path, "approvedAt"));
        case 10 -> approvedBy = JsonIn.nonEmpty(p, join(path, "approvedBy"));
        default -> reason = JsonIn.nonEmpty(p, join(path, "reason"));
      }
    }
    f.require(0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11);
    try {
      return new ApprovedBaseline(
          id,
          revision,
          target,
          measure,
          granularity,
          unit,
          intercept,
          coefficients,
          se,
          approvedAt,
          approvedBy,
          reason);
    } catch (IllegalArgumentException e) {
      throw JsonIn.invalid(path, e);
    }
  }

  private static InstrumentStatusControl instrumentStatusControl(JsonParser p) throws IOException {
    Fields f = new Fields("", "v", "instruments");
    List<InstrumentState> list = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      if (f.index(p.currentName()) == 0) {
        JsonIn.version(p, "v");
      } else {
        JsonIn.startArray(p, "instruments");
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          String path = "instruments[" + list.size() + "]";
          if (t != JsonToken.START_OBJECT) {
            throw new WireFormatException(path, "expected an object, got " + JsonIn.describe(t, p));
          }
          Fields g = new Fields(path, "id", "status", "calibration", "nextDue");
          String id = null;
          String status = null;
          String calibration = null;
          LocalDate nextDue = null;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            switch (g.index(p.currentName())) {
              case 0 -> id = JsonIn.nonEmpty(p, join(path, "id"));
              case 1 -> status = JsonIn.string(p, join(path, "status"));
              case 2 -> calibration = JsonIn.string(p, join(path, "calibration"));
              default -> nextDue = JsonIn.dateOrNull(p, join(path, "nextDue"));
            }
          }
          g.require(0, 1, 2);
          try {
            list.add(new InstrumentState(id, status, calibration, nextDue));
          } catch (IllegalArgumentException e) {
            throw JsonIn.invalid(path, e);
          }
        }
      }
    }
    f.require(0, 1);
    return new InstrumentStatusControl(list);
  }
}
