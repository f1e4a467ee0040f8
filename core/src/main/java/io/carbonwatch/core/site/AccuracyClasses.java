package io.carbonwatch.core.site;

import io.carbonwatch.core.site.yaml.ConfigErrors;
import io.carbonwatch.core.site.yaml.MapReader;
import io.carbonwatch.core.site.yaml.Node;
import io.carbonwatch.core.site.yaml.TreeParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accuracy class designations accepted per energy type, from {@code
 * io/carbonwatch/site/accuracy-classes.yaml}.
 */
public final class AccuracyClasses {
  private static final String RESOURCE = "io/carbonwatch/site/accuracy-classes.yaml";
  private final Map<String, List<String>> byType;

  private AccuracyClasses(Map<String, List<String>> byType) {
    this.byType = Map.copyOf(byType);
  }

  /** The shipped table. */
  public static AccuracyClasses shipped() {
    try (InputStream in = AccuracyClasses.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the class path");
      }
      Node root = TreeParser.parseYaml(RESOURCE, new InputStreamReader(in, StandardCharsets.UTF_8));
      ConfigErrors errors = new ConfigErrors();
      MapReader m = MapReader.of(root, errors);
      m.allow("kind", "version", "sources");
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : m.entries("classes", true).entrySet()) {
        MapReader c = MapReader.of(e.getValue(), errors);
        c.string("source", true);
        out.put(e.getKey(), List.copyOf(c.stringList("values", true)));
        c.finish();
      }
      m.finish();
      errors.throwIfAny();
      return new AccuracyClasses(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The accepted classes for an energy type; empty when the type takes any class. */
  public Optional<List<String>> allowed(String energyType) {
    return Optional.ofNullable(byType.get(energyType));
  }

  /** True when the class is accepted for the type ("1.0" matches "1"). */
  public boolean accepts(String energyType, String accuracyClass) {
    List<String> allowed = byType.get(energyType);
    if (allowed == null) {
      return true;
    }
    String c =
        accuracyClass.endsWith(".0")
            ? accuracyClass.substring(0, accuracyClass.length() - 2)
            : accuracyClass;
    return allowed.contains(c);
  }
}
