package io.carbonwatch.edge.poll;

import io.carbonwatch.core.site.Calibration;
import io.carbonwatch.core.site.CalibrationStatus;
import io.carbonwatch.core.site.Channel;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.wire.InstrumentState;
import io.carbonwatch.core.wire.Quality;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * Decides the quality of a value that was read. Most severe first: the instrument is disabled
 * (calibration failed, 停用) › outside the plausible range (profile field range, or the instrument's
 * measuring range when in the same unit) › frozen (unchanged beyond the channel's {@code
 * frozenAfter} where change is expected) › calibration overdue › good. The value is always kept;
 * the quality says why it is suspect.
 *
 * <p>Calibration is judged from the live instrument state ({@link InstrumentStatuses}, the retained
 * {@code control/instrument-status} message of the API's calibration records) when it has one for
 * the meter: status {@code disabled} or calibration {@code failed} is calibration failed;
 * calibration {@code overdue}, or {@code ok} with a {@code nextDue} the site-local date is past, is
 * overdue; otherwise the calibration is not flagged. Without a live state for the meter the site
 * model's {@code calibration} decides: status disabled is calibration failed, past {@code
 * lastCalibrated + intervalMonths} (or never calibrated) is overdue.
 *
 * <p>Holds the frozen-detection state per meter channel; one instance per agent, used by the
 * gateway workers (each meter belongs to exactly one worker, so no two threads share an entry).
 */
public final class QualityAssessor {
  private record Last(double value, Instant since) {}

  private final ZoneId zone;
  private final InstrumentStatuses live;
  private final Map<String, Last> last = new java.util.concurrent.ConcurrentHashMap<>();

  /** Judging calibration from the site model only. */
  public QualityAssessor(ZoneId zone) {
    this(zone, new InstrumentStatuses());
  }

  /**
   * @param zone the site's time zone (calibration dates are site-local)
   * @param live the live instrument state, shared with whoever receives the control message
   */
  public QualityAssessor(ZoneId zone, InstrumentStatuses live) {
    this.zone = zone;
    this.live = live;
  }

  public Quality assess(
      Meter meter, Channel channel, Double profileMin, Double profileMax, double value, Instant t) {
    boolean frozen = frozen(meter.id() + "/" + channel.id(), channel, value, t);
    InstrumentState state = live.of(meter.id());
    if (state != null
        ? "disabled".equals(state.status()) || "failed".equals(state.calibration())
        : meter.calibration().status() == CalibrationStatus.DISABLED) {
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
    if (overdue(meter.calibration(), state, t.atZone(zone).toLocalDate())) {
      return Quality.CALIBRATION_OVERDUE;
    }
    return Quality.GOOD;
  }

  private static boolean overdue(Calibration model, InstrumentState state, LocalDate today) {
    if (state == null) {
      return model.overdueOn(today);
    }
    // the API marks an instrument overdue once its due date passed, by a periodic scan: until that
    // scan runs the message still says ok, and the date decides (the same rule as the site model's)
    return "overdue".equals(state.calibration())
        || (state.nextDue() != null && today.isAfter(state.nextDue()));
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
