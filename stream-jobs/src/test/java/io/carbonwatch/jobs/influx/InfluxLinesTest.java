package io.carbonwatch.jobs.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.counters.IntervalFlag;
import io.carbonwatch.core.wire.DeadLetter;
import io.carbonwatch.jobs.model.Level;
import io.carbonwatch.jobs.model.Rejection;
import io.carbonwatch.jobs.model.SeriesAmount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The direct series writer says exactly what influxdb-java's {@code Point} would say; dead letters
 * carry a low-cardinality field tag.
 */
class InfluxLinesTest {

  /** A parsed line: measurement, tags, fields (numbers as Double or Long, strings) and time. */
  record Line(
      String measurement, Map<String, String> tags, Map<String, Object> fields, long time) {}

  /** Splits on {@code sep} outside quotes and not escaped. */
  private static List<String> split(String text, char sep) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        cur.append(c).append(text.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        cur.append(c);
      } else if (c == sep && !quoted) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c == '\\' && i + 1 < s.length() ? s.charAt(++i) : c);
    }
    return b.toString();
  }

  static Line parse(String line) {
    List<String> sections = split(line, ' ');
    assertThat(sections).as(line).hasSize(3);
    List<String> head = split(sections.get(0), ',');
    Map<String, String> tags = new TreeMap<>();
    for (String t : head.subList(1, head.size())) {
      List<String> kv = split(t, '=');
      tags.put(unescape(kv.get(0)), unescape(kv.get(1)));
    }
    Map<String, Object> fields = new TreeMap<>();
    for (String f : split(sections.get(1), ',')) {
      int eq = f.indexOf('=');
      String key = f.substring(0, eq);
      String v = f.substring(eq + 1);
      Object value;
      if (v.startsWith("\"")) {
        value = unescape(v.substring(1, v.length() - 1));
      } else if (v.endsWith("i")) {
        value = Long.parseLong(v.substring(0, v.length() - 1));
      } else {
        value = Double.parseDouble(v);
      }
      fields.put(key, value);
    }
    return new Line(unescape(head.get(0)), tags, fields, Long.parseLong(sections.get(2)));
  }

  private static SeriesAmount series(
      Level level, String id, String metric, double amount, double[] gas, String lineage) {
    return new SeriesAmount(
        SeriesAmount.keyOf("sh plant,1", level, id, metric),
        "sh plant,1",
        "Asia/Shanghai",
        level,
        id,
        metric,
        gas == null ? "kWh" : "kgCO2e",
        "15m",
        1_764_000_000_000L,
        1_764_000_900_000L,
        amount,
        gas,
        IntervalFlag.SOURCE_QUALITY.bit() | IntervalFlag.GAP.bit(),
        lineage,
        14);
  }

  @Test
  void writesTheSameActivityLineAsPoint() {
    for (double amount : new double[] {0.0, 2.0, 1234.5678, 1.0e-7, 3.2e12, -0.25}) {
      SeriesAmount s = series(Level.METER, "M=AIR 1", "energy_import", amount, null, null);
      assertThat(parse(InfluxLines.series(s))).isEqualTo(parse(InfluxLines.seriesViaPoint(s)));
    }
  }

  @Test
  void writesTheSameEmissionLineAsPointWithEveryGasAndTheLineage() {
    double[] gas = {1.5, 2.0e-9, 0.0, 3.25, 1.0e15, 0.125, 7.0};
    SeriesAmount s =
        series(Level.SEU, "SEU-AIR", "emissions", 12.5, gas, "cn-grid:east:2023 \"v2\"|AR5\\x");
    Line direct = parse(InfluxLines.series(s));
    assertThat(direct).isEqualTo(parse(InfluxLines.seriesViaPoint(s)));
    assertThat(direct.fields()).containsKeys("co2_co2e_kg", "nf3_co2e_kg", "lineage", "quality");
    assertThat(direct.tags()).containsEntry("site", "sh plant,1");
  }

  @Test
  void leavesOutNonFiniteValuesLikePoint() {
    SeriesAmount s =
        series(Level.VARIABLE, "RV-HDD", "heating_degree_days", Double.NaN, null, null);
    Line direct = parse(InfluxLines.series(s));
    assertThat(direct).isEqualTo(parse(InfluxLines.seriesViaPoint(s)));
    assertThat(direct.fields()).doesNotContainKey("value");
  }

  @Test
  void seriesLinesWritesTheSameLinesWithItsTagsKeptPerSeriesAndWindow() {
    SeriesLines lines = new SeriesLines();
    double[] gas = {1.5, 2.0e-9, 0.0, 3.25, 1.0e15, 0.125, 7.0};
    SeriesAmount activity = series(Level.METER, "M=AIR 1", "energy_import", 2.0, null, null);
    SeriesAmount emissions = series(Level.SEU, "SEU-AIR", "emissions", 12.5, gas, "grid;AR6");
    for (SeriesAmount s :
        List.of(
            activity,
            emissions,
            activity.withAmounts(3.0, null, 15),
            activity.withPeriod("1h", 1_764_000_000_000L, 1_764_003_600_000L),
            activity.withPeriod("1mo", 1_764_000_000_000L, 1_766_592_000_000L),
            emissions.withAmounts(13.0, gas, 16))) {
      assertThat(lines.map(s)).isEqualTo(InfluxLines.series(s));
    }
  }

  @Test
  void writesAParameterAtItsWindowStartWithBothSidesAndLeavesOutAnUndefinedIntensity() {
    var p =
        new io.carbonwatch.jobs.model.ParameterPoint(
            "sh-plant",
            "P-SITE-INTENSITY",
            "intensity",
            "sh-plant",
            "RV-PROD",
            "kgCO2e/pcs",
            "1d",
            1_700_000_000_000L,
            1_700_086_400_000L,
            4.2,
            4_200.0,
            1_000.0,
            0,
            true);
    assertThat(InfluxLines.parameter(p))
        .isEqualTo(
            "parameters,kind=intensity,parameter=P-SITE-INTENSITY,per=RV-PROD,site=sh-plant,"
                + "target=sh-plant,unit=kgCO2e/pcs,window=1d corrected=true,denominator=1000.0,"
                + "flags=0i,numerator=4200.0,quality=\"good\",value=4.2 1700000000000000000");
    var none =
        new io.carbonwatch.jobs.model.ParameterPoint(
            "sh-plant",
            "P-SITE-INTENSITY",
            "intensity",
            "sh-plant",
            "RV-PROD",
            "kgCO2e/pcs",
            "1d",
            1_700_000_000_000L,
            1_700_086_400_000L,
            Double.NaN,
            300.0,
            0.0,
            0,
            false);
    assertThat(InfluxLines.parameter(none)).doesNotContain("value=").contains("denominator=0.0");
  }

  private static Rejection rejection(String reason, String field, String time, String payload) {
    return new Rejection(
        new DeadLetter(
            "sh-plant",
            "stream-job",
            reason,
            "cw/v1/sh-plant/readings/edge-1",
            payload,
            Instant.parse(time)),
        field);
  }

  @Test
  void aDeadLetterIsTaggedWithItsFieldAndKeepsTheWholeReasonAsAField() {
    String reason =
        "batch cw/v1/sh-plant/readings/edge-1 element 3: values[0].unit: expected a string, got"
            + " number 42";
    Line l =
        parse(
            InfluxLines.deadLetter(
                rejection(reason, "values[].unit", "2026-11-24T01:02:03.456Z", "x".repeat(5000))));
    assertThat(l.measurement()).isEqualTo("dead_letters");
    assertThat(l.tags())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("site", "sh-plant", "component", "stream-job", "field", "values[].unit"));
    assertThat(l.fields().get("reason")).isEqualTo(reason);
    assertThat(l.fields().get("topic")).isEqualTo("cw/v1/sh-plant/readings/edge-1");
    assertThat((String) l.fields().get("payload")).hasSize(4096);
    // Within the millisecond the job received it; the hash only fills the sub-millisecond digits.
    long ns = Instant.parse("2026-11-24T01:02:03.456Z").toEpochMilli() * 1_000_000L;
    assertThat(l.time()).isBetween(ns, ns + 999_999);
  }

  @Test
  void aRedeliveredDeadLetterIsANewPointAndTwoInOneMillisecondStayApart() {
    String reason = "malformed JSON at character 2: Unexpected character";
    Line first =
        parse(InfluxLines.deadLetter(rejection(reason, "message", "2026-11-24T01:00:00Z", "{x")));
    Line again =
        parse(InfluxLines.deadLetter(rejection(reason, "message", "2026-11-24T01:00:05Z", "{x")));
    Line other =
        parse(InfluxLines.deadLetter(rejection(reason, "message", "2026-11-24T01:00:00Z", "{y")));
    // Received again later (a redelivery, a replay after a restart): a second point, by design.
    assertThat(again.time() - first.time()).isEqualTo(5_000_000_000L);
    // Two different messages rejected in the same millisecond do not overwrite each other.
    assertThat(other.time()).isNotEqualTo(first.time());
  }

  @Test
  void theFieldTagTakesOnlyTheDocumentedValues() {
    assertThat(Rejection.fieldOfPath("values[12].unit")).isEqualTo("values[].unit");
    assertThat(Rejection.fieldOfPath("values[3]")).isEqualTo("values[]");
    assertThat(Rejection.fieldOfPath("values[3].anything")).isEqualTo("values[]");
    assertThat(Rejection.fieldOfPath("")).isEqualTo("message");
    assertThat(Rejection.fieldOfPath("whatever")).isEqualTo("message");
    assertThat(Rejection.fieldOfReason("malformed JSON at character 7: Unexpected character ('x')"))
        .isEqualTo("message");
    assertThat(Rejection.fieldOfReason("site: 'x' is not in the site model")).isEqualTo("site");
    assertThat(Rejection.fieldOfReason("expected a reading object")).isEqualTo("message");
    assertThatThrownBy(() -> rejection("r", "values[3].unit", "2026-11-24T01:00:00Z", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Rejection.FIELDS)
        .containsExactlyInAnyOrder(
            "message",
            "topic",
            "batch",
            "v",
            "site",
            "agent",
            "meter",
            "seq",
            "time",
            "values",
            "values[]",
            "values[].channel",
            "values[].value",
            "values[].unit",
            "values[].quality",
            "values[].exceptionCode");
  }
}
