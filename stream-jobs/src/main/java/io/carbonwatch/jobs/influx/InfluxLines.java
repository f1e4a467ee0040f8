package io.carbonwatch.jobs.influx;

import io.carbonwatch.core.counters.IntervalFlag;
import io.carbonwatch.core.factors.GasGroup;
import io.carbonwatch.core.wire.AlertEvent;
import io.carbonwatch.core.wire.DeadLetter;
import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.ParameterPoint;
import io.carbonwatch.jobs.model.PerformancePoint;
import io.carbonwatch.jobs.model.Rejection;
import io.carbonwatch.jobs.model.SeriesAmount;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * InfluxDB line protocol of everything the job stores; {@code docs/influxdb-schema.md} is the
 * reference. Timestamps are nanoseconds. A window's point sits at the window start, so a corrected
 * window overwrites its earlier point (same measurement, tags and time).
 */
public final class InfluxLines {
  private static final GasGroup[] GROUPS = GasGroup.values();

  private InfluxLines() {}

  private static long ns(long epochMs) {
    return epochMs * 1_000_000L;
  }

  public static String measurementOf(SeriesAmount s) {
    if (s.level() == Level.VARIABLE) {
      return "variables";
    }
    return s.isEmissions() ? "emissions" : "activity";
  }

  /** Field names of the gas groups, and the order in which all emission fields are written. */
  private static final String[] GAS_FIELDS = new String[GROUPS.length];

  static {
    for (GasGroup g : GROUPS) {
      GAS_FIELDS[g.ordinal()] = g.name().toLowerCase(java.util.Locale.ROOT) + "_co2e_kg";
    }
  }

  /**
   * One line per window total, written directly: this runs for every total of every series, and
   * {@code Point}'s tag and field maps, escaping and {@code DecimalFormat} cost more than the
   * window itself. Same measurement, tags, fields and timestamp as {@link #seriesViaPoint} (tags
   * and fields in key order, as {@code Point} writes them; {@code InfluxLinesTest} compares the
   * two).
   */
  public static String series(SeriesAmount s) {
    return series(s, seriesPrefix(s));
  }

  /**
   * The measurement and tags of {@code s}'s line: the same for every total of one series and window
   * size, so {@link SeriesLines} keeps them instead of escaping them again per total.
   */
  public static String seriesPrefix(SeriesAmount s) {
    StringBuilder b = new StringBuilder(160);
    b.append(measurementOf(s));
    tag(b, "id", s.id());
    tag(b, "level", s.level().tag());
    tag(b, "metric", s.metric());
    tag(b, "site", s.site());
    tag(b, "unit", s.unit());
    tag(b, "window", s.window());
    return b.toString();
  }

  /** {@link #series(SeriesAmount)} with its {@link #seriesPrefix} already made. */
  public static String series(SeriesAmount s, String prefix) {
    StringBuilder b = new StringBuilder(prefix.length() + (s.isEmissions() ? 300 : 80));
    b.append(prefix);
    char sep = ' ';
    if (s.isEmissions()) {
      double[] gas = s.gasCo2eKg();
      // Key order: ch4, co2, flags, hfcs, lineage, n2o, nf3, pfcs, pieces, quality, sf6, value.
      sep = gasField(b, sep, GasGroup.CH4, gas);
      sep = gasField(b, sep, GasGroup.CO2, gas);
      sep = longField(b, sep, "flags", s.qualityMask());
      sep = gasField(b, sep, GasGroup.HFCS, gas);
      if (s.lineage() != null) {
        b.append(sep).append("lineage=");
        quoted(b, s.lineage());
        sep = ',';
      }
      sep = gasField(b, sep, GasGroup.N2O, gas);
      sep = gasField(b, sep, GasGroup.NF3, gas);
      sep = gasField(b, sep, GasGroup.PFCS, gas);
      sep = longField(b, sep, "pieces", s.pieces());
      b.append(sep).append("quality=");
      quoted(b, IntervalFlag.qualityOf(s.qualityMask()).code());
      sep = gasField(b, sep, GasGroup.SF6, gas);
    } else {
      sep = longField(b, sep, "flags", s.qualityMask());
      sep = longField(b, sep, "pieces", s.pieces());
      b.append(sep).append("quality=");
      quoted(b, IntervalFlag.qualityOf(s.qualityMask()).code());
    }
    doubleField(b, ',', "value", s.amount());
    b.append(' ').append(ns(s.startEpochMs()));
    return b.toString();
  }

  private static char gasField(StringBuilder b, char sep, GasGroup g, double[] gas) {
    return doubleField(b, sep, GAS_FIELDS[g.ordinal()], gas[g.ordinal()]);
  }

  private static char longField(StringBuilder b, char sep, String name, long value) {
    b.append(sep).append(name).append('=').append(value).append('i');
    return ',';
  }

  /** Non-finite values are left out, as {@code Point} does. */
  private static char doubleField(StringBuilder b, char sep, String name, double value) {
    if (!Double.isFinite(value)) {
      return sep;
    }
    b.append(sep).append(name).append('=');
    if (value == 0) {
      // Most gas groups of a source are zero: skip the float formatter for them.
      b.append(Double.doubleToRawLongBits(value) == 0 ? "0.0" : "-0.0");
      return ',';
    }
    String text = Double.toString(value);
    if (text.indexOf('E') >= 0) {
      // Line protocol floats in plain notation, like Point's formatter.
      text = java.math.BigDecimal.valueOf(value).toPlainString();
    }
    b.append(text);
    return ',';
  }

