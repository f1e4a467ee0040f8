package io.carbonwatch.edge.mqtt;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carbonwatch.core.site.FieldMapping;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.MqttAcquisition;
import io.carbonwatch.core.site.MqttFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a JSON payload of an MQTT-native meter to channel values with JSON Pointers (RFC 6901).
 * Nothing is guessed: a payload that is not JSON, a pointer that finds nothing, a value that is not
 * a finite number, or a timestamp that is neither ISO-8601 nor epoch milliseconds rejects the whole
 * message with a reason naming the pointer.
 */
public final class NativeMeterMapper {

  /** Why a payload was rejected; becomes the dead letter's {@code reason}. */
  public static final class Unparsable extends Exception {
    private static final long serialVersionUID = 1L;

    public Unparsable(String reason) {
      super(reason);
    }
  }

  private final ObjectMapper json = new ObjectMapper();

  public NativeMessage map(Meter meter, byte[] payload, Instant received) throws Unparsable {
    if (!(meter.read() instanceof MqttAcquisition a) || a.format() != MqttFormat.JSON) {
      throw new IllegalArgumentException("meter " + meter.id() + ": not an MQTT JSON meter");
    }
    JsonNode root;
    try {
      root = json.readTree(new String(payload, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new Unparsable("payload: not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || root.isMissingNode()) {
      throw new Unparsable("payload: empty");
    }
    Instant time = received;
    if (a.timePointer() != null) {
      JsonNode t = root.at(JsonPointer.compile(a.timePointer()));
      if (t.isMissingNode() || t.isNull()) {
        throw new Unparsable(a.timePointer() + ": timestamp missing");
      }
      if (t.isIntegralNumber()) {
        time = Instant.ofEpochMilli(t.longValue());
      } else if (t.isTextual()) {
        try {
          time = Instant.parse(t.textValue());
        } catch (DateTimeParseException e) {
          throw new Unparsable(
              a.timePointer()
                  + ": expected an ISO-8601 instant or epoch milliseconds, got \""
                  + t.textValue()
                  + "\"");
        }
      } else {
        throw new Unparsable(
            a.timePointer() + ": expected an ISO-8601 instant or epoch milliseconds, got " + t);
      }
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (FieldMapping f : a.fields()) {
      JsonNode v = root.at(JsonPointer.compile(f.pointer()));
      if (v.isMissingNode()) {
        throw new Unparsable(f.pointer() + ": missing (channel " + f.channel() + ")");
      }
      if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
        throw new Unparsable(
            f.pointer() + ": expected a finite number (channel " + f.channel() + "), got " + v);
      }
      values.put(f.channel(), v.doubleValue());
    }
    return new NativeMessage(meter.id(), time, values);
  }
}
