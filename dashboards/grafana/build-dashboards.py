#!/usr/bin/env python3
"""Writes the CarbonWatch Grafana dashboards (dashboards/*.json) from the panel list below.

The JSON files are committed; edit this script and run it again (python3 build-dashboards.py) rather
than editing the JSON by hand, so that every panel keeps the same data source, variables and layout
rules. cli's GrafanaDashboardQueriesTest runs every query of the generated files against a real
InfluxDB holding the stream job's output for the simulated plant.
"""
import json
import os

DS = {"type": "influxdb", "uid": "carbonwatch-influx"}
HERE = os.path.dirname(os.path.abspath(__file__))

SITE = '"site" =~ /^$site$/'
SEU = '"id" =~ /^$seu$/'


def var_site():
    return {
        "name": "site", "label": "站点 / Site", "type": "query", "datasource": DS,
        "query": 'SHOW TAG VALUES FROM "activity" WITH KEY = "site"',
        "refresh": 1, "includeAll": False, "multi": False, "sort": 1,
        "current": {}, "options": [],
    }


def var_seu():
    return {
        "name": "seu", "label": "重点用能单元 / SEU", "type": "query", "datasource": DS,
        "query": 'SHOW TAG VALUES FROM "activity" WITH KEY = "id" WHERE "level" = \'seu\' AND ' + SITE,
        "refresh": 1, "includeAll": False, "multi": False, "sort": 1,
        "current": {}, "options": [],
    }


class Board:
    def __init__(self, uid, title, description, variables):
        self.uid, self.title, self.description, self.variables = uid, title, description, variables
        self.panels = []
        self.x = self.y = self.row_h = 0

    def panel(self, kind, title, queries, unit=None, w=12, h=8, description=None, options=None,
              fmt="time_series", aliases=None, stack=False, decimals=None):
        if self.x + w > 24:
            self.x, self.y = 0, self.y + self.row_h
            self.row_h = 0
        targets = []
        for i, q in enumerate(queries):
            t = {"refId": chr(ord("A") + i), "datasource": DS, "rawQuery": True, "query": q,
                 "resultFormat": fmt}
            if aliases and i < len(aliases) and aliases[i]:
                t["alias"] = aliases[i]
            targets.append(t)
        defaults = {}
        if unit:
            defaults["unit"] = unit
        if decimals is not None:
            defaults["decimals"] = decimals
        if kind == "timeseries":
            defaults["custom"] = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 20 if stack else 10,
                                  "stacking": {"mode": "normal" if stack else "none"},
                                  "spanNulls": False}
        p = {"id": len(self.panels) + 1, "type": kind, "title": title, "datasource": DS,
             "gridPos": {"x": self.x, "y": self.y, "w": w, "h": h}, "targets": targets,
             "fieldConfig": {"defaults": defaults, "overrides": []},
             "options": options or {}}
        if description:
            p["description"] = description
        self.panels.append(p)
        self.x += w
        self.row_h = max(self.row_h, h)

    def write(self):
        doc = {
            "uid": self.uid, "title": self.title, "description": self.description,
            "tags": ["carbonwatch"], "timezone": "browser", "editable": True,
            "schemaVersion": 39, "version": 1, "refresh": "30s",
            "time": {"from": "now-24h", "to": "now"},
            "templating": {"list": self.variables},
            "annotations": {"list": []},
            "links": [{"title": "CarbonWatch", "type": "dashboards", "tags": ["carbonwatch"],
                       "asDropdown": True}],
            "panels": self.panels,
        }
        path = os.path.join(HERE, "dashboards", self.uid.replace("carbonwatch-", "") + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=2)
            f.write("\n")


TABLE = {"showHeader": True}
STAT = {"reduceOptions": {"calcs": ["sum"], "fields": "", "values": False}, "colorMode": "value",
        "graphMode": "area", "textMode": "auto"}
STAT_LAST = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
             "colorMode": "value", "graphMode": "area", "textMode": "auto"}
PIE = {"reduceOptions": {"calcs": ["sum"], "fields": "", "values": False}, "pieType": "donut",
       "legend": {"displayMode": "table", "placement": "right", "values": ["value", "percent"]}}

# --------------------------------------------------------------------------------------------
b = Board("carbonwatch-site-overview", "CarbonWatch · 工厂总览 / Site overview",
          "Energy, emissions, production and alerts of one site, from the stream job's windows.",
          [var_site()])
