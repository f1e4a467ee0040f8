package io.carbonwatch.core.site;

import java.time.LocalDate;

/**
 * Calibration (检定/校准) data of an instrument per GB 17167 and 9.1.1.
 *
 * @param intervalMonths calibration interval in months (e.g. 12)
 * @param lastCalibrated date of the last calibration, null if never calibrated
 * @param status 合格 qualified / 准用 conditional / 停用 disabled
 * @param certificate certificate number of the last calibration, may be null
 */
public record Calibration(
    int intervalMonths, LocalDate lastCalibrated, CalibrationStatus status, String certificate) {
  public Calibration {
    if (intervalMonths < 1 || intervalMonths > 120) {
      throw new IllegalArgumentException(
          "calibration.intervalMonths: expected 1..120, got " + intervalMonths);
    }
    Checks.required("calibration.status", status);
  }

  /** The date the next calibration is due; null when never calibrated (due now). */
  public LocalDate nextDue() {
    return lastCalibrated == null ? null : lastCalibrated.plusMonths(intervalMonths);
  }

  /**
   * True when the calibration is overdue on the given date (never calibrated counts as overdue).
   */
  public boolean overdueOn(LocalDate date) {
    LocalDate due = nextDue();
    return due == null || date.isAfter(due);
  }
}
