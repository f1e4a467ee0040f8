package io.carbonwatch.edge.sim;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time: starts at {@code simStart} and runs {@code speed} times faster than the wall
 * clock.
 */
public final class SimClock {
  private final Instant simStart;
  private final long wallStartNanos;
  private final double speed;

  public SimClock(Instant simStart, double speed) {
    if (!(speed > 0) || !Double.isFinite(speed)) {
      throw new IllegalArgumentException("speed: expected > 0, got " + speed);
    }
    this.simStart = simStart;
    this.speed = speed;
    this.wallStartNanos = System.nanoTime();
  }

  public Instant now() {
    long elapsed = System.nanoTime() - wallStartNanos;
    return simStart.plusNanos((long) (elapsed * speed));
  }

  public double speed() {
    return speed;
  }

  /** Wall-clock time that corresponds to {@code simulated} of simulated time. */
  public Duration wall(Duration simulated) {
    return Duration.ofNanos((long) (simulated.toNanos() / speed));
  }
}
