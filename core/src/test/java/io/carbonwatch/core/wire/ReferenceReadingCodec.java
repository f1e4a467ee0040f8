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
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The reading codec as it was before the byte-level fast path (commit 3db7a7a), kept verbatim as
 * the reference the differential test compares {@link WireCodec} against: Jackson's generator for
 * encoding, Jackson's streaming parser for decoding.
 */
final class ReferenceReadingCodec {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();
  private static final String QUALITIES =
      String.join(", ", java.util.Arrays.stream(Quality.values()).map(Quality::wire).toList());

  private ReferenceReadingCodec() {}

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

  static byte[] encode(Reading r) {
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

  static Reading decodeReading(byte[] json) {
    return run(json, ReferenceReadingCodec::reading);
  }

  static Reading decodeReading(String json) {
    return run(json, ReferenceReadingCodec::reading);
  }

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
}