  private static void tag(StringBuilder b, String key, String value) {
    b.append(',').append(key).append('=');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == ',' || c == '=') {
        b.append('\\');
      }
      b.append(c);
    }
  }

  private static void quoted(StringBuilder b, String value) {
    b.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    b.append('"');
  }

  /**
   * The same line through influxdb-java's {@code Point}: the reference the direct writer matches.
   */
  static String seriesViaPoint(SeriesAmount s) {
    Point.Builder b =
        Point.measurement(measurementOf(s))
            .time(ns(s.startEpochMs()), TimeUnit.NANOSECONDS)
            .tag("site", s.site())
            .tag("level", s.level().tag())
            .tag("id", s.id())
            .tag("metric", s.metric())
            .tag("window", s.window())
            .tag("unit", s.unit())
            .addField("value", s.amount())
            .addField("pieces", s.pieces())
            .addField("quality", IntervalFlag.qualityOf(s.qualityMask()).code())
            .addField("flags", s.qualityMask());
    if (s.isEmissions()) {
      for (GasGroup g : GROUPS) {
        b.addField(GAS_FIELDS[g.ordinal()], s.gasCo2eKg()[g.ordinal()]);
      }
      if (s.lineage() != null) {
        b.addField("lineage", s.lineage());
      }
    }
    return b.build().lineProtocol();
  }

  public static String performance(PerformancePoint p) {
    Point.Builder b =
        Point.measurement("performance")
            .time(ns(p.startEpochMs()), TimeUnit.NANOSECONDS)
            .tag("site", p.site())
            .tag("baseline", p.baseline())
            .tag("target", p.target())
            .tag("measure", p.measure())
            .tag("window", p.window())
            .tag("unit", p.unit())
            .addField("actual", p.actual())
            .addField("cusum", p.cusum())
            .addField("coverage", p.coverage())
            .addField("judged", p.judged())
            .addField("corrected", p.corrected());
    if (!Double.isNaN(p.expected())) {
      b.addField("expected", p.expected()).addField("deviation", p.deviation());
    }
    if (!Double.isNaN(p.deviationPercent())) {
      b.addField("deviation_pct", p.deviationPercent());
    }
    return b.build().lineProtocol();
  }

  /**
   * A performance parameter's window value at the window start, so a corrected window overwrites
   * it. {@code value} is left out when an intensity's denominator is zero.
   */
  public static String parameter(ParameterPoint p) {
    Point.Builder b =
        Point.measurement("parameters")
            .time(ns(p.startEpochMs()), TimeUnit.NANOSECONDS)
            .tag("site", p.site())
            .tag("parameter", p.parameter())
            .tag("kind", p.kind())
            .tag("target", p.target())
            .tag("window", p.window())
            .tag("unit", p.unit())
            .addField("numerator", p.numerator())
            .addField("flags", p.qualityMask())
            .addField("quality", IntervalFlag.qualityOf(p.qualityMask()).code())
            .addField("corrected", p.corrected());
    if (p.per() != null) {
      b.tag("per", p.per());
    }
    if (!Double.isNaN(p.value())) {
      b.addField("value", p.value());
    }
    if (!Double.isNaN(p.denominator())) {
      b.addField("denominator", p.denominator());
    }
    return b.build().lineProtocol();
  }

  public static String alert(AlertEvent a) {
    Point.Builder b =
        Point.measurement("alerts")
            // One point per (alertId, eventSeq): the event sequence breaks timestamp ties.
            .time(ns(a.time().toEpochMilli()) + a.eventSeq(), TimeUnit.NANOSECONDS)
            .tag("site", a.site())
            .tag("rule", a.rule())
            .tag("target", a.target())
            .tag("event", a.event().wire())
            .tag("severity", a.severity().wire())
            .addField("alert_id", a.alertId())
            .addField("event_seq", a.eventSeq())
            .addField("window_start", a.windowStart().toString())
            .addField("window_end", a.windowEnd().toString())
            .addField("expected", a.expected())
            .addField("actual", a.actual())
            .addField("deviation", a.deviation())
            .addField("consecutive_windows", a.consecutiveWindows())
            .addField("unit", a.unit())
            .addField("message_zh", a.message().zhCn())
            .addField("message_en", a.message().en());
    if (a.deviationPercent() != null) {
      b.addField("deviation_pct", a.deviationPercent());
    }
    return b.build().lineProtocol();
  }

  /**
   * One point per rejected message at the time the job received (parser) or rejected (model checks)
   * it. Not an upsert: a redelivered or replayed message is received again, later, and shows as a
   * second point — acceptable for a log of rejections, and what keeps two rejections in the same
   * millisecond apart is the hash of topic and payload in the sub-millisecond digits.
   */
  public static String deadLetter(Rejection r) {
    DeadLetter d = r.letter();
    long tie = Math.floorMod((d.topic() + '\n' + d.payload()).hashCode(), 1_000_000);
    return Point.measurement("dead_letters")
        .time(ns(d.time().toEpochMilli()) + tie, TimeUnit.NANOSECONDS)
        .tag("site", d.site())
        .tag("component", d.component())
        .tag("field", r.field())
        .addField("reason", d.reason())
        .addField("topic", d.topic())
        .addField(
            "payload", d.payload().length() > 4096 ? d.payload().substring(0, 4096) : d.payload())
        .build()
        .lineProtocol();
  }
}
