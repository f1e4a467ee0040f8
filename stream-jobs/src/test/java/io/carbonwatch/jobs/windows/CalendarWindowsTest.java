package io.carbonwatch.jobs.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

class CalendarWindowsTest {

  private static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void aShanghaiDayRunsFromLocalMidnightToMidnight() {
    TimeWindow w =
        CalendarWindows.window(
            WindowSpec.D1, ZoneId.of("Asia/Shanghai"), ms("2026-11-24T15:59:59.999Z"));
    assertThat(w.getStart()).isEqualTo(ms("2026-11-23T16:00:00Z"));
    assertThat(w.getEnd()).isEqualTo(ms("2026-11-24T16:00:00Z"));
    TimeWindow next =
        CalendarWindows.window(
            WindowSpec.D1, ZoneId.of("Asia/Shanghai"), ms("2026-11-24T16:00:00Z"));
    assertThat(next.getStart()).isEqualTo(w.getEnd());
  }

  @Test
  void aDaylightSavingDayIsTwentyThreeHoursLong() {
    TimeWindow w =
        CalendarWindows.window(
            WindowSpec.D1, ZoneId.of("Europe/Berlin"), ms("2026-03-29T12:00:00Z"));
    assertThat(w.getEnd() - w.getStart()).isEqualTo(23 * 3_600_000L);
  }

  @Test
  void hoursAndQuarterHoursFollowTheLocalClockInAQuarterHourOffsetZone() {
    ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
    TimeWindow hour = CalendarWindows.window(WindowSpec.H1, kathmandu, ms("2026-11-24T02:20:00Z"));
    // 02:20Z is 08:05 +05:45: the local hour 08:00–09:00 is 02:15Z–03:15Z, not 02:00Z–03:00Z.
    assertThat(hour.getStart()).isEqualTo(ms("2026-11-24T02:15:00Z"));
    assertThat(hour.getEnd()).isEqualTo(ms("2026-11-24T03:15:00Z"));
    // The local quarter-hour 08:00–08:15 is 02:15Z–02:30Z. A +05:45 offset is a whole number of
    // quarter-hours (as every zone's offset is today), so local and UTC quarters coincide; the
    // quarter must still hold exactly its 15 local minutes, up to the last millisecond.
    TimeWindow quarter =
        CalendarWindows.window(WindowSpec.M15, kathmandu, ms("2026-11-24T02:29:59.999Z"));
    assertThat(quarter.getStart()).isEqualTo(ms("2026-11-24T02:15:00Z"));
    assertThat(quarter.getEnd()).isEqualTo(ms("2026-11-24T02:30:00Z"));
    TimeWindow next = CalendarWindows.window(WindowSpec.M15, kathmandu, quarter.getEnd());
    assertThat(next.getStart()).isEqualTo(ms("2026-11-24T02:30:00Z"));
    assertThat(next.getEnd()).isEqualTo(ms("2026-11-24T02:45:00Z"));
  }

  @Test
  void aMonthRunsFromTheFirstLocalMidnightToTheNext() {
    ZoneId shanghai = ZoneId.of("Asia/Shanghai");
    // 2026-12-31T17:00Z is already 1 January 01:00 in Shanghai.
    TimeWindow jan = CalendarWindows.window(WindowSpec.MO1, shanghai, ms("2026-12-31T17:00:00Z"));
    assertThat(jan.getStart()).isEqualTo(ms("2026-12-31T16:00:00Z"));
    assertThat(jan.getEnd()).isEqualTo(ms("2027-01-31T16:00:00Z"));
    TimeWindow feb = CalendarWindows.window(WindowSpec.MO1, shanghai, jan.getEnd());
    assertThat(feb.getEnd() - feb.getStart()).isEqualTo(28 * 86_400_000L);
    // March in Berlin loses an hour to daylight saving.
    TimeWindow march =
        CalendarWindows.window(
            WindowSpec.MO1, ZoneId.of("Europe/Berlin"), ms("2026-03-15T12:00:00Z"));
    assertThat(march.getEnd() - march.getStart()).isEqualTo(31 * 86_400_000L - 3_600_000L);
  }
}
