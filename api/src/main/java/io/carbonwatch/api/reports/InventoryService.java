package io.carbonwatch.api.reports;

import io.carbonwatch.api.history.HistoryVerticle;
import io.carbonwatch.api.history.InfluxHistory;
import io.carbonwatch.api.http.ApiException;
import io.carbonwatch.core.factors.GasGroup;
import io.carbonwatch.core.site.CarbonSource;
import io.carbonwatch.core.site.Seu;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SourceType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Carbon inventory (碳清单, 6.1.2) for a period from the job's daily series: per source and sink its
 * activity data, emissions by gas group, scope, the SEUs it feeds, the factor and GWP set
 * (lineage); totals by gas, scope, SEU and site; removals and offsets as their own entries
 * subtracted for the net total. Amounts in tCO2e (the job stores kgCO2e).
 */
public final class InventoryService {
  private static final Duration MAX_PERIOD = Duration.ofDays(3 * 366);
  private final InfluxHistory influx;
  private final SiteModel model;
  private final OffsetService offsets;

  public InventoryService(InfluxHistory influx, SiteModel model) {
    this(influx, model, null);
  }

  /**
   * @param offsets the recorded offsets (retired credits); null when there is no record store
   */
  public InventoryService(InfluxHistory influx, SiteModel model, OffsetService offsets) {
    this.influx = influx;
    this.model = model;
    this.offsets = offsets;
  }

