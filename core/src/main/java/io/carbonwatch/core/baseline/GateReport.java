package io.carbonwatch.core.baseline;

import java.util.List;

/**
 * All gate results for one model.
 *
 * @param results one result per gate, in gate order
 */
public record GateReport(List<GateResult> results) {
  public GateReport {
    results = List.copyOf(results);
  }

  /** True when no applicable gate failed and at least one gate applied. */
  public boolean valid() {
    return results.stream().noneMatch(r -> r.status() == GateResult.Status.FAIL)
        && results.stream().anyMatch(r -> r.status() == GateResult.Status.PASS);
  }

  public List<GateResult> failures() {
    return results.stream().filter(r -> r.status() == GateResult.Status.FAIL).toList();
  }

  public GateResult result(String gateId) {
    return results.stream()
        .filter(r -> r.gate().id().equals(gateId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("gateId: no gate '" + gateId + "'"));
  }
}
