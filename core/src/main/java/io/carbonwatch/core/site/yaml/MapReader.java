package io.carbonwatch.core.site.yaml;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the keys of a {@link Node.MapNode} into Java values, recording every problem in a shared
 * {@link ConfigErrors} instead of stopping at the first. Each accessor returns null (or an empty
 * list) when the key is absent or invalid; {@link #finish()} reports keys nobody asked for as
 * unknown, so typos never pass silently.
 *
 * <pre>{@code
 * ConfigErrors errors = new ConfigErrors();
 * MapReader m = MapReader.of(root, errors);
 * String id = m.string("id", true);
 * Integer start = m.integer("start", true, 0, 65535);
 * m.finish();
 * errors.throwIfAny();
 * }</pre>
 */
public final class MapReader {
  private final Node node;
  private final Node.MapNode map;
  private final ConfigErrors errors;
  private final Set<String> known = new HashSet<>();
  private final List<String> order = new ArrayList<>();

  private MapReader(Node node, Node.MapNode map, ConfigErrors errors) {
    this.node = node;
    this.map = map;
    this.errors = errors;
  }

  /** A reader over {@code node}; records "expected a map" when it is something else. */
  public static MapReader of(Node node, ConfigErrors errors) {
    if (node instanceof Node.MapNode m) {
      return new MapReader(node, m, errors);
    }
    errors.add(node, "expected a map, got " + node.describe());
    return new MapReader(node, null, errors);
  }

  /** True when the node was a map. */
  public boolean isMap() {
    return map != null;
  }

  public Node node() {
    return node;
  }

  public ConfigErrors errors() {
    return errors;
  }

  private String childPath(String key) {
    return node.path().isEmpty() ? key : node.path() + "." + key;
  }

  /** Declares keys as known without reading them (e.g. keys read by another component). */
  public MapReader allow(String... keys) {
    for (String k : keys) {
      declare(k);
    }
    return this;
  }

  private void declare(String key) {
    if (known.add(key)) {
      order.add(key);
    }
  }

  /** True when the key is present with a non-null value. */
  public boolean has(String key) {
    declare(key);
    if (map == null) {
      return false;
    }
    Node n = map.entries().get(key);
    return n != null && !(n instanceof Node.ScalarNode s && s.type() == Node.ScalarType.NULL);
  }

  /** The raw node, or null when absent (records "missing" when required). */
  public Node get(String key, boolean required) {
    declare(key);
    if (map == null) {
      return null;
    }
    Node n = map.entries().get(key);
    if (n instanceof Node.ScalarNode s && s.type() == Node.ScalarType.NULL) {
      n = null;
    }
    if (n == null && required) {
      errors.add(
          node.location(),
          childPath(key),
          "missing, expected a value for required key '" + key + "'");
    }
    return n;
  }

  /** A scalar as text (numbers and booleans as written). */
  public String string(String key, boolean required) {
    Node n = get(key, required);
    return n == null ? null : asString(n, errors);
  }

  public Integer integer(String key, boolean required, long min, long max) {
    Node n = get(key, required);
    return n == null ? null : asInteger(n, errors, min, max);
  }

  public Long longValue(String key, boolean required, long min, long max) {
    Node n = get(key, required);
    return n == null ? null : asLong(n, errors, min, max);
  }

  public Double number(String key, boolean required) {
    Node n = get(key, required);
    return n == null ? null : asNumber(n, errors);
  }

  public Boolean bool(String key, boolean required) {
    Node n = get(key, required);
    if (n == null) {
      return null;
    }
    if (n instanceof Node.ScalarNode s && s.type() == Node.ScalarType.BOOLEAN) {
      return Boolean.parseBoolean(s.text().toLowerCase());
    }
    errors.add(n, "expected true or false, got " + n.describe());
    return null;
  }

  public Duration duration(String key, boolean required) {
    Node n = get(key, required);
    if (n == null) {
      return null;
    }
    String text = asString(n, errors);
    if (text == null) {
      return null;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      errors.add(n, e.getMessage());
      return null;
    }
  }

  public LocalDate date(String key, boolean required) {
    Node n = get(key, required);
    if (n == null) {
      return null;
    }
    String text = asString(n, errors);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      errors.add(n, "expected a date YYYY-MM-DD, got '" + text + "'");
      return null;
    }
  }

  /** One of a fixed set of spellings; the error lists them all. */
  public <E extends Enum<E>> E enumValue(
      String key, boolean required, Class<E> type, Function<E, String> spelling) {
    Node n = get(key, required);
    return n == null ? null : asEnum(n, errors, type, spelling);
  }

  /** One of the given strings; the error lists them all. */
  public String oneOf(String key, boolean required, List<String> allowed) {
    Node n = get(key, required);
    if (n == null) {
      return null;
    }
    String text = asString(n, errors);
    if (text != null && !allowed.contains(text)) {
      errors.add(n, "expected one of " + String.join(", ", allowed) + ", got '" + text + "'");
      return null;
    }
    return text;
  }

  /** A nested map (null when absent). */
  public MapReader map(String key, boolean required) {
    Node n = get(key, required);
    return n == null ? null : MapReader.of(n, errors);
  }

  /** The items of a list (empty when absent or not a list). */
  public List<Node> list(String key, boolean required) {
    Node n = get(key, required);
    if (n == null) {
      return List.of();
    }
    if (n instanceof Node.ListNode l) {
      return l.items();
    }
    errors.add(n, "expected a list, got " + n.describe());
    return List.of();
  }

  /** A list of scalars as text. */
  public List<String> stringList(String key, boolean required) {
    List<String> out = new ArrayList<>();
    for (Node item : list(key, required)) {
      String s = asString(item, errors);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** The entries of a nested map whose keys are free (e.g. coefficients by variable id). */
  public Map<String, Node> entries(String key, boolean required) {
    Node n = get(key, required);
    if (n == null) {
      return Map.of();
    }
    if (n instanceof Node.MapNode m) {
      return m.entries();
    }
    errors.add(n, "expected a map, got " + n.describe());
    return Map.of();
  }

  /** Reports every key that no accessor asked for. Call once after reading. */
  public void finish() {
    if (map == null) {
      return;
    }
    for (Map.Entry<String, Node> e : map.entries().entrySet()) {
      if (!known.contains(e.getKey())) {
        errors.add(
            map.keyLocations().get(e.getKey()),
            childPath(e.getKey()),
            "unknown key, expected one of " + String.join(", ", order));
      }
    }
  }

  // ---- scalar conversions usable on list items ----

  public static String asString(Node n, ConfigErrors errors) {
    if (n instanceof Node.ScalarNode s && s.type() != Node.ScalarType.NULL) {
      return s.text();
    }
    errors.add(n, "expected a text value, got " + n.describe());
    return null;
  }

  public static Long asLong(Node n, ConfigErrors errors, long min, long max) {
    if (n instanceof Node.ScalarNode s
        && (s.type() == Node.ScalarType.INTEGER || s.type() == Node.ScalarType.STRING)) {
      try {
        long v = Long.parseLong(s.text().trim());
        if (v < min || v > max) {
          errors.add(n, "expected an integer in " + min + ".." + max + ", got " + v);
          return null;
        }
        return v;
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    errors.add(n, "expected an integer, got " + n.describe());
    return null;
  }

  public static Integer asInteger(Node n, ConfigErrors errors, long min, long max) {
    Long v = asLong(n, errors, Math.max(min, Integer.MIN_VALUE), Math.min(max, Integer.MAX_VALUE));
    return v == null ? null : v.intValue();
  }

  public static Double asNumber(Node n, ConfigErrors errors) {
    if (n instanceof Node.ScalarNode s
        && (s.type() == Node.ScalarType.INTEGER
            || s.type() == Node.ScalarType.FLOAT
            || s.type() == Node.ScalarType.STRING)) {
      try {
        double v = Double.parseDouble(s.text().trim());
        if (Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    errors.add(n, "expected a number, got " + n.describe());
    return null;
  }

  public static <E extends Enum<E>> E asEnum(
      Node n, ConfigErrors errors, Class<E> type, Function<E, String> spelling) {
    String text = asString(n, errors);
    if (text == null) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (spelling.apply(e).equals(text)) {
        return e;
      }
    }
    errors.add(
        n,
        "expected one of "
            + Arrays.stream(type.getEnumConstants()).map(spelling).collect(Collectors.joining(", "))
            + ", got '"
            + text
            + "'");
    return null;
  }
}
