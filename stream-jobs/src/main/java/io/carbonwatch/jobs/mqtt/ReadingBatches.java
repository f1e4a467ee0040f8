package io.carbonwatch.jobs.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.carbonwatch.core.wire.ReadingBatchCodec;
import io.carbonwatch.core.wire.Topics;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Gateway batches: one MQTT message on {@code cw/v1/{site}/readings/{agent}} carrying {@code
 * {"v":1,"batch":[<reading>, …]}}, each element a complete reading exactly as it would be published
 * alone (docs/wire-format.md, "Reading batch").
 *
 * <p>The source splits a batch into one record per element (the element's own bytes, found with
 * Jackson's streaming parser without decoding the readings), so parsing, validation and dead
 * letters downstream treat a batched reading exactly like a single one. Elements are independent:
 * one bad element becomes one dead letter and the others are accepted. A batch whose envelope is
 * wrong (malformed JSON, unknown field, {@code v} not 1, no or empty {@code batch}, more than
 * {@link #MAX_READINGS} elements) is not split: it becomes one record carrying the whole payload
 * and the problem, so nothing of it is half-accepted.
 */
public final class ReadingBatches {
  /** Most readings one batch may carry: the core codec's limit, which the edge agent writes to. */
  private static final int MAX_READINGS = ReadingBatchCodec.MAX_READINGS;

  private static final JsonFactory JSON = new JsonFactory();

  private ReadingBatches() {}

  /** Whether {@code topic} has the shape {@code cw/v1/{site}/readings/{agent}}. */
  public static boolean isBatchTopic(String topic) {
    if (!topic.startsWith(Topics.ROOT)) {
      return false;
    }
    int slashes = 0;
    int third = -1;
    for (int i = Topics.ROOT.length(); i < topic.length(); i++) {
      if (topic.charAt(i) == '/') {
        slashes++;
        if (slashes == 1) {
          third = i;
        }
      }
    }
    return slashes == 2 && topic.startsWith("/readings/", third);
  }

  private static final class Envelope extends Exception {
    Envelope(String message) {
      super(message, null, false, false);
    }
  }

  /** Each element's [start, end) byte offsets in the payload and its top-level meter string. */
  private static final class Elements {
    int count;
    int[] bounds = new int[32];
    String[] meters = new String[16];

    void add(int start, int end, String meter) {
      if (count == meters.length) {
        meters = Arrays.copyOf(meters, count * 2);
        bounds = Arrays.copyOf(bounds, count * 4);
      }
      bounds[2 * count] = start;
      bounds[2 * count + 1] = end;
      meters[count++] = meter;
    }
  }

  /**
   * Splits a batch that arrived on {@code topic} into one record per element, or into one record
   * with a {@link MqttMessageRecord#problem()} when the envelope is wrong. Never throws for bad
   * input: whatever arrives is passed on, to be parsed or dead-lettered downstream.
   */
  public static void split(
      String topic, byte[] payload, long receivedAtMs, Consumer<MqttMessageRecord> out) {
    Elements elements = new Elements();
    try {
      scan(payload, elements);
    } catch (Envelope e) {
      out.accept(
          new MqttMessageRecord(topic, payload, receivedAtMs, origin(topic), e.getMessage()));
      return;
    }
    for (int i = 0; i < elements.count; i++) {
      byte[] element =
          Arrays.copyOfRange(payload, elements.bounds[2 * i], elements.bounds[2 * i + 1]);
      String meter = elements.meters[i];
      String problem = elementProblem(element, meter);
      out.accept(
          new MqttMessageRecord(
              problem == null ? topic + "/" + meter : topic,
              element,
              receivedAtMs,
              origin(topic) + " element " + i,
              problem));
    }
  }

  private static String origin(String batchTopic) {
    return "batch " + batchTopic;
  }

  /**
   * Whether {@code m} is a whole batch rejected for its envelope, rather than a single message or
   * one element of a batch: its origin is the batch alone, without an element index.
   */
  public static boolean isWholeBatch(MqttMessageRecord m) {
    return m.origin() != null && m.origin().equals(origin(m.topic()));
  }

  private static String elementProblem(byte[] element, String meter) {
    if (element.length == 0 || element[0] != '{') {
      return "expected a reading object";
    }
    if (meter == null) {
      return "meter: required (a string)";
    }
    if (meter.isEmpty()) {
      return "meter: must not be empty";
    }
    for (int i = 0; i < meter.length(); i++) {
      char c = meter.charAt(i);
      if (c == '/' || c == '+' || c == '#' || c < 0x20) {
        return "meter: expected no '/', '+', '#' or control characters, got '" + meter + "'";
      }
    }
    return null;
  }

  private static void scan(byte[] payload, Elements elements) throws Envelope {
    try (JsonParser p = JSON.createParser(payload)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new Envelope(
            "expected a JSON object {\"v\":1,\"batch\":[…]}, got "
                + (t == null ? "nothing" : t.asString() == null ? t.name() : t.asString()));
      }
      boolean seenV = false;
      boolean seenBatch = false;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "v" -> {
            if (seenV) {
              throw new Envelope("v: duplicate field");
            }
            if (value != JsonToken.VALUE_NUMBER_INT || p.getLongValue() != 1) {
              p.skipChildren();
              throw new Envelope("v: expected 1");
            }
            seenV = true;
          }
          case "batch" -> {
            if (seenBatch) {
              throw new Envelope("batch: duplicate field");
            }
            if (value != JsonToken.START_ARRAY) {
              throw new Envelope("batch: expected an array of readings");
            }
            seenBatch = true;
            elements(p, elements);
          }
          default -> throw new Envelope("unknown field '" + name + "' (a batch has v and batch)");
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new Envelope("malformed JSON: unexpected end of input");
      }
      if (!seenV) {
        throw new Envelope("v: required");
      }
      if (!seenBatch) {
        throw new Envelope("batch: required");
      }
      if (p.nextToken() != null) {
        throw new Envelope("expected one JSON object, got trailing content");
      }
    } catch (JsonParseException e) {
      String what =
          e instanceof JsonEOFException
              ? "unexpected end of input"
              : firstLine(e.getOriginalMessage());
      throw new Envelope(
          "malformed JSON at byte "
              + (e.getLocation() == null ? "?" : e.getLocation().getByteOffset() + 1)
              + ": "
              + what);
    } catch (IOException e) {
      throw new Envelope("malformed JSON: " + e.getMessage());
    }
  }

  private static void elements(JsonParser p, Elements elements) throws IOException, Envelope {
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      if (e == null) {
        throw new Envelope("malformed JSON: unexpected end of input");
      }
      if (elements.count == MAX_READINGS) {
        throw new Envelope("batch: more than " + MAX_READINGS + " readings");
      }
      int start = (int) p.currentTokenLocation().getByteOffset();
      String meter = null;
      if (e == JsonToken.START_OBJECT) {
        JsonToken f;
        while ((f = p.nextToken()) == JsonToken.FIELD_NAME) {
          boolean isMeter = "meter".equals(p.currentName());
          JsonToken v = p.nextToken();
          if (isMeter && v == JsonToken.VALUE_STRING && meter == null) {
            meter = p.getText();
          } else {
            p.skipChildren();
          }
        }
        if (f != JsonToken.END_OBJECT) {
          throw new Envelope("malformed JSON: unexpected end of input");
        }
      } else {
        p.skipChildren();
        p.finishToken();
      }
      elements.add(start, (int) p.currentLocation().getByteOffset(), meter);
    }
    if (elements.count == 0) {
      throw new Envelope("batch: expected at least one reading");
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
