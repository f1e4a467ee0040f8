package io.carbonwatch.core.site.yaml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects errors while binding so that all of them are reported at once. */
public final class ConfigErrors {
  private final List<ConfigError> errors = new ArrayList<>();

  /** Records an error at a node. */
  public void add(Node node, String message) {
    errors.add(new ConfigError(node.location(), node.path(), message));
  }

  /** Records an error at an explicit location and path. */
  public void add(Location location, String path, String message) {
    errors.add(new ConfigError(location, path, message));
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public int size() {
    return errors.size();
  }

  /** The errors sorted by position. */
  public List<ConfigError> list() {
    List<ConfigError> sorted = new ArrayList<>(errors);
    sorted.sort(
        Comparator.comparing((ConfigError e) -> e.location().file())
            .thenComparingInt(e -> e.location().line())
            .thenComparingInt(e -> e.location().column()));
    return List.copyOf(sorted);
  }

  /** Throws a {@link ConfigException} with all errors if there are any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new ConfigException(list());
    }
  }
}
