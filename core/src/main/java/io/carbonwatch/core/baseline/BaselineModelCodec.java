package io.carbonwatch.core.baseline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * JSON form of {@link BaselineModel}, for the API's store and the control topic. Unknown fields are
 * rejected so a typo in a hand-edited baseline fails at load, not at 3 a.m.
 */
public final class BaselineModelCodec {
  private final ObjectMapper mapper;

  public BaselineModelCodec() {
    this(new ObjectMapper());
  }

  /** Uses the caller's mapper (configured with unknown-field rejection). */
  public BaselineModelCodec(ObjectMapper mapper) {
    this.mapper =
        Objects.requireNonNull(mapper, "mapper")
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  public String toJson(BaselineModel model) {
    try {
      return mapper.writeValueAsString(model);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("baseline " + model.id() + " does not serialise", e);
    }
  }

  /**
   * Parses a baseline.
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public BaselineModel fromJson(String json) {
    try {
      return mapper.readValue(json, BaselineModel.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("baseline: " + e.getOriginalMessage(), e);
    }
  }

  public ObjectMapper mapper() {
    return mapper;
  }
}