  public Future<JsonObject> inventory(String site, Instant from, Instant to) {
    if (influx == null) {
      return Future.failedFuture(HistoryVerticle.notConfigured());
    }
    if (!to.isAfter(from)) {
      return Future.failedFuture(ApiException.invalid("to", "必须晚于 from", "must be after from"));
    }
    if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
      return Future.failedFuture(
          ApiException.invalid("to", "时间段最长 3 年", "the period may span at most 3 years"));
    }
    String range =
        " AND time >= " + from.toEpochMilli() + "ms AND time < " + to.toEpochMilli() + "ms";
    StringBuilder gasSums = new StringBuilder();
    for (GasGroup g : GasGroup.values()) {
      String f = g.name().toLowerCase(Locale.ROOT) + "_co2e_kg";
      gasSums.append(", sum(\"").append(f).append("\") AS \"").append(f).append('"');
    }
    Future<List<InfluxHistory.Series>> emissions =
        influx.grouped(
            "SELECT sum(\"value\") AS \"kg\""
                + gasSums
                + ", last(\"lineage\") AS \"lineage\" FROM \"emissions\" WHERE \"site\" = $site"
                + " AND \"level\" = 'source' AND \"metric\" = 'emissions' AND \"window\" = '1d'"
                + range
                + " GROUP BY \"id\"",
            Map.of("site", site));
    Future<List<InfluxHistory.Series>> activity =
        influx.grouped(
            "SELECT sum(\"value\") AS \"amount\" FROM \"activity\" WHERE \"site\" = $site"
                + " AND \"level\" = 'source' AND \"window\" = '1d'"
                + range
                + " GROUP BY \"id\", \"metric\", \"unit\"",
            Map.of("site", site));
    // SEU totals from the job's own SEU series: an SEU supplied by a site-wide source (the grid
    // feeding compressed air) has emissions without listing that source under its own sources.
    Future<List<InfluxHistory.Series>> seuEmissions =
        influx.grouped(
            "SELECT sum(\"value\") AS \"kg\" FROM \"emissions\" WHERE \"site\" = $site"
                + " AND \"level\" = 'seu' AND \"metric\" = 'emissions' AND \"window\" = '1d'"
                + range
                + " GROUP BY \"id\"",
            Map.of("site", site));
    Future<OffsetService.Contained> recorded =
        offsets == null
            ? Future.succeededFuture(new OffsetService.Contained(List.of(), List.of(), List.of()))
            : offsets.forInventory(site, from, to);
    return Future.all(emissions, activity, seuEmissions, recorded)
        .map(
            v ->
                build(
                    site,
                    from,
                    to,
                    emissions.result(),
                    activity.result(),
                    seuEmissions.result(),
                    recorded.result()));
  }

  private static double num(Object o) {
    return o == null ? 0.0 : ((Number) o).doubleValue();
  }

  private JsonObject build(
      String site,
      Instant from,
      Instant to,
      List<InfluxHistory.Series> emissions,
      List<InfluxHistory.Series> activity,
      List<InfluxHistory.Series> seuEmissions,
      OffsetService.Contained recorded) {
    Site siteModel = model == null ? null : model.site(site).orElse(null);
    Map<String, JsonObject> rows = new TreeMap<>();
    for (InfluxHistory.Series s : activity) {
      String id = s.tags().get("id");
      JsonObject r = rows.computeIfAbsent(id, k -> newRow(k, siteModel));
      r.put("activity", num(s.rows().get(0).get("amount")))
          .put("activityQuantity", s.tags().get("metric"))
          .put("activityUnit", s.tags().get("unit"));
    }
    for (InfluxHistory.Series s : emissions) {
      String id = s.tags().get("id");
      JsonObject r = rows.computeIfAbsent(id, k -> newRow(k, siteModel));
      Map<String, Object> row = s.rows().get(0);
      JsonObject byGas = new JsonObject();
      for (GasGroup g : GasGroup.values()) {
        String f = g.name().toLowerCase(Locale.ROOT) + "_co2e_kg";
        byGas.put(g.name(), round(num(row.get(f)) / 1000.0));
      }
      Object lineage = row.get("lineage");
      r.put("tco2e", round(num(row.get("kg")) / 1000.0)).put("byGasTco2e", byGas);
      if (lineage != null) {
        String[] parts = lineage.toString().split("\\|", 2);
        r.put(
            "lineage",
            new JsonObject()
                .put("factorId", parts[0])
                .put("gwpSet", parts.length > 1 ? parts[1] : null));
      }
    }
    double gross = 0;
    double removals = 0;
    double offsets = 0;
    Map<String, Double> byScope = new TreeMap<>();
    Map<String, Double> byGas = new LinkedHashMap<>();
    Map<String, Double> bySeu = new TreeMap<>();
    JsonArray sources = new JsonArray();
    JsonArray removalRows = new JsonArray();
    JsonArray offsetRows = new JsonArray();
    for (JsonObject r : rows.values()) {
      double t = r.getDouble("tco2e", 0.0);
      String type = r.getString("type");
      if ("removal".equals(type)) {
        removals += t;
        removalRows.add(r);
        continue;
      }
      if ("offset".equals(type)) {
        offsets += t;
        offsetRows.add(r);
        continue;
      }
      sources.add(r);
      gross += t;
      Integer scope = r.getInteger("scope");
      byScope.merge(scope == null ? "unknown" : "scope" + scope, t, Double::sum);
      JsonObject gases = r.getJsonObject("byGasTco2e");
      if (gases != null) {
        for (String g : gases.fieldNames()) {
          byGas.merge(g, gases.getDouble(g), Double::sum);
        }
      }
    }
    for (InfluxHistory.Series s : seuEmissions) {
      bySeu.merge(s.tags().get("id"), num(s.rows().get(0).get("kg")) / 1000.0, Double::sum);
    }
    // Recorded offsets (retired credits) count when their whole period lies inside [from, to).
    for (JsonObject rec : recorded.inside()) {
      JsonObject r = newRow(rec.getString("source"), siteModel);
      double t = rec.getDouble("amountTco2e");
      r.put("type", "offset")
          .put("recordId", rec.getLong("id"))
          .put("periodStart", rec.getString("periodStart"))
          .put("periodEnd", rec.getString("periodEnd"))
          .put("tco2e", round(t))
          .put(
              "lineage",
              new JsonObject()
                  .put("registry", rec.getString("registry"))
                  .put("certificateRef", rec.getString("certificateRef"))
                  .put("recordedBy", rec.getString("recordedBy"))
                  .put("recordedAt", rec.getString("recordedAt")));
      offsets += t;
      offsetRows.add(r);
    }
    JsonArray notCounted = new JsonArray();
    recorded.straddling().forEach(notCounted::add);
    JsonArray withdrawn = new JsonArray();
    recorded.withdrawn().forEach(withdrawn::add);
    JsonObject totals =
        new JsonObject()
            .put("grossTco2e", round(gross))
            .put("removalsTco2e", round(removals))
            .put("offsetsTco2e", round(offsets))
            .put("netTco2e", round(gross - removals - offsets))
            .put("byScope", roundAll(byScope))
            .put("byGas", roundAll(byGas))
            .put("bySeu", roundAll(bySeu))
            .put("bySite", new JsonObject().put(site, round(gross - removals - offsets)));
    return new JsonObject()
        .put("site", site)
        .put("from", from.toString())
        .put("to", to.toString())
        .put("unit", "tCO2e")
        .put("sources", sources)
        .put("removals", removalRows)
        .put("offsets", offsetRows)
        .put("offsetsNotCounted", notCounted)
        .put("offsetsWithdrawn", withdrawn)
        .put("totals", totals)
        .put(
            "note",
            new JsonObject()
                .put(
                    "zh-CN",
                    "数据来自流处理作业的日窗口；清除量与抵消量单列，净排放 = 总排放 − 清除量 − 抵消量；"
                        + "登记的抵消量仅当其整个期间落在报告期内时计入（不按比例分摊），跨越报告期边界的单列为“未计入的抵消量”；"
                        + "按主要能源使用（SEU）的排放量来自作业的 SEU 序列，各 SEU 可能相互重叠（如共用的电网供电），"
                        + "其合计不等于场所总排放")
                .put(
                    "en",
                    "From the stream job's daily windows; removals and offsets are listed separately and net = gross − removals − offsets;"
                        + " a recorded offset counts only when its whole period lies inside the report period (no pro-rating);"
                        + " those straddling a boundary are listed separately as offsets not counted;"
                        + " emissions by SEU come from the job's SEU series, SEUs may overlap (a shared grid supply, for"
                        + " example), so they do not add up to the site total"));
  }

  private static JsonObject roundAll(Map<String, Double> m) {
    JsonObject o = new JsonObject();
    m.forEach((k, v) -> o.put(k, round(v)));
    return o;
  }

  private static double round(double v) {
    return Math.round(v * 1_000_000.0) / 1_000_000.0;
  }

  private static JsonObject newRow(String id, Site site) {
    JsonObject r = new JsonObject().put("id", id).put("seus", new JsonArray());
    if (site == null) {
      return r;
    }
    CarbonSource s = site.source(id).orElse(null);
    if (s == null) {
      return r;
    }
    Integer scope = s.scope();
    if (scope == null && s.type() != SourceType.REMOVAL && s.type() != SourceType.OFFSET) {
      scope =
          s.type() == SourceType.PURCHASED_ELECTRICITY || s.type() == SourceType.PURCHASED_HEAT
              ? 2
              : 1;
    }
    r.put("name", new JsonObject().put("zh-CN", s.name().zh()).put("en", s.name().en()))
        .put("type", s.type().wire())
        .put("scope", scope)
        .put("factor", s.factor())
        .put("fuel", s.fuel())
        .put("gas", s.gas());
    JsonArray seus = new JsonArray();
    for (Seu seu : site.seus()) {
      if (seu.sources().contains(id)) {
        seus.add(seu.id());
      }
    }
    return r.put("seus", seus);
  }

  /** CSV (UTF-8 with BOM so spreadsheet software reads the Chinese names). */
  public static String csv(JsonObject inv) {
    StringBuilder sb = new StringBuilder("\uFEFF");
    List<String> gases = new ArrayList<>();
    for (GasGroup g : GasGroup.values()) {
      gases.add(g.name());
    }
    sb.append(
        "section,site,from,to,id,name_zh,name_en,type,scope,seus,activity,activity_quantity,"
            + "activity_unit,factor,gwp_set,tco2e");
    for (String g : gases) {
      sb.append(",tco2e_").append(g.toLowerCase(Locale.ROOT));
    }
    sb.append(",registry,certificate_ref,period_start,period_end");
    sb.append('\n');
    for (String section : List.of("sources", "removals", "offsets")) {
      for (Object o : inv.getJsonArray(section)) {
        JsonObject r = (JsonObject) o;
        JsonObject name = r.getJsonObject("name", new JsonObject());
        JsonObject lineage = r.getJsonObject("lineage", new JsonObject());
        List<Object> cells = new ArrayList<>();
        cells.add(section);
        cells.add(inv.getString("site"));
        cells.add(inv.getString("from"));
        cells.add(inv.getString("to"));
        cells.add(r.getString("id"));
        cells.add(name.getString("zh-CN"));
        cells.add(name.getString("en"));
        cells.add(r.getString("type"));
        cells.add(r.getInteger("scope"));
        cells.add(String.join(" ", r.getJsonArray("seus").stream().map(Object::toString).toList()));
        cells.add(r.getDouble("activity"));
        cells.add(r.getString("activityQuantity"));
        cells.add(r.getString("activityUnit"));
        cells.add(lineage.getString("factorId", r.getString("factor")));
        cells.add(lineage.getString("gwpSet"));
        cells.add(r.getDouble("tco2e"));
        JsonObject byGas = r.getJsonObject("byGasTco2e", new JsonObject());
        for (String g : gases) {
          cells.add(byGas.getDouble(g));
        }
        cells.add(lineage.getString("registry"));
        cells.add(lineage.getString("certificateRef"));
        cells.add(r.getString("periodStart"));
        cells.add(r.getString("periodEnd"));
        row(sb, cells);
      }
    }
    JsonObject t = inv.getJsonObject("totals");
    for (String k : List.of("grossTco2e", "removalsTco2e", "offsetsTco2e", "netTco2e")) {
      List<Object> cells =
          new ArrayList<>(
              List.of(
                  "total", inv.getString("site"), inv.getString("from"), inv.getString("to"), k));
      for (int i = 0; i < 10; i++) {
        cells.add(null);
      }
      cells.add(t.getDouble(k));
      row(sb, cells);
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, List<Object> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object c = cells.get(i);
      if (c == null) {
        continue;
      }
      String s = c.toString();
      // Neutralise spreadsheet formulas and quote what needs quoting.
      if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !(c instanceof Number)) {
        s = "'" + s;
      }
      if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
        s = "\"" + s.replace("\"", "\"\"") + "\"";
      }
      sb.append(s);
    }
    sb.append("\r\n");
  }
}
