package io.carbonwatch.cli.demo;

import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.edge.Agent;
import io.carbonwatch.edge.AgentPlan;
import io.carbonwatch.edge.EdgeConfig;
import io.carbonwatch.edge.EdgeMetrics;
import io.carbonwatch.edge.publish.BrokerOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;

/**
 * The edge agent, in process: polls the simulator over Modbus TCP, maps the MQTT-native feeds and
 * publishes readings stamped with simulated time (see {@link SimulatedClock}).
 */
final class EdgeAgentComponent implements DemoComponent {
  private final DemoPlant plant;
  private final String brokerUri;
  private final Path dataDir;
  private Agent agent;

  EdgeAgentComponent(DemoPlant plant, String brokerUri, Path dataDir) {
    this.plant = plant;
    this.brokerUri = brokerUri;
    this.dataDir = dataDir;
  }

  @Override
  public String name() {
    return "edge-agent";
  }

  @Override
  public void start() {
    AgentPlan plan = AgentPlan.of(plant.agentModel(), null, ProfileCatalog.shipped());
    EdgeConfig config =
        EdgeConfig.of(
            dataDir, BrokerOptions.of(brokerUri, "carbonwatch-demo-" + plan.agent().id()), null);
    agent =
        new Agent(
                config,
                plan,
                new EdgeMetrics(new SimpleMeterRegistry()),
                new SimulatedClock(plant.clock()))
            .start();
  }

  Agent agent() {
    return agent;
  }

  @Override
  public String describe() {
    return "Edge agent    "
        + agent.plan().agent().id()
        + ", "
        + agent.plan().deviceCount()
        + " Modbus devices   (queue "
        + dataDir
        + ")";
  }

  @Override
  public void close() {
    if (agent != null) {
      agent.close();
      agent = null;
    }
  }
}
