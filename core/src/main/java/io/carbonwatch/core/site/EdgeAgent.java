package io.carbonwatch.core.site;

import java.util.List;
import java.util.Optional;

/**
 * An edge agent (one process on an industrial PC) and the Modbus gateways it owns. MQTT-native
 * meters name the agent that subscribes to them.
 */
public record EdgeAgent(String id, String description, List<Gateway> gateways) {
  public EdgeAgent {
    Checks.id("agent.id", id);
    gateways = Checks.list(gateways);
  }

  public Optional<Gateway> gateway(String gatewayId) {
    return gateways.stream().filter(g -> g.id().equals(gatewayId)).findFirst();
  }
}