b.panel("stat", "排放量（所选时段）/ Emissions in range", [
    'SELECT sum("value") / 1000 FROM "emissions" WHERE ' + SITE + ' AND "level" = \'site\' AND "metric" = \'emissions\' AND "window" = \'1h\' AND $timeFilter'],
        unit="tCO2e", w=6, h=5, options=STAT, decimals=2,
        description="Sum of the site's hourly tCO2e (scope 1 + 2) over the dashboard's range.")
b.panel("stat", "用电量（所选时段）/ Electricity in range", [
    'SELECT sum("value") FROM "activity" WHERE ' + SITE + ' AND "level" = \'site\' AND "metric" = \'electricity\' AND "window" = \'1h\' AND $timeFilter'],
        unit="kwatth", w=6, h=5, options=STAT, decimals=0)
b.panel("stat", "产量（所选时段）/ Production in range", [
    'SELECT sum("value") FROM "variables" WHERE ' + SITE + ' AND "id" = \'RV-PROD\' AND "window" = \'1h\' AND $timeFilter'],
        unit="pcs", w=6, h=5, options=STAT, decimals=0)
b.panel("stat", "告警事件 / Alert events", [
    'SELECT count("alert_id") FROM "alerts" WHERE ' + SITE + ' AND "event" = \'raised\' AND $timeFilter'],
        unit="none", w=6, h=5, options=STAT)
b.panel("timeseries", "每小时排放（按范围）/ Hourly emissions by scope", [
    'SELECT sum("value") FROM "emissions" WHERE ' + SITE + ' AND "level" = \'site\' AND "metric" =~ /^emissions\\.scope/ AND "window" = \'1h\' AND $timeFilter GROUP BY time(1h), "metric" fill(none)'],
        unit="kgCO2e", stack=True, aliases=["$tag_metric"])
b.panel("timeseries", "每小时能耗（按重点用能单元）/ Hourly energy by SEU", [
    'SELECT sum("value") FROM "activity" WHERE ' + SITE + ' AND "level" = \'seu\' AND "metric" = \'electricity\' AND "window" = \'1h\' AND $timeFilter GROUP BY time(1h), "id" fill(none)'],
        unit="kwatth", stack=True, aliases=["$tag_id"])
b.panel("timeseries", "全厂用电与产量 / Site electricity and production (15 min)", [
    'SELECT sum("value") FROM "activity" WHERE ' + SITE + ' AND "level" = \'site\' AND "metric" = \'electricity\' AND "window" = \'15m\' AND $timeFilter GROUP BY time(15m) fill(none)',
    'SELECT sum("value") FROM "variables" WHERE ' + SITE + ' AND "id" = \'RV-PROD\' AND "window" = \'15m\' AND $timeFilter GROUP BY time(15m) fill(none)'],
        aliases=["kWh", "pcs"], w=12)
b.panel("table", "最近告警 / Recent alerts", [
    'SELECT "event", "severity", "rule", "target", "deviation_pct", "message_zh", "message_en" FROM "alerts" WHERE ' + SITE + ' AND $timeFilter ORDER BY time DESC LIMIT 50'],
        fmt="table", options=TABLE, w=12)
b.write()

# --------------------------------------------------------------------------------------------
b = Board("carbonwatch-seu-detail", "CarbonWatch · 重点用能单元 / SEU detail",
          "One significant energy use: energy, emissions, performance against its baseline, CUSUM.",
          [var_site(), var_seu()])
b.panel("timeseries", "能耗（15 分钟）/ Energy (15 min)", [
    'SELECT sum("value") FROM "activity" WHERE ' + SITE + ' AND "level" = \'seu\' AND ' + SEU + ' AND "window" = \'15m\' AND $timeFilter GROUP BY time(15m), "metric", "unit" fill(none)'],
        aliases=["$tag_metric ($tag_unit)"])
b.panel("timeseries", "排放（每小时）/ Emissions (hourly)", [
    'SELECT sum("value") FROM "emissions" WHERE ' + SITE + ' AND "level" = \'seu\' AND ' + SEU + ' AND "metric" = \'emissions\' AND "window" = \'1h\' AND $timeFilter GROUP BY time(1h) fill(none)'],
        unit="kgCO2e")
