package io.carbonwatch.core.wire;

/**
 * Factor-set update on {@code control/factors}: {@code {"v":1, "version": "…", "factors": {…}}};
 * {@code factorsJson} is the raw JSON object understood by {@code io.carbonwatch.core.factors}.
 */
public record FactorsControl(String version, String factorsJson) {
  public FactorsControl {
    Wire.required("version", version);
    Wire.required("factors", factorsJson);
  }
}
