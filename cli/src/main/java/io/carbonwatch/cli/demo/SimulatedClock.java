package io.carbonwatch.cli.demo;

import io.carbonwatch.edge.sim.SimClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulator's clock as a {@link Clock}, so the edge agent stamps readings with simulated time:
 * the simulator's counters, the agent's poll timestamps and therefore the job's event time agree.
 */
final class SimulatedClock extends Clock {
  private final SimClock sim;

  SimulatedClock(SimClock sim) {
    this.sim = sim;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("the simulated clock is UTC only");
  }

  @Override
  public Instant instant() {
    return sim.now();
  }
}
