package io.carbonwatch.core.baseline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Length of the periods a baseline is fitted on (and predicts for). */
public enum Granularity {
  HOURLY,
  DAILY,
  MONTHLY;

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Granularity fromCode(String code) {
    for (Granularity g : values()) {
      if (g.code().equals(code)) {
        return g;
      }
    }
    throw new IllegalArgumentException(
        "granularity: expected one of hourly, daily, monthly but was '" + code + "'");
  }
}
