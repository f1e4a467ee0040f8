package io.carbonwatch.core.factors;

import io.carbonwatch.core.site.MeteringLevel;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * GB 17167 metering requirements as loaded from the data file: level names, required equipping
 * rates and minimum accuracy classes.
 */
public record MeteringRequirements(
    String standard,
    Map<MeteringLevel, Map<String, String>> levelNames,
    List<EquippingRate> equippingRates,
    List<AccuracyRequirement> accuracyClasses,
    String fileAtVersion) {

  public MeteringRequirements {
    Objects.requireNonNull(standard, "standard");
    levelNames = Map.copyOf(levelNames);
    equippingRates = List.copyOf(equippingRates);
    accuracyClasses = List.copyOf(accuracyClasses);
    Objects.requireNonNull(fileAtVersion, "fileAtVersion");
  }

  /** The required rate, or empty when the standard sets none for that energy and level. */
  public Optional<EquippingRate> equippingRate(String energy, MeteringLevel level) {
    return equippingRates.stream()
        .filter(r -> r.energy().equals(energy) && r.level() == level)
        .findFirst();
  }

  /**
   * Accuracy classes the standard's table mentions, e.g. {@code 0.2S}, {@code 0.5S}, {@code 1.0}.
   */
  public Set<String> knownAccuracyClasses() {
    Set<String> out = new TreeSet<>();
    accuracyClasses.forEach(a -> out.add(a.accuracyClass()));
    return out;
  }

  public List<AccuracyRequirement> accuracyRequirements(String instrument) {
    return accuracyClasses.stream().filter(a -> a.instrument().equals(instrument)).toList();
  }
}
