package io.carbonwatch.core.emissions;

import java.util.Collection;
import java.util.Objects;

/**
 * Totals of a period: scope 1, scope 2 under one method, gross, removals, offsets and net = gross −
 * removals − offsets (negative when removals and offsets exceed emissions).
 */
public record CarbonBalance(
    Scope2Method scope2Method,
    double scope1Tco2e,
    double scope2Tco2e,
    double grossTco2e,
    double removalsTco2e,
    double offsetsTco2e,
    double netTco2e) {

  public CarbonBalance {
    Objects.requireNonNull(scope2Method, "scope2Method");
  }

  /**
   * Sums {@code emissions}, counting only the electricity results of {@code method} (a list may
   * hold both location- and market-based results of the same consumption).
   */
  public static CarbonBalance of(
      Collection<EmissionResult> emissions,
      Collection<Removal> removals,
      Collection<Offset> offsets,
      Scope2Method method) {
    double s1 = 0;
    double s2 = 0;
    for (EmissionResult r : emissions) {
      if (!r.category().countsIn(method)) {
        continue;
      }
      if (r.scope() == Scope.SCOPE_1) {
        s1 += r.tco2e();
      } else {
        s2 += r.tco2e();
      }
    }
    double removed = removals.stream().mapToDouble(Removal::removedTco2e).sum();
    double offset = offsets.stream().mapToDouble(Offset::tco2e).sum();
    double gross = s1 + s2;
    return new CarbonBalance(method, s1, s2, gross, removed, offset, gross - removed - offset);
  }
}