b.panel("timeseries", "实际 vs 基准预期 / Actual vs baseline-expected", [
    'SELECT mean("actual") AS "actual", mean("expected") AS "expected" FROM "performance" WHERE ' + SITE + ' AND "target" =~ /^$seu$/ AND $timeFilter GROUP BY time(1h), "baseline", "unit" fill(none)'],
        aliases=["$col ($tag_unit)"],
        description="Per window of the SEU's baseline: the measured value and the value the baseline model expects from the relevant variables.")
b.panel("timeseries", "偏差 % / Deviation %", [
    'SELECT mean("deviation_pct") FROM "performance" WHERE ' + SITE + ' AND "target" =~ /^$seu$/ AND $timeFilter GROUP BY time(1h), "baseline" fill(none)'],
        unit="percent", aliases=["$tag_baseline"])
b.panel("timeseries", "CUSUM（正值为节约）/ CUSUM (positive = savings)", [
    'SELECT last("cusum") FROM "performance" WHERE ' + SITE + ' AND "target" =~ /^$seu$/ AND $timeFilter GROUP BY time(1h), "baseline", "unit" fill(previous)'],
        aliases=["$tag_baseline ($tag_unit)"])
b.panel("table", "告警 / Alerts", [
    'SELECT "event", "severity", "rule", "actual", "expected", "deviation_pct", "message_zh", "message_en" FROM "alerts" WHERE ' + SITE + ' AND "target" =~ /^$seu$/ AND $timeFilter ORDER BY time DESC LIMIT 50'],
        fmt="table", options=TABLE)
b.write()

# --------------------------------------------------------------------------------------------
b = Board("carbonwatch-emissions", "CarbonWatch · 排放（按气体与范围）/ Emissions by gas and scope",
          "tCO2e by greenhouse gas (the 7 gases of clause 6.1.2), scope, source and SEU, with factor lineage.",
          [var_site()])
GAS = ", ".join('sum("%s_co2e_kg") AS "%s"' % (g, n) for g, n in
                [("co2", "CO2"), ("ch4", "CH4"), ("n2o", "N2O"), ("hfcs", "HFCs"), ("pfcs", "PFCs"),
                 ("sf6", "SF6"), ("nf3", "NF3")])
b.panel("timeseries", "每小时排放（按气体）/ Hourly emissions by gas", [
    'SELECT ' + GAS + ' FROM "emissions" WHERE ' + SITE + ' AND "level" = \'site\' AND "metric" = \'emissions\' AND "window" = \'1h\' AND $timeFilter GROUP BY time(1h) fill(none)'],
        unit="kgCO2e", stack=True)
b.panel("piechart", "按气体 / By gas", [
    'SELECT ' + GAS + ' FROM "emissions" WHERE ' + SITE + ' AND "level" = \'site\' AND "metric" = \'emissions\' AND "window" = \'1h\' AND $timeFilter'],
        unit="kgCO2e", options=PIE)
b.panel("timeseries", "每小时排放（按范围）/ Hourly emissions by scope", [
    'SELECT sum("value") FROM "emissions" WHERE ' + SITE + ' AND "level" = \'site\' AND "metric" =~ /^emissions\\.scope/ AND "window" = \'1h\' AND $timeFilter GROUP BY time(1h), "metric" fill(none)'],
        unit="kgCO2e", stack=True, aliases=["$tag_metric"])
b.panel("piechart", "按排放源 / By source", [
    'SELECT sum("value") FROM "emissions" WHERE ' + SITE + ' AND "level" = \'source\' AND "metric" = \'emissions\' AND "window" = \'1h\' AND $timeFilter GROUP BY "id"'],
        unit="kgCO2e", options=PIE, aliases=["$tag_id"])
b.panel("bargauge", "按重点用能单元 / By SEU", [
    'SELECT sum("value") FROM "emissions" WHERE ' + SITE + ' AND "level" = \'seu\' AND "metric" = \'emissions\' AND "window" = \'1h\' AND $timeFilter GROUP BY "id"'],
        unit="kgCO2e", options={"reduceOptions": {"calcs": ["sum"], "fields": "", "values": False},
                                "orientation": "horizontal", "displayMode": "gradient"},
        aliases=["$tag_id"])
b.panel("table", "因子溯源 / Factor lineage", [
    'SELECT last("lineage") AS "lineage", sum("value") AS "kgCO2e" FROM "emissions" WHERE ' + SITE + ' AND "level" = \'source\' AND "metric" = \'emissions\' AND "window" = \'1h\' AND $timeFilter GROUP BY "id"'],
        fmt="table", options=TABLE,
        description="The emission factor versions and GWP set behind each source's emissions.")
