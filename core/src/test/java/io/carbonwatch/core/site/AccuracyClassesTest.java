package io.carbonwatch.core.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.factors.AccuracyRequirement;
import io.carbonwatch.core.factors.FactorLibrary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The accepted class designations (site/accuracy-classes.yaml) and the GB 17167 minimum classes
 * (data/gb17167-2006.yaml) are kept in two files on purpose: one lists what instruments are sold
 * as, the other what the standard requires. The standard's numbers live only in the GB 17167 file;
 * this test keeps the two from drifting apart.
 */
class AccuracyClassesTest {

  /** Energy types of the site model each GB 17167 instrument row is about. */
  private static List<String> energyTypes(AccuracyRequirement r) {
    return switch (r.instrument()) {
      case "weighing_static", "weighing_dynamic" -> List.of("coal", "coke");
      case "electricity_meter_ac_active", "electricity_meter_dc" -> List.of("electricity");
      case "oil_flowmeter" ->
          List.of(
              Map.of("refined_oil", "refined_oil", "heavy_residual_oil", "heavy_oil")
                  .get(r.condition()));
      case "gas_flowmeter" -> List.of(r.condition());
      case "water_flowmeter" -> List.of("water");
      // not energy meters: the site model takes any class text for them
      case "temperature", "pressure" -> List.of();
      default -> throw new AssertionError("map GB 17167 instrument " + r.instrument());
    };
  }

  @Test
  void everyGb17167MinimumClassIsAnAcceptedDesignation() {
    AccuracyClasses accepted = AccuracyClasses.shipped();
    List<AccuracyRequirement> rows = FactorLibrary.loadBundled().metering().accuracyClasses();
    assertThat(rows).hasSizeGreaterThan(10);
    int checked = 0;
    for (AccuracyRequirement r : rows) {
      for (String type : energyTypes(r)) {
        assertThat(accepted.allowed(type))
            .as("%s (%s %s) has an accepted-class list", type, r.instrument(), r.condition())
            .isPresent();
        assertThat(accepted.accepts(type, r.accuracyClass()))
            .as(
                "GB 17167 class %s of %s %s accepted for %s",
                r.accuracyClass(), r.instrument(), r.condition(), type)
            .isTrue();
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(15);
  }

  @Test
  void wholeNumberClassesMatchWithOrWithoutDecimal() {
    AccuracyClasses accepted = AccuracyClasses.shipped();
    assertThat(accepted.accepts("electricity", "1.0")).isTrue();
    assertThat(accepted.accepts("electricity", "1")).isTrue();
    assertThat(accepted.accepts("electricity", "0.3")).isFalse();
    assertThat(accepted.accepts("production", "anything")).isTrue();
  }
}
