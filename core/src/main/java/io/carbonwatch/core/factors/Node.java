package io.carbonwatch.core.factors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
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
 * A YAML tree that remembers where each value was written, so loaders can reject bad data with the
 * file, line, column and field path. Jackson's own tree drops locations.
 */
final class Node {

  enum Type {
    MAP,
    LIST,
    SCALAR,
    NULL
  }

  private static final YAMLFactory YAML = new YAMLFactory();

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

  static Node parse(String file, Reader reader) {
    try (JsonParser p = YAML.createParser(reader)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new DataFileException(file, 1, 1, "", "empty file");
      }
      Node root = read(file, "", p);
      if (root.type != Type.MAP) {
        throw root.error("expected a mapping at the top of the file");
      }
      return root;
    } catch (IOException e) {
      throw new DataFileException(file, "cannot parse YAML: " + e.getMessage(), e);
    }
  }

  private static Node read(String file, String path, JsonParser p) throws IOException {
    JsonLocation loc = p.currentTokenLocation();
    int line = loc.getLineNr();
    int col = loc.getColumnNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonLocation keyLoc = p.currentTokenLocation();
          String childPath = path.isEmpty() ? key : path + "." + key;
          p.nextToken();
          Node child = read(file, childPath, p);
          if (fields.put(key, child) != null) {
            throw new DataFileException(
                file, keyLoc.getLineNr(), keyLoc.getColumnNr(), childPath, "duplicate key");
          }
        }
        return new Node(
            file,
            path,
            line,
            col,
            Type.MAP,
            Collections.unmodifiableMap(fields),
            List.of(),
            null,
            false);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(file, path + "[" + i++ + "]", p));
        }
        return new Node(
            file,
            path,
            line,
            col,
            Type.LIST,
            Map.of(),
            Collections.unmodifiableList(items),
            null,
            false);
      }
      case VALUE_NULL -> {
        return new Node(file, path, line, col, Type.NULL, Map.of(), List.of(), null, false);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Node(file, path, line, col, Type.SCALAR, Map.of(), List.of(), p.getText(), true);
      }
      default -> {
        return new Node(
            file, path, line, col, Type.SCALAR, Map.of(), List.of(), p.getText(), false);
      }
    }
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