b.write()

# --------------------------------------------------------------------------------------------
b = Board("carbonwatch-data-quality", "CarbonWatch · 数据质量 / Data quality",
          "Completeness and quality of the metered intervals (clause 6.1.6) and rejected messages.",
          [var_site()])
b.panel("timeseries", "每小时完整度（1 分钟片段数，满值 60）/ Hourly completeness (1-minute pieces, 60 = complete)", [
    'SELECT sum("pieces") FROM "activity" WHERE ' + SITE + ' AND "level" = \'meter\' AND "window" = \'1h\' AND $timeFilter GROUP BY time(1h), "id", "metric" fill(none)'],
        aliases=["$tag_id $tag_metric"], w=24)
b.panel("timeseries", "非良好区间（按计量器具）/ Intervals not good, by meter", [
    'SELECT count("value") FROM "activity" WHERE ' + SITE + ' AND "level" = \'meter\' AND "window" = \'1m\' AND "quality" != \'good\' AND $timeFilter GROUP BY time(15m), "id" fill(none)'],
        aliases=["$tag_id"], stack=True,
        description="1-minute intervals whose quality is estimated, suspect or incomplete (gaps, resets, frozen or non-good readings).")
b.panel("table", "质量标志 / Quality flags", [
    'SELECT count("value") AS "intervals", max("flags") AS "flags (bit mask)" FROM "activity" WHERE ' + SITE + ' AND "level" = \'meter\' AND "window" = \'1m\' AND "quality" != \'good\' AND $timeFilter GROUP BY "id", "metric"'],
        fmt="table", options=TABLE,
        description="Flags: 1 split, 2 rollover, 4 gap, 8 reset, 16 meter replaced, 32 partial, 64 frozen, 128 source quality, 256 backward.")
b.panel("timeseries", "死信（按字段）/ Dead letters by field", [
    'SELECT count("reason") FROM "dead_letters" WHERE ' + SITE + ' AND $timeFilter GROUP BY time(15m), "component", "field" fill(none)'],
        aliases=["$tag_component $tag_field"])
b.panel("table", "最近死信 / Recent dead letters", [
    'SELECT "component", "field", "reason", "topic" FROM "dead_letters" WHERE ' + SITE + ' AND $timeFilter ORDER BY time DESC LIMIT 50'],
        fmt="table", options=TABLE)
b.write()

# --------------------------------------------------------------------------------------------
b = Board("carbonwatch-edge-health", "CarbonWatch · 边缘采集健康 / Edge-agent health",
          "What the stream job saw of each edge agent's meters: data arriving, last data, timeouts. The agent's own metrics (queue depth, poll latency) are on its Prometheus endpoint, see docs/grafana.md.",
          [var_site()])
b.panel("timeseries", "每 15 分钟收到的 1 分钟片段（按计量器具）/ 1-minute pieces per 15 min, by meter", [
    'SELECT sum("pieces") FROM "activity" WHERE ' + SITE + ' AND "level" = \'meter\' AND "window" = \'15m\' AND $timeFilter GROUP BY time(15m), "id" fill(0)'],
        aliases=["$tag_id"], w=24,
        description="15 per series when every minute of the 15 had data; lower means the agent or meter was silent.")
b.panel("table", "最后数据 / Last data per meter", [
    'SELECT last("value") AS "last value", last("quality") AS "quality" FROM "activity" WHERE ' + SITE + ' AND "level" = \'meter\' AND "window" = \'1m\' AND $timeFilter GROUP BY "id", "metric", "unit"'],
        fmt="table", options=TABLE,
        description="The time column is the start of the newest 1-minute interval of each meter channel.")
b.panel("timeseries", "读数质量问题（超时、异常、冻结）/ Reading problems (timeouts, exceptions, frozen)", [
    'SELECT count("value") FROM "activity" WHERE ' + SITE + ' AND "level" = \'meter\' AND "window" = \'1m\' AND ("quality" = \'suspect\' OR "quality" = \'incomplete\') AND $timeFilter GROUP BY time(15m), "id" fill(none)'],
        aliases=["$tag_id"], stack=True)
b.panel("timeseries", "边缘代理死信 / Edge-agent dead letters", [
    'SELECT count("reason") FROM "dead_letters" WHERE ' + SITE + ' AND $timeFilter GROUP BY time(15m), "component" fill(none)'],
        aliases=["$tag_component"])
b.write()
