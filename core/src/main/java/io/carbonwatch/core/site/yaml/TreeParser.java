package io.carbonwatch.core.site.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses YAML or JSON into a location-aware {@link Node} tree with Jackson's streaming parser.
 * Duplicate keys and syntax errors become {@link ConfigException}s with file, line and column.
 *
 * <pre>{@code
 * Node root = TreeParser.parseYaml("profile.yaml", reader);
 * }</pre>
 */
public final class TreeParser {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final JsonFactory JSON = new JsonFactory();

  private TreeParser() {}

  /** Parses a YAML (or JSON, or YAML-flow) file; the file name is used in locations. */
  public static Node parseFile(Path file) {
    String name = file.toString();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return name.endsWith(".json") ? parseJson(name, r) : parseYaml(name, r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  public static Node parseYaml(String fileName, Reader reader) {
    try (JsonParser p = YAML.createParser(reader)) {
      return parse(fileName, p);
    } catch (IOException e) {
      throw syntax(fileName, e);
    }
  }

  public static Node parseYaml(String fileName, String text) {
    return parseYaml(fileName, new StringReader(text));
  }

  public static Node parseJson(String fileName, Reader reader) {
    try (JsonParser p = JSON.createParser(reader)) {
      return parse(fileName, p);
    } catch (IOException e) {
      throw syntax(fileName, e);
    }
  }

  public static Node parseJson(String fileName, String text) {
    return parseJson(fileName, new StringReader(text));
  }

  private static ConfigException syntax(String fileName, IOException e) {
    if (e instanceof JsonParseException pe && pe.getLocation() != null) {
      JsonLocation l = pe.getLocation();
      return new ConfigException(
          List.of(
              new ConfigError(
                  new Location(fileName, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr())),
                  "",
                  "syntax error: " + condense(pe.getOriginalMessage()))));
    }
    if (e.getCause() != null && e.getCause().getMessage() != null) {
      return new ConfigException(
          List.of(
              new ConfigError(
                  new Location(fileName, 1, 1),
                  "",
                  "syntax error: " + condense(e.getCause().getMessage()))));
    }
    return new ConfigException(
        List.of(new ConfigError(new Location(fileName, 1, 1), "", "syntax error: " + e)));
  }

  /** SnakeYAML messages span several lines with source excerpts; keep the sentences only. */
  static String condense(String message) {
    if (message == null) {
      return "unreadable input";
    }
    StringBuilder out = new StringBuilder();
    for (String line : message.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("in '") || t.equals("^") || line.startsWith("    ")) {
        continue;
      }
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(t);
    }
    return out.length() == 0 ? message.strip() : out.toString();
  }

  private static Node parse(String fileName, JsonParser p) throws IOException {
    ConfigErrors errors = new ConfigErrors();
    JsonToken t = p.nextToken();
    if (t == null) {
      ConfigError empty =
          new ConfigError(
              new Location(fileName, 1, 1), "", "expected a document, got an empty file");
      throw new ConfigException(List.of(empty));
    }
    Node root = read(fileName, p, "", errors);
    if (p.nextToken() != null) {
      errors.add(loc(fileName, p), "", "expected one document, got a second one (remove '---')");
    }
    errors.throwIfAny();
    return root;
  }

  private static Location loc(String fileName, JsonParser p) {
    JsonLocation l = p.currentTokenLocation();
    return new Location(fileName, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }

  private static Node read(String fileName, JsonParser p, String path, ConfigErrors errors)
      throws IOException {
    Location here = loc(fileName, p);
    JsonToken t = p.currentToken();
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      // Jackson reports an alias as the anchor's name; taking that as the value would be wrong.
      errors.add(
          here,
          path,
          "YAML aliases (*" + p.getText() + ") are not supported, expected the value written out");
      return new Node.ScalarNode(path, here, "", Node.ScalarType.NULL);
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Location> keys = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          Location keyLoc = loc(fileName, p);
          String childPath = path.isEmpty() ? key : path + "." + key;
          p.nextToken();
          Node child = read(fileName, p, childPath, errors);
          if (entries.containsKey(key)) {
            errors.add(
                keyLoc,
                childPath,
                "duplicate key (first at line "
                    + keys.get(key).line()
                    + "), expected each key once");
          } else {
            entries.put(key, child);
            keys.put(key, keyLoc);
          }
        }
        return new Node.MapNode(path, here, entries, keys);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(fileName, p, path + "[" + items.size() + "]", errors));
        }
        return new Node.ListNode(path, here, items);
      }
      case VALUE_STRING -> {
        return new Node.ScalarNode(path, here, p.getText(), Node.ScalarType.STRING);
      }
      case VALUE_NUMBER_INT -> {
        return new Node.ScalarNode(path, here, p.getText(), Node.ScalarType.INTEGER);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new Node.ScalarNode(path, here, p.getText(), Node.ScalarType.FLOAT);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Node.ScalarNode(path, here, p.getText(), Node.ScalarType.BOOLEAN);
      }
      case VALUE_NULL -> {
        return new Node.ScalarNode(path, here, "null", Node.ScalarType.NULL);
      }
      default -> {
        errors.add(here, path, "unsupported YAML construct " + t);
        p.skipChildren();
        return new Node.ScalarNode(path, here, "", Node.ScalarType.NULL);
      }
    }
  }
}
