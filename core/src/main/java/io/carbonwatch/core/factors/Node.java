package io.carbonwatch.core.factors;

import io.carbonwatch.core.site.yaml.ConfigError;
import io.carbonwatch.core.site.yaml.ConfigException;
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
 * A located YAML tree with the accessors the data-file readers use, so they can reject bad data
 * with the file, line, column and field path.
 */
final class Node {

  enum Type {
    MAP,
    LIST,
    SCALAR,
    NULL
  }

  private final String file;
  private final String path;
  private final int line;
  private final int column;
  private final Type type;
  private final Map<String, Node> fields;
  private final List<Node> items;
  private final String text;
  private final boolean number;

  private Node(
      String file,
      String path,
      int line,
      int column,
      Type type,
      Map<String, Node> fields,
      List<Node> items,
      String text,
      boolean number) {
    this.file = file;
    this.path = path;
    this.line = line;
    this.column = column;
    this.type = type;
    this.fields = fields;
    this.items = items;
    this.text = text;
    this.number = number;
  }

  /**
   * Parses with the project's located YAML reader ({@link TreeParser}, shared with the site model)
   * and wraps the tree with the accessors the data-file readers need.
   */
  static Node parse(String file, Reader reader) {
    io.carbonwatch.core.site.yaml.Node tree;
    try {
      tree = TreeParser.parseYaml(file, reader);
    } catch (ConfigException e) {
      ConfigError first = e.errors().get(0);
      throw new DataFileException(
          file, first.location().line(), first.location().column(), first.path(), first.message());
    }
    Node root = from(file, tree);
    if (root.type != Type.MAP) {
      throw root.error("expected a mapping at the top of the file");
    }
    return root;
  }

  private static Node from(String file, io.carbonwatch.core.site.yaml.Node n) {
    int line = n.location().line();
    int col = n.location().column();
    if (n instanceof io.carbonwatch.core.site.yaml.Node.MapNode m) {
      Map<String, Node> fields = new LinkedHashMap<>();
      m.entries().forEach((k, v) -> fields.put(k, from(file, v)));
      return new Node(
          file,
          n.path(),
          line,
          col,
          Type.MAP,
          Collections.unmodifiableMap(fields),
          List.of(),
          null,
          false);
    }
    if (n instanceof io.carbonwatch.core.site.yaml.Node.ListNode l) {
      List<Node> items = new ArrayList<>();
      l.items().forEach(i -> items.add(from(file, i)));
      return new Node(
          file,
          n.path(),
          line,
          col,
          Type.LIST,
          Map.of(),
          Collections.unmodifiableList(items),
          null,
          false);
    }
    io.carbonwatch.core.site.yaml.Node.ScalarNode sc =
        (io.carbonwatch.core.site.yaml.Node.ScalarNode) n;
    return switch (sc.type()) {
      case NULL -> new Node(file, n.path(), line, col, Type.NULL, Map.of(), List.of(), null, false);
      case INTEGER, FLOAT ->
          new Node(file, n.path(), line, col, Type.SCALAR, Map.of(), List.of(), sc.text(), true);
      case STRING, BOOLEAN ->
          new Node(file, n.path(), line, col, Type.SCALAR, Map.of(), List.of(), sc.text(), false);
    };
  }

  String file() {
    return file;
  }

  String path() {
    return path;
  }

  int line() {
    return line;
  }

  boolean isMap() {
    return type == Type.MAP;
  }

  boolean isNull() {
    return type == Type.NULL;
  }

  boolean isNumber() {
    return type == Type.SCALAR && number;
  }

  DataFileException error(String problem) {
    return new DataFileException(file, line, column, path, problem);
  }

  /** Fails on any key not in {@code allowed}: a misspelt field must not be silently ignored. */
  Node allowOnly(Collection<String> allowed) {
    requireMap();
    for (Map.Entry<String, Node> e : fields.entrySet()) {
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
    return fields;
  }

  Set<String> keys() {
    return fields().keySet();
  }

  List<Node> items() {
    if (type != Type.LIST) {
      throw error("expected a list");
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
      throw new DataFileException(
          file, line, column, path.isEmpty() ? key : path + "." + key, "missing required field");
    }
    return n;
  }

  String text() {
    if (type != Type.SCALAR) {
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
      double v = Double.parseDouble(text);
      if (!Double.isFinite(v)) {
        throw error("expected a finite number; got " + text);
      }
      return v;
    } catch (NumberFormatException e) {
      throw error("expected a number; got " + text);
    }
  }

  double positiveNumber() {
    double v = number();
    if (v <= 0) {
      throw error("expected a number > 0; got " + text);
    }
    return v;
  }

  LocalDate date() {
    try {
      return LocalDate.parse(text());
    } catch (DateTimeParseException e) {
      throw error("expected a date yyyy-mm-dd; got " + text);
    }
  }

  private void requireMap() {
    if (type != Type.MAP) {
      throw error("expected a mapping; got " + describe());
    }
  }

  private String describe() {
    return switch (type) {
      case MAP -> "a mapping";
      case LIST -> "a list";
      case NULL -> "null";
      case SCALAR -> "'" + text + "'";
    };
  }
}
