package io.carbonwatch.edge;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.EdgeAgent;
import io.carbonwatch.core.site.Gateway;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.ModbusAcquisition;
import io.carbonwatch.core.site.MqttAcquisition;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.core.site.SiteModelJson;
import io.carbonwatch.edge.poll.DeviceProfiles;
import io.carbonwatch.edge.poll.DeviceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one agent does according to the site model: the devices to poll per gateway and the
 * MQTT-native meters to subscribe to. Built and validated once per (re)load; every problem is
 * collected and reported together, naming the meter and channel.
 */
public record AgentPlan(
    Site site,
    EdgeAgent agent,
    Map<Gateway, List<DeviceSpec>> devices,
    List<Meter> mqttMeters,
    String configHash) {

  /** The site model does not fit this agent; {@link #problems()} lists every reason. */
  public static final class PlanException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    PlanException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public AgentPlan {
    devices = Map.copyOf(devices);
    mqttMeters = List.copyOf(mqttMeters);
  }

  /**
   * @param agentId the agent to run; null picks the only agent of the model
   */
  public static AgentPlan of(SiteModel model, String agentId, ProfileCatalog catalog) {
    List<String> problems = new ArrayList<>();
    Site site = null;
    EdgeAgent agent = null;
    List<String> all = new ArrayList<>();
    for (Site s : model.sites()) {
      for (EdgeAgent a : s.agents()) {
        all.add(s.id() + "/" + a.id());
        if (agentId == null || agentId.equals(a.id())) {
          if (agent != null && agentId == null) {
            throw new PlanException(
                List.of(
                    "--agent: the site model has several agents ("
                        + String.join(", ", all)
                        + "…); name one with --agent"));
          }
          site = s;
          agent = a;
        }
      }
    }
    if (agent == null) {
      throw new PlanException(
          List.of(
              agentId == null
                  ? "sites[].agents: the site model defines no edge agent"
                  : "--agent "
                      + agentId
                      + ": no such agent; the site model has "
                      + (all.isEmpty() ? "none" : String.join(", ", all))));
    }
    DeviceProfiles profiles = new DeviceProfiles(catalog);
    Map<Gateway, List<DeviceSpec>> devices = new LinkedHashMap<>();
    for (Gateway g : agent.gateways()) {
      devices.put(g, new ArrayList<>());
    }
    List<Meter> mqtt = new ArrayList<>();
    Map<String, String> unitIds = new LinkedHashMap<>();
    for (Meter m : site.metersOf(agent.id())) {
      if (m.read() instanceof ModbusAcquisition a) {
        Gateway g = agent.gateway(a.gateway()).orElse(null);
        if (g == null) {
          problems.add(
              "meter "
                  + m.id()
                  + " read.gateway: agent "
                  + agent.id()
                  + " has no gateway "
                  + a.gateway());
          continue;
        }
        String prev = unitIds.put(g.id() + "#" + a.unitId(), m.id());
        if (prev != null) {
          problems.add(
              "meter "
                  + m.id()
                  + " read.unitId: unit "
                  + a.unitId()
                  + " on gateway "
                  + g.id()
                  + " is already used by meter "
                  + prev);
        }
        try {
          devices
              .get(g)
              .add(
                  DeviceSpec.of(m, profiles.of(m), a.ptRatio(), a.ctRatio())
                      .withTiming(a.timeout(), a.retries(), a.pauseBetweenRequests()));
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      } else if (m.read() instanceof MqttAcquisition) {
        mqtt.add(m);
      }
    }
    if (!problems.isEmpty()) {
      throw new PlanException(problems);
    }
    devices.values().removeIf(List::isEmpty);
    return new AgentPlan(site, agent, devices, mqtt, SiteModelJson.version(model));
  }

  public int deviceCount() {
    return devices.values().stream().mapToInt(List::size).sum();
  }

  public List<String> mqttTopics() {
    return mqttMeters.stream()
        .map(m -> ((MqttAcquisition) m.read()).topic())
        .distinct()
        .collect(Collectors.toList());
  }
}
