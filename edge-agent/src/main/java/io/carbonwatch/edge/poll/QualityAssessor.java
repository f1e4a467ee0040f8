package io.carbonwatch.edge.poll;

import io.carbonwatch.core.site.Calibration;
import io.carbonwatch.core.site.CalibrationStatus;
import io.carbonwatch.core.site.Channel;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.wire.Quality;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * Decides the quality of a value that was read. Most severe first: the instrument is disabled
 * (calibration failed, 停用) › outside the plausible range (profile field range, or the instrument's
 * measuring range when in the same unit) › frozen (unchanged beyond the channel's {@code
 * frozenAfter} where change is expected) › calibration overdue › good. The value is always kept;
 * the quality says why it is suspect.
 *
 * <p>Holds the frozen-detection state per meter channel; one instance per agent, used by the
 * gateway workers (each meter belongs to exactly one worker, so no two threads share an entry).
 */
public final class QualityAssessor {
  private record Last(double value, Instant since) {}

  private final ZoneId zone;
  private final Map<String, Last> last = new java.util.concurrent.ConcurrentHashMap<>();

  public QualityAssessor(ZoneId zone) {
    this.zone = zone;
  }

  public Quality assess(
      Meter meter, Channel channel, Double profileMin, Double profileMax, double value, Instant t) {
    boolean frozen = frozen(meter.id() + "/" + channel.id(), channel, value, t);
    Calibration cal = meter.calibration();
    if (cal.status() == CalibrationStatus.DISABLED) {
      return Quality.CALIBRATION_FAILED;
    }
    if ((profileMin != null && value < profileMin) || (profileMax != null && value > profileMax)) {
      return Quality.OUT_OF_RANGE;
    }
    if (meter.range() != null
        && meter.range().unit().equals(channel.unit())
        && !meter.range().contains(value)) {
      return Quality.OUT_OF_RANGE;
    }
    if (frozen) {
      return Quality.FROZEN;
    }
    if (cal.overdueOn(t.atZone(zone).toLocalDate())) {
      return Quality.CALIBRATION_OVERDUE;
    }
    return Quality.GOOD;
  }

  private boolean frozen(String key, Channel channel, double value, Instant t) {
    if (!channel.expectChange() || channel.frozenAfter() == null) {
      return false;
    }
    Last prev = last.get(key);
    if (prev == null || prev.value() != value) {
      last.put(key, new Last(value, t));
      return false;
    }
    return Duration.between(prev.since(), t).compareTo(channel.frozenAfter()) > 0;
  }

  /** Removes state of meters no longer configured (after a reload). */
  public void retain(java.util.Set<String> meterIds) {
    last.keySet().removeIf(k -> !meterIds.contains(k.substring(0, k.indexOf('/'))));
  }
}
