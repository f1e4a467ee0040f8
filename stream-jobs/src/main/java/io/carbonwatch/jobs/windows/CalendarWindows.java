package io.carbonwatch.jobs.windows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Tumbling event-time windows aligned to the wall clock of each element's site. A day at a Shanghai
 * site is 00:00–24:00 +08:00 (16:00Z–16:00Z); a day in a zone with daylight saving is 23 or 25
 * hours long, and a month runs from the 1st 00:00 local to the next 1st. Minute, quarter-hour and
 * hour windows follow the local clock too, which matters for zones with offsets like +05:45.
 *
 * <p>The zone comes from each series ({@code SeriesAmount#zone()}), so one job serves sites in
 * different zones. Used by {@link SeriesWindows}.
 */
public final class CalendarWindows {
  private static final long DAY_MS = 86_400_000L;

  private CalendarWindows() {}

  /** The window of {@code spec} in {@code zone} containing {@code epochMs}. */
  public static TimeWindow window(WindowSpec spec, ZoneId zone, long epochMs) {
    ZoneRules rules = zone.getRules();
    long offsetMs = rules.getOffset(Instant.ofEpochMilli(epochMs)).getTotalSeconds() * 1000L;
    long localMs = epochMs + offsetMs;
    if (spec == WindowSpec.MO1) {
      LocalDate first = LocalDate.ofEpochDay(Math.floorDiv(localMs, DAY_MS)).withDayOfMonth(1);
      long start = first.atStartOfDay(zone).toInstant().toEpochMilli();
      long end = first.plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli();
      return new TimeWindow(start, end);
    }
    if (spec == WindowSpec.D1) {
      LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(localMs, DAY_MS));
      long start = day.atStartOfDay(zone).toInstant().toEpochMilli();
      long end = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
      return new TimeWindow(start, end);
    }
    long size = spec.sizeMs();
    long start = Math.floorDiv(localMs, size) * size - offsetMs;
    if (start > epochMs) {
      // Offset changed inside the window (daylight saving): fall back to the earlier boundary.
      start -= size;
    }
    long end = start + size;
    if (end <= epochMs) {
      end = epochMs + 1;
    }
    return new TimeWindow(start, end);
  }
}
