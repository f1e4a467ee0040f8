package io.carbonwatch.core.site;

import java.util.List;

/**
 * A significant energy use (主要能源使用, 6.1.2 b) with the meters and carbon sources it comprises, its
 * relevant variables and the person responsible for it.
 */
public record Seu(
    String id,
    Names name,
    List<String> meters,
    List<String> sources,
    List<String> relevantVariables,
    String responsible) {
  public Seu {
    Checks.id("seu.id", id);
    Checks.required("seu.name", name);
    meters = Checks.list(meters);
    sources = Checks.list(sources);
    relevantVariables = Checks.list(relevantVariables);
    if (meters.isEmpty() && sources.isEmpty()) {
      throw new IllegalArgumentException("seu: expected at least one of meters, sources");
    }
  }
}
