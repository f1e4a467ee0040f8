package io.carbonwatch.core.factors;

import io.carbonwatch.core.site.yaml.ConfigError;
import io.carbonwatch.core.site.yaml.ConfigException;
import io.carbonwatch.core.site.yaml.Node.ListNode;
import io.carbonwatch.core.site.yaml.Node.MapNode;
import io.carbonwatch.core.site.yaml.Node.ScalarNode;
import io.carbonwatch.core.site.yaml.Node.ScalarType;
import io.carbonwatch.core.site.yaml.TreeParser;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A view of a located YAML tree ({@link TreeParser}, shared with the site model) with the fail-fast
 * accessors the data-file readers use, so they can reject bad data with the file, line, column and
 * field path. Children are wrapped on first access.
 */
final class Node {

  private final String file;
  private final io.carbonwatch.core.site.yaml.Node tree;
  private Map<String, Node> fields;
  private List<Node> items;

  private Node(String file, io.carbonwatch.core.site.yaml.Node tree) {
    this.file = file;
    this.tree = tree;
  }

  static Node parse(String file, Reader reader) {
    io.carbonwatch.core.site.yaml.Node tree;
    try {
      tree = TreeParser.parseYaml(file, reader);
    } catch (ConfigException e) {
      ConfigError first = e.errors().get(0);
      throw new DataFileException(
          file, first.location().line(), first.location().column(), first.path(), first.message());
    }
    Node root = new Node(file, tree);
    if (!root.isMap()) {
      throw root.error("expected a mapping at the top of the file");
    }
    return root;
  }

  String file() {
    return file;
  }

  String path() {
    return tree.path();
  }

  int line() {
    return tree.location().line();
  }

  boolean isMap() {
    return tree instanceof MapNode;
  }

  boolean isNull() {
    return tree instanceof ScalarNode s && s.type() == ScalarType.NULL;
  }

  boolean isNumber() {
    return tree instanceof ScalarNode s
        && (s.type() == ScalarType.INTEGER || s.type() == ScalarType.FLOAT);
  }

  /** The scalar's text as written, or {@code null} for a map, a list or null. */
  private String scalarText() {
    return tree instanceof ScalarNode s && s.type() != ScalarType.NULL ? s.text() : null;
  }

  DataFileException error(String problem) {
    return new DataFileException(
        file, tree.location().line(), tree.location().column(), tree.path(), problem);
  }

  /** Fails on any key not in {@code allowed}: a misspelt field must not be silently ignored. */
  Node allowOnly(Collection<String> allowed) {
    for (Map.Entry<String, Node> e : fields().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw e.getValue().error("unknown field; expected one of " + String.join(", ", allowed));
      }
    }
    return this;
  }

  Node allowOnly(String... allowed) {
    return allowOnly(List.of(allowed));
  }

  Map<String, Node> fields() {
    requireMap();
    if (fields == null) {
      Map<String, Node> wrapped = new LinkedHashMap<>();
      ((MapNode) tree).entries().forEach((k, v) -> wrapped.put(k, new Node(file, v)));
      fields = Collections.unmodifiableMap(wrapped);
    }
    return fields;
  }

  Set<String> keys() {
    return fields().keySet();
  }

  List<Node> items() {
    if (!(tree instanceof ListNode l)) {
      throw error("expected a list");
    }
    if (items == null) {
      List<Node> wrapped = new ArrayList<>();
      l.items().forEach(i -> wrapped.add(new Node(file, i)));
      items = Collections.unmodifiableList(wrapped);
    }
    return items;
  }

  /** The field, or {@code null} when absent. */
  Node get(String key) {
    return fields().get(key);
  }

  Node required(String key) {
    Node n = fields().get(key);
    if (n == null) {
      String path = tree.path();
      throw new DataFileException(
          file,
          tree.location().line(),
          tree.location().column(),
          path.isEmpty() ? key : path + "." + key,
          "missing required field");
    }
    return n;
  }

  String text() {
    String text = scalarText();
    if (text == null) {
      throw error("expected a text value");
    }
    if (text.isBlank()) {
      throw error("expected non-blank text");
    }
    return text;
  }

  String optionalText(String key, String fallback) {
    Node n = get(key);
    return n == null || n.isNull() ? fallback : n.text();
  }

  double number() {
    if (!isNumber()) {
      throw error("expected a number; got " + describe());
    }
    try {
      double v = Double.parseDouble(scalarText());
      if (!Double.isFinite(v)) {
        throw error("expected a finite number; got " + scalarText());
      }
      return v;
    } catch (NumberFormatException e) {
      throw error("expected a number; got " + scalarText());
    }
  }

  double positiveNumber() {
    double v = number();
    if (v <= 0) {
      throw error("expected a number > 0; got " + scalarText());
    }
    return v;
  }

  LocalDate date() {
    try {
      return LocalDate.parse(text());
    } catch (DateTimeParseException e) {
      throw error("expected a date yyyy-mm-dd; got " + scalarText());
    }
  }

  private void requireMap() {
    if (!isMap()) {
      throw error("expected a mapping; got " + describe());
    }
  }

  private String describe() {
    if (tree instanceof MapNode) {
      return "a mapping";
    }
    if (tree instanceof ListNode) {
      return "a list";
    }
    return isNull() ? "null" : "'" + scalarText() + "'";
  }
}
