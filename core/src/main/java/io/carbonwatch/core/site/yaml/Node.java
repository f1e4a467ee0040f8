package io.carbonwatch.core.site.yaml;

import java.util.List;
import java.util.Map;

/**
 * A node of a YAML or JSON document that remembers where it came from. {@link #path()} is the
 * dotted path from the root ({@code sites[0].meters[3].accuracyClass}).
 */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {
  String path();

  Location location();

  /** Human word for error messages: "a map", "a list", "a string", "a number", … */
  String describe();

  /** A mapping; keys keep document order, each key with its own location. */
  record MapNode(
      String path, Location location, Map<String, Node> entries, Map<String, Location> keyLocations)
      implements Node {
    public MapNode {
      entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
      keyLocations =
          java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(keyLocations));
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  /** A sequence. */
  record ListNode(String path, Location location, List<Node> items) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** The type a scalar was written as. */
  enum ScalarType {
    STRING,
    INTEGER,
    FLOAT,
    BOOLEAN,
    NULL
  }

  /** A scalar with its text exactly as written (for YAML plain scalars) and its resolved type. */
  record ScalarNode(String path, Location location, String text, ScalarType type) implements Node {
    @Override
    public String describe() {
      return switch (type) {
        case STRING -> "'" + text + "'";
        case INTEGER, FLOAT -> "the number " + text;
        case BOOLEAN -> "the boolean " + text;
        case NULL -> "null";
      };
    }
  }
}
