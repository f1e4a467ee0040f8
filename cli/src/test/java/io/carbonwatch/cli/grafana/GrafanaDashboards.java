package io.carbonwatch.cli.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the provisioned Grafana dashboards and turns their InfluxQL into runnable queries. */
final class GrafanaDashboards {
  static final Path DIR = Path.of("..", "dashboards", "grafana");
  static final String DATASOURCE_UID = "carbonwatch-influx";

  /**
   * One query of a dashboard.
   *
   * @param where dashboard file and panel title (or {@code variable $name})
   * @param influxql the query as stored, with Grafana's variables
   */
  record Query(String where, String influxql) {

    /**
     * The query as Grafana would send it: template variables replaced by their values and {@code
     * $timeFilter} by the dashboard's time range, bounded on both sides.
     */
    String resolve(Map<String, String> variables, Instant from, Instant to) {
      String q = influxql.replace("$timeFilter", "time >= '" + from + "' AND time <= '" + to + "'");
      q = q.replace("$__interval", "1h");
      for (Map.Entry<String, String> v : variables.entrySet()) {
        q = q.replace("$" + v.getKey(), v.getValue());
      }
      Matcher left = Pattern.compile("\\$[A-Za-z_]+").matcher(q);
      if (left.find()) {
        throw new AssertionError(where + ": unknown variable " + left.group() + " in " + influxql);
      }
      return q;
    }
  }

  private GrafanaDashboards() {}

  static List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(DIR.resolve("dashboards"))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  static JsonNode read(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  /** Every panel target's query and every query variable's query of every dashboard. */
  static List<Query> queries() throws IOException {
    List<Query> out = new ArrayList<>();
    for (Path f : files()) {
      JsonNode d = read(f);
      String name = f.getFileName().toString();
      for (JsonNode v : d.path("templating").path("list")) {
        if ("query".equals(v.path("type").asText())) {
          out.add(
              new Query(name + " variable $" + v.path("name").asText(), v.path("query").asText()));
        }
      }
      for (JsonNode p : panels(d)) {
        for (JsonNode t : p.path("targets")) {
          out.add(
              new Query(
                  name + " panel \"" + p.path("title").asText() + "\" " + t.path("refId").asText(),
                  t.path("query").asText()));
        }
      }
    }
    return out;
  }

  /** Panels, including those nested in rows. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      out.add(p);
      for (JsonNode inner : p.path("panels")) {
        out.add(inner);
      }
    }
    return out;
  }
}
