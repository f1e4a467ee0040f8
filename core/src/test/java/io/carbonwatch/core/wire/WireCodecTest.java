package io.carbonwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  private static final Instant T = Instant.parse("2026-11-24T02:00:05Z");

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String reading(String values) {
    return "{\"v\":1,\"site\":\"sh-plant\",\"agent\":\"edge-1\",\"meter\":\"M-AIR-1\",\"seq\":7,"
        + "\"time\":\"2026-11-24T02:00:05.000Z\",\"values\":["
        + values
        + "]}";
  }

  @Test
  void readingRoundTripsWithMillisecondInstants() {
    Reading r =
        new Reading(
            "sh-plant",
            "edge-1",
            "M-AIR-1",
            1042,
            T.plusMillis(7),
            List.of(
                ReadingValue.good("energy_import", 123456.7, "kWh"),
                ReadingValue.missing("power_active", "kW", Quality.TIMEOUT),
                ReadingValue.deviceException("power_q", "kvar", 2),
                new ReadingValue("t", -3.5, "°C", Quality.FROZEN, null)));
    byte[] json = WireCodec.encode(r);
    assertThat(WireCodec.text(json))
        .startsWith("{\"v\":1,\"site\":\"sh-plant\"")
        .contains("\"time\":\"2026-11-24T02:00:05.007Z\"")
        .contains(
            "{\"channel\":\"power_q\",\"value\":null,\"unit\":\"kvar\",\"quality\":\"device_exception\",\"exceptionCode\":2}");
    assertThat(WireCodec.decodeReading(json)).isEqualTo(r);
    assertThat(WireCodec.decodeReading(WireCodec.text(json))).isEqualTo(r);
  }

  @Test
  void badQualityNamesTheFieldAndTheAllowedValues() {
    String json =
        reading(
            "{\"channel\":\"a\",\"value\":1,\"unit\":\"kWh\",\"quality\":\"good\"},"
                + "{\"channel\":\"b\",\"value\":1,\"unit\":\"kWh\",\"quality\":\"good\"},"
                + "{\"channel\":\"c\",\"value\":1,\"unit\":\"kWh\",\"quality\":\"ok\"}");
    assertThatThrownBy(() -> WireCodec.decodeReading(b(json)))
        .isInstanceOf(WireFormatException.class)
        .hasMessage(
            "values[2].quality: expected one of good, timeout, device_exception, out_of_range,"
                + " frozen, estimated, calibration_overdue, calibration_failed, got \"ok\"")
        .extracting(e -> ((WireFormatException) e).path())
        .isEqualTo("values[2].quality");
  }

  @Test
  void valueMustBeNullExactlyWhenUnreadable() {
    assertThatThrownBy(
            () ->
                WireCodec.decodeReading(
                    reading(
                        "{\"channel\":\"a\",\"value\":5,\"unit\":\"kW\",\"quality\":\"timeout\"}")))
        .hasMessage("values[0].value: expected null with quality timeout");
    assertThatThrownBy(
            () ->
                WireCodec.decodeReading(
                    reading(
                        "{\"channel\":\"a\",\"value\":null,\"unit\":\"kW\",\"quality\":\"estimated\"}")))
        .hasMessage("values[0].value: required with quality estimated");
    assertThatThrownBy(
            () ->
                WireCodec.decodeReading(
                    reading(
                        "{\"channel\":\"a\",\"value\":null,\"unit\":\"kW\",\"quality\":\"timeout\",\"exceptionCode\":2}")))
        .hasMessage("values[0].exceptionCode: present exactly with device_exception");
  }

  @Test
  void exceptionCodeMustBeAnIntegerFrom1To255() {
    String base =
        "{\"channel\":\"a\",\"value\":null,\"unit\":\"kW\",\"quality\":\"device_exception\",\"exceptionCode\":";
    assertThat(WireCodec.decodeReading(reading(base + "11}")).values().get(0).exceptionCode())
        .isEqualTo(11);
    assertThatThrownBy(() -> WireCodec.decodeReading(reading(base + "300}")))
        .hasMessage("values[0].exceptionCode: expected an integer in 1..255, got the number 300");
    assertThatThrownBy(() -> WireCodec.decodeReading(reading(base + "2.5}")))
        .hasMessage("values[0].exceptionCode: expected an integer in 1..255, got the number 2.5");
    assertThatThrownBy(
            () ->
                WireCodec.decodeReading(
                    reading(
                        "{\"channel\":\"a\",\"value\":null,\"unit\":\"kW\",\"quality\":\"device_exception\"}")))
        .hasMessage("values[0].exceptionCode: present exactly with device_exception");
    assertThatThrownBy(
            () ->
                WireCodec.decodeReading(
                    reading("{\"channel\":\"a\",\"value\":1,\"quality\":\"good\"}")))
        .hasMessage("values[0].unit: missing required field");
  }

  @Test
  void structuralErrorsNameTheField() {
    String ok = "{\"channel\":\"a\",\"value\":1,\"unit\":\"kWh\",\"quality\":\"good\"}";
    assertThatThrownBy(() -> WireCodec.decodeReading(reading(ok).replace("\"seq\":7,", "")))
        .hasMessage("seq: missing required field");
    assertThatThrownBy(
            () -> WireCodec.decodeReading(reading(ok).replace("\"seq\":7", "\"seq\":\"7\"")))
        .hasMessage("seq: expected an integer, got the string \"7\"");
    assertThatThrownBy(() -> WireCodec.decodeReading(reading(ok).replace("\"seq\":7", "\"seq\":0")))
        .hasMessage("seq: expected an integer in 1..9223372036854775807, got 0");
    assertThatThrownBy(() -> WireCodec.decodeReading(reading(ok).replace("{\"v\":1", "{\"v\":2")))
        .hasMessage("v: expected 1, got the number 2");
    assertThatThrownBy(() -> WireCodec.decodeReading(reading(ok.replace("\"unit\"", "\"units\""))))
        .hasMessage(
            "values[0].units: unknown field, expected only channel, value, unit, quality, exceptionCode");
    assertThatThrownBy(
            () -> WireCodec.decodeReading(reading(ok).replace("\"seq\":7", "\"seq\":7,\"seq\":8")))
        .hasMessage("seq: duplicate field");
    assertThatThrownBy(() -> WireCodec.decodeReading(reading("")))
        .hasMessage("values: expected at least one value");
    assertThatThrownBy(() -> WireCodec.decodeReading(reading(ok).replace(".000Z", "")))
        .hasMessageStartingWith("time: expected an ISO-8601 UTC instant");
    assertThatThrownBy(() -> WireCodec.decodeReading(reading(ok).replace("M-AIR-1", "M/AIR")))
        .hasMessageStartingWith("meter: expected no '/', '+', '#'");
  }

  @Test
  void malformedJsonIsRejectedWithAPosition() {
    assertThatThrownBy(() -> WireCodec.decodeReading(b("{\"v\":1,")))
        .isInstanceOf(WireFormatException.class)
        .hasMessageStartingWith("malformed JSON");
    assertThatThrownBy(() -> WireCodec.decodeReading(b("[1]")))
        .hasMessage("expected a JSON object, got an array");
    assertThatThrownBy(
            () ->
                WireCodec.decodeReading(
                    reading("{\"channel\":\"a\",\"value\":1,\"unit\":\"kWh\",\"quality\":\"good\"}")
                        + " {}"))
        .hasMessageContaining("trailing content");
    assertThatThrownBy(() -> WireCodec.decodeReading((byte[]) null))
        .hasMessage("expected a JSON object, got no payload");
  }

  @Test
  void statusDeadLetterLiveAndAlertRoundTrip() {
    AgentStatus s =
        new AgentStatus(
            "sh-plant",
            "edge-1",
            AgentState.OFFLINE,
            "0.1.0",
            "sha256:ab",
            T,
            List.of("queue_full"));
    assertThat(WireCodec.decodeAgentStatus(WireCodec.encode(s))).isEqualTo(s);

    DeadLetter d =
        new DeadLetter("sh-plant", "stream-job", "seq: missing", "cw/v1/x", "x".repeat(70_000), T);
    assertThat(d.payload()).hasSize(DeadLetter.MAX_PAYLOAD_CHARS);
    assertThat(WireCodec.decodeDeadLetter(WireCodec.encode(d))).isEqualTo(d);

    LiveSample l = new LiveSample("sh-plant", "SEU-AIR", T, 182.4, 106.8, Quality.ESTIMATED);
    assertThat(WireCodec.decodeLiveSample(WireCodec.encode(l))).isEqualTo(l);

    AlertEvent a =
        new AlertEvent(
            AlertEventType.RAISED,
            "sh-plant/dev-air-energy/SEU-AIR/2026-11-24T01:00:00Z",
            1,
            "sh-plant",
            "dev-air-energy",
            "SEU-AIR",
            "seu",
            "energy",
            "kWh",
            AlertSeverity.MAJOR,
            T.minusSeconds(3605),
            T.minusSeconds(5),
            410.0,
            520.5,
            110.5,
            null,
            3,
            T,
            new Bilingual("压缩空气系统 能耗高于基准 26.9%", "Compressed air energy 26.9% above baseline"));
    assertThat(WireCodec.decodeAlertEvent(WireCodec.encode(a))).isEqualTo(a);
    assertThatThrownBy(
            () ->
                WireCodec.decodeAlertEvent(
                    b(WireCodec.text(WireCodec.encode(a)).replace("\"major\"", "\"high\""))))
        .hasMessage("severity: expected one of minor, major, critical, got \"high\"");
  }

  @Test
  void controlMessagesRoundTrip() {
    SiteModelControl sm =
        new SiteModelControl("sha256:" + "0".repeat(64), "{\"organisation\":{\"id\":\"x\"}}");
    assertThat(WireCodec.decodeSiteModelControl(WireCodec.encode(sm))).isEqualTo(sm);
    assertThatThrownBy(
            () ->
                WireCodec.decodeSiteModelControl(
                    b("{\"v\":1,\"version\":\"abc\",\"siteModel\":{}}")))
        .hasMessage("version: expected sha256:<64 hex digits>, got \"abc\"");

    BaselinesControl bc =
        new BaselinesControl(
            List.of(
                new ApprovedBaseline(
                    "BL-AIR",
                    2,
                    "SEU-AIR",
                    "energy",
                    "hour",
                    "kWh",
                    38.0,
                    Map.of("RV-PROD", 0.42),
                    6.5,
                    T,
                    "engineer",
                    "initial")));
    assertThat(WireCodec.decodeBaselinesControl(WireCodec.encode(bc))).isEqualTo(bc);

    InstrumentStatusControl ic =
        new InstrumentStatusControl(
            List.of(
                new InstrumentState("M-AIR-1", "qualified", "ok", LocalDate.of(2027, 3, 1)),
                new InstrumentState("M-PV", "conditional", "overdue", null)));
    assertThat(WireCodec.decodeInstrumentStatusControl(WireCodec.encode(ic))).isEqualTo(ic);
    assertThatThrownBy(
            () ->
                WireCodec.decodeInstrumentStatusControl(
                    b(
                        "{\"v\":1,\"instruments\":[{\"id\":\"a\",\"status\":\"合格\",\"calibration\":\"ok\"}]}")))
        .hasMessage(
            "instruments[0].status: expected one of qualified, conditional, disabled, got 合格");

    FactorsControl fc = new FactorsControl("2026.1", "{\"a\":[1,2]}");
    assertThat(WireCodec.decodeFactorsControl(WireCodec.encode(fc))).isEqualTo(fc);
  }

  @Test
  void instantsFormatWithExactlyThreeFractionDigits() {
    assertThat(Instants.format(Instant.parse("2026-01-02T03:04:05Z")))
        .isEqualTo("2026-01-02T03:04:05.000Z");
    assertThat(Instants.format(Instant.parse("1999-12-31T23:59:59.999999Z")))
        .isEqualTo("1999-12-31T23:59:59.999Z");
    assertThat(Instants.parseFast("2024-02-29T12:00:00.123Z"))
        .isEqualTo(Instant.parse("2024-02-29T12:00:00.123Z"));
    assertThat(Instants.parseFast("2023-02-29T12:00:00.123Z")).isNull();
  }
}
