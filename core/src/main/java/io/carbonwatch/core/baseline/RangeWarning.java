package io.carbonwatch.core.baseline;

import java.util.Locale;
import java.util.Map;

/**
 * A prediction used a variable value outside the base period's range (an extrapolation).
 *
 * @param variable variable name
 * @param unit variable unit
 * @param value the value used
 * @param fittedMin smallest value in the base period
 * @param fittedMax largest value in the base period
 */
public record RangeWarning(
    String variable, String unit, double value, double fittedMin, double fittedMax) {

  /** Message in Simplified Chinese ({@code zh-CN}) and English ({@code en}). */
  public Map<String, String> messages() {
    String v = fmt(value);
    String range = "[" + fmt(fittedMin) + ", " + fmt(fittedMax) + "] " + unit;
    return Map.of(
        "zh-CN",
        "变量 " + variable + " = " + v + " " + unit + " 超出基准期拟合范围 " + range + "，预测为外推值",
        "en",
        "variable "
            + variable
            + " = "
            + v
            + " "
            + unit
            + " is outside the fitted range "
            + range
            + "; the prediction is an extrapolation");
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.4g", d);
  }
}
