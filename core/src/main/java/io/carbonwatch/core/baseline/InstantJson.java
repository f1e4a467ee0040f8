package io.carbonwatch.core.baseline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 (de)serialisation of {@link Instant} fields, so baseline and alert records serialise the
 * same with any {@code ObjectMapper}, with or without the JSR-310 module registered.
 */
public final class InstantJson {
  private InstantJson() {}

  public static final class Serializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  public static final class Deserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException | NullPointerException e) {
        return (Instant)
            ctxt.handleWeirdStringValue(
                Instant.class, text, "expected an ISO-8601 instant like 2026-11-24T02:00:00Z");
      }
    }
  }
}
