package io.carbonwatch.core.site.yaml;

/**
 * One configuration error: where, which path, what is wrong and what is expected. Printed as {@code
 * site.yaml:42:7 sites[0].meters[3].accuracyClass: expected one of 0.2S, 0.5S, 1, 2}.
 */
public record ConfigError(Location location, String path, String message) {
  @Override
  public String toString() {
    return location + " " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
