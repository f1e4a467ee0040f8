package io.carbonwatch.core.site.yaml;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a configuration file has errors; carries all of them, in file order. */
public final class ConfigException extends RuntimeException {
  private final List<ConfigError> errors;

  public ConfigException(List<ConfigError> errors) {
    super(
        errors.size()
            + (errors.size() == 1 ? " error" : " errors")
            + ":\n"
            + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors: expected at least one");
    }
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
