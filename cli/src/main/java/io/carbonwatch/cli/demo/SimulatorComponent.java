package io.carbonwatch.cli.demo;

import io.carbonwatch.core.site.Gateway;
import io.carbonwatch.edge.sim.Simulator;

/** The edge-agent module's Modbus simulator serving the plant's meters over TCP. */
final class SimulatorComponent implements DemoComponent {
  private final DemoPlant plant;
  private final Simulator simulator;
  private boolean started;

  /** {@code simulator} is created but not started; its clock is {@code plant.clock()}. */
  SimulatorComponent(DemoPlant plant, Simulator simulator) {
    this.plant = plant;
    this.simulator = simulator;
  }

  @Override
  public String name() {
    return "simulator";
  }

  @Override
  public void start() {
    for (var agent : plant.site().agents()) {
      for (Gateway g : agent.gateways()) {
        if (g.port() > 0) {
          Ports.requireFree(g.port(), "Modbus simulator (gateway " + g.id() + ")", "--site");
        }
      }
    }
    simulator.start();
    started = true;
  }

  Simulator simulator() {
    return simulator;
  }

  @Override
  public String describe() {
    StringBuilder b = new StringBuilder("Modbus simulator");
    for (var agent : plant.site().agents()) {
      for (Gateway g : agent.gateways()) {
        b.append("  ").append(g.host()).append(':').append(g.port());
      }
    }
    return b.append("   (").append(simulator.meterIds().size()).append(" meters)").toString();
  }

  @Override
  public void close() {
    if (started) {
      simulator.close();
      started = false;
    }
  }
}
