package io.carbonwatch.edge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of a subcommand; unknown or repeated options are errors. */
final class CommandLine {
  private final Map<String, String> values = new HashMap<>();

  CommandLine(List<String> args, Set<String> known) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!known.contains(a)) {
        throw new IllegalArgumentException(
            "未知选项 / unknown option: "
                + a
                + " (expected one of "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("选项缺少值 / option needs a value: " + a);
      }
      if (values.put(a, args.get(++i)) != null) {
        throw new IllegalArgumentException("选项重复 / option given twice: " + a);
      }
    }
  }

  String get(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("缺少选项 / missing option: " + name);
    }
    return v;
  }

  double number(String name, double dflt) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected a number, got " + v);
    }
  }
}
