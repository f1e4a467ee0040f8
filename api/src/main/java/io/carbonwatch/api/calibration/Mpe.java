package io.carbonwatch.api.calibration;

import io.carbonwatch.api.http.ApiException;

/**
 * Maximum permissible error from an accuracy class. For the instruments GB 17167 lists (energy
 * meters, flow meters, scales), the class designation is by definition the MPE in percent of the
 * reading at reference conditions (class 0.5S → ±0.5 %, class 1 → ±1 %); the "S" marks the extended
 * low-current range and does not change the figure. Instruments without a class (a production
 * counter) need the technician to state the MPE used.
 */
public final class Mpe {
  private Mpe() {}

  public static double percentFor(String accuracyClass, Double statedMpePercent) {
    if (accuracyClass == null || accuracyClass.isBlank() || accuracyClass.equals("none")) {
      if (statedMpePercent == null) {
        throw new ApiException(
            422,
            "calibration.mpe_required",
            "该计量器具没有准确度等级，请填写最大允许误差 mpePercent",
            "This instrument has no accuracy class; state the maximum permissible error in"
                + " mpePercent",
            "mpePercent");
      }
      return statedMpePercent;
    }
    String digits =
        accuracyClass.endsWith("S")
            ? accuracyClass.substring(0, accuracyClass.length() - 1)
            : accuracyClass;
    try {
      double mpe = Double.parseDouble(digits);
      if (!(mpe > 0)) {
        throw new NumberFormatException();
      }
      return mpe;
    } catch (NumberFormatException e) {
      throw new ApiException(
          422,
          "calibration.class_unknown",
          "无法从准确度等级 " + accuracyClass + " 推出最大允许误差",
          "Cannot derive the maximum permissible error from accuracy class " + accuracyClass,
          "accuracyClass");
    }
  }
}
