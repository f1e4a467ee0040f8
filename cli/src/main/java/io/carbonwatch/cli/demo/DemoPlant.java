package io.carbonwatch.cli.demo;

import io.carbonwatch.core.site.EdgeAgent;
import io.carbonwatch.core.site.Gateway;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import io.carbonwatch.edge.sim.SimClock;
import java.time.Duration;
import java.util.List;

/**
 * What every demo component shares: the loaded plant, its one site and the simulated clock.
 *
 * @param model the site model as loaded (what the job and the API see)
 * @param site the demo's site (the model's first)
 * @param clock simulated time; runs {@code speed} times faster than the wall clock
 */
record DemoPlant(SiteModel model, Site site, SimClock clock) {

  /** Shortest wall-clock poll period: faster polling only loads the machine, it adds nothing. */
  static final Duration MIN_WALL_POLL = Duration.ofMillis(250);

  /**
   * The model the edge agent runs: every poll interval divided by the speed (at least {@link
   * #MIN_WALL_POLL} of wall time), because the agent schedules polls on the wall clock while it
   * stamps readings with simulated time.
   */
  SiteModel agentModel() {
    double speed = clock.speed();
    List<Site> sites =
        model.sites().stream()
            .map(
                s ->
                    withAgentsAndMeters(
                        s, s.agents(), s.meters().stream().map(m -> scaled(m, speed)).toList()))
            .toList();
    return new SiteModel(model.organisation(), model.factors(), sites);
  }

  /**
   * {@code model} with its Modbus TCP gateways moved to {@code port}, {@code port + 1}, … (the
   * simulator serves them there and the agent polls them there).
   */
  static SiteModel withModbusPort(SiteModel model, int port) {
    int[] next = {port};
    List<Site> sites =
        model.sites().stream()
            .map(
                s ->
                    withAgentsAndMeters(
                        s,
                        s.agents().stream()
                            .map(
                                a ->
                                    new EdgeAgent(
                                        a.id(),
                                        a.description(),
                                        a.gateways().stream()
                                            .map(g -> g.port() == null ? g : moved(g, next[0]++))
                                            .toList()))
                            .toList(),
                        s.meters()))
            .toList();
    return new SiteModel(model.organisation(), model.factors(), sites);
  }

  /** {@code s} with other agents and meters; everything else as it was. */
  private static Site withAgentsAndMeters(Site s, List<EdgeAgent> agents, List<Meter> meters) {
    return new Site(
        s.id(),
        s.name(),
        s.timeZone(),
        s.gridRegion(),
        s.province(),
        agents,
        meters,
        s.virtualMeters(),
        s.sources(),
        s.relevantVariables(),
        s.seus(),
        s.parameters(),
        s.baselines(),
        s.deviationRules(),
        s.collectionPlan());
  }

  private static Gateway moved(Gateway g, int port) {
    return new Gateway(
        g.id(),
        g.transport(),
        g.host(),
        port,
        g.device(),
        g.baud(),
        g.parity(),
        g.dataBits(),
        g.stopBits(),
        g.timeout(),
        g.retries(),
        g.pauseBetweenRequests());
  }

  /** {@code simulated} of simulated time as wall time, at least {@link #MIN_WALL_POLL}. */
  Duration wallPeriod(Duration simulated) {
    Duration wall = clock.wall(simulated);
    return wall.compareTo(MIN_WALL_POLL) < 0 ? MIN_WALL_POLL : wall;
  }

  private Meter scaled(Meter m, double speed) {
    Duration wall = wallPeriod(m.pollInterval());
    return new Meter(
        m.id(),
        m.name(),
        m.level(),
        m.energyType(),
        m.accuracyClass(),
        m.range(),
        m.serial(),
        m.model(),
        m.location(),
        m.calibration(),
        m.read(),
        wall,
        m.channels());
  }
}
