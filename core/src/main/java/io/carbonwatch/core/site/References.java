package io.carbonwatch.core.site;

import java.util.Map;
import java.util.Set;

/**
 * External catalogues the loader checks references against. A null set means "not checked" (the
 * library is not available to the caller).
 *
 * @param deviceProfiles shipped device profile ids (e.g. {@code eastron-sdm630})
 * @param profileChannels channels each profile provides (profile id → channel ids); null =
 *     unchecked
 * @param factorIds factor ids and factor-set ids of the factor library
 * @param fuels fuel ids with combustion factors (e.g. {@code natural_gas})
 * @param gases gases and refrigerant blends with a GWP (e.g. {@code HFC-134a}, {@code R-410A})
 */
public record References(
    Set<String> deviceProfiles,
    Map<String, Set<String>> profileChannels,
    Set<String> factorIds,
    Set<String> fuels,
    Set<String> gases) {
  /** Checks nothing external. */
  public static References none() {
    return new References(null, null, null, null, null);
  }

  public References {
    deviceProfiles = deviceProfiles == null ? null : Set.copyOf(deviceProfiles);
    profileChannels = profileChannels == null ? null : Map.copyOf(profileChannels);
    factorIds = factorIds == null ? null : Set.copyOf(factorIds);
    fuels = fuels == null ? null : Set.copyOf(fuels);
    gases = gases == null ? null : Set.copyOf(gases);
  }
}
