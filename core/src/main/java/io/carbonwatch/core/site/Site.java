package io.carbonwatch.core.site;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One site (厂区) of the organisation. Ids of meters, virtual meters, sources, variables, SEUs,
 * parameters, baselines and rules are unique within the site (one namespace), so a target id names
 * exactly one thing.
 *
 * @param timeZone IANA zone for days and months (e.g. Asia/Shanghai)
 * @param gridRegion grid region of the site (e.g. east_china), used to check the grid factor
 * @param province province (e.g. Shanghai), may be null
 * @param collectionPlan explicit data collection plan entries beyond the meters (see {@link
 *     #dataCollectionPlan()})
 */
public record Site(
    String id,
    Names name,
    ZoneId timeZone,
    String gridRegion,
    String province,
    List<EdgeAgent> agents,
    List<Meter> meters,
    List<VirtualMeter> virtualMeters,
    List<CarbonSource> sources,
    List<RelevantVariable> relevantVariables,
    List<Seu> seus,
    List<PerformanceParameter> parameters,
    List<Baseline> baselines,
    List<DeviationRule> deviationRules,
    List<CollectionPlanEntry> collectionPlan) {
  public Site {
    Checks.id("site.id", id);
    Checks.required("site.name", name);
    Checks.required("site.timeZone", timeZone);
    Checks.required("site.gridRegion", gridRegion);
    agents = Checks.list(agents);
    meters = Checks.list(meters);
    virtualMeters = Checks.list(virtualMeters);
    sources = Checks.list(sources);
    relevantVariables = Checks.list(relevantVariables);
    seus = Checks.list(seus);
    parameters = Checks.list(parameters);
    baselines = Checks.list(baselines);
    deviationRules = Checks.list(deviationRules);
    collectionPlan = Checks.list(collectionPlan);
  }

  public Optional<EdgeAgent> agent(String agentId) {
    return agents.stream().filter(a -> a.id().equals(agentId)).findFirst();
  }

  public Optional<Meter> meter(String meterId) {
    return meters.stream().filter(m -> m.id().equals(meterId)).findFirst();
  }

  public Optional<VirtualMeter> virtualMeter(String id) {
    return virtualMeters.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  public Optional<CarbonSource> source(String id) {
    return sources.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public Optional<RelevantVariable> relevantVariable(String id) {
    return relevantVariables.stream().filter(v -> v.id().equals(id)).findFirst();
  }

  public Optional<Seu> seu(String id) {
    return seus.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public Optional<Baseline> baseline(String id) {
    return baselines.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  public Optional<DeviationRule> deviationRule(String id) {
    return deviationRules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** Meters read by the given agent (Modbus and MQTT). */
  public List<Meter> metersOf(String agentId) {
    return meters.stream().filter(m -> agentId.equals(m.read().agent())).toList();
  }

  /** What an id names in this site (the site itself, an SEU, a meter, …). */
  public Optional<TargetKind> kindOf(String targetId) {
    if (id.equals(targetId)) return Optional.of(TargetKind.SITE);
    if (seu(targetId).isPresent()) return Optional.of(TargetKind.SEU);
    if (meter(targetId).isPresent()) return Optional.of(TargetKind.METER);
    if (virtualMeter(targetId).isPresent()) return Optional.of(TargetKind.VIRTUAL_METER);
    if (source(targetId).isPresent()) return Optional.of(TargetKind.SOURCE);
    if (relevantVariable(targetId).isPresent()) return Optional.of(TargetKind.VARIABLE);
    if (parameters.stream().anyMatch(p -> p.id().equals(targetId))) {
      return Optional.of(TargetKind.PARAMETER);
    }
    return Optional.empty();
  }

  /**
   * The data collection plan (6.1.6): one row per meter channel (method = the meter's protocol,
   * frequency = its poll interval), followed by the explicit entries.
   */
  public List<CollectionPlanEntry> dataCollectionPlan() {
    List<CollectionPlanEntry> rows = new ArrayList<>();
    for (Meter m : meters) {
      for (Channel c : m.channels()) {
        rows.add(
            new CollectionPlanEntry(
                m.id() + "." + c.id() + " (" + c.quantity() + ", " + c.unit() + ")",
                m.read().protocol(),
                m.id(),
                m.pollInterval(),
                null,
                null));
      }
    }
    rows.addAll(collectionPlan);
    return List.copyOf(rows);
  }
}
