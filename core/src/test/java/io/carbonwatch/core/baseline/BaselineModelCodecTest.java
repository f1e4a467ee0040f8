package io.carbonwatch.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineModelCodecTest {

  private final BaselineModelCodec codec = new BaselineModelCodec();

  @Test
  void regressionModelRoundTripsThroughJsonAndPredictsTheSame() {
    BaselineModel m =
        BaselineFitter.regression(
            BaselineFixtures.spec(Granularity.MONTHLY, true, "production", "hdd"),
            BaselineFixtures.months(24, 400));
    String json = codec.toJson(m);
    assertThat(json)
        .contains("\"basePeriodStart\":\"2025-01-01T00:00:00Z\"")
        .contains("\"kind\":\"REGRESSION\"")
        .contains("\"granularity\":\"monthly\"")
        .doesNotContain("NaN");
    BaselineModel back = codec.fromJson(json);
    assertThat(back).usingRecursiveComparison().isEqualTo(m);
    Map<String, Double> x = Map.of("production", 320.0, "hdd", 80.0);
    assertThat(back.predict(x)).usingRecursiveComparison().isEqualTo(m.predict(x));
  }

  @Test
  void absoluteModelOmitsUndefinedStatistics() {
    BaselineModel m =
        BaselineFitter.absolute(
            BaselineFixtures.spec(Granularity.MONTHLY, true), BaselineFixtures.months(12, 400));
    String json = codec.toJson(m);
    assertThat(json).doesNotContain("\"r2\"").doesNotContain("unscaledCovariance");
    assertThat(codec.fromJson(json)).usingRecursiveComparison().isEqualTo(m);
  }

  @Test
  void unknownFieldAndBadInstantAreRejectedByName() {
    BaselineModel m =
        BaselineFitter.absolute(
            BaselineFixtures.spec(Granularity.MONTHLY, true), BaselineFixtures.months(12, 400));
    String json = codec.toJson(m);
    assertThatThrownBy(() -> codec.fromJson(json.replace("\"reason\"", "\"reasn\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reasn");
    assertThatThrownBy(() -> codec.fromJson(json.replace("2025-01-01T00:00:00Z", "yesterday")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISO-8601");
  }

  @Test
  void inconsistentModelIsRejectedAtLoad() {
    BaselineModel m =
        BaselineFitter.regression(
            BaselineFixtures.spec(Granularity.MONTHLY, true, "production", "hdd"),
            BaselineFixtures.months(24, 400));
    String json =
        codec
            .toJson(m)
            .replaceFirst("\"unscaledCovariance\":\\[\\[[^\\]]*\\],", "\"unscaledCovariance\":[");
    assertThatThrownBy(() -> codec.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unscaledCovariance");
  }
}
