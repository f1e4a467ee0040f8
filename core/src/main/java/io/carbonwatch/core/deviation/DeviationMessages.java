package io.carbonwatch.core.deviation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Alert text in Simplified Chinese and English, e.g. "压缩空气系统 能耗高于基准 26.9%" / "Compressed air energy
 * 26.9% above baseline". Numbers are rounded half-up to one decimal, without grouping, so both
 * languages show the same digits.
 */
public final class DeviationMessages {
  private DeviationMessages() {}

  public static Map<String, String> format(
      DeviationRule rule,
      DeviationEvent.Type type,
      Severity severity,
      WindowResult w,
      int windows) {
    String zhName = rule.targetName().zhCn() + " " + rule.metricName().zhCn();
    String enName = rule.targetName().en() + " " + rule.metricName().en();
    boolean above = w.actual() >= w.expected();
    Double pct = w.deviationPercent();
    String amount = one(Math.abs(w.deviation())) + " " + rule.unit();
    String zhBy = pct == null ? amount : one(Math.abs(pct)) + "%";
    String enBy = zhBy;
    String values =
        one(w.actual()) + " " + rule.unit() + " / " + one(w.expected()) + " " + rule.unit();
    return switch (type) {
      case RAISED ->
          Map.of(
              "zh-CN",
              zhName
                  + (above ? "高于" : "低于")
                  + "基准 "
                  + zhBy
                  + "（实际/基准 "
                  + values
                  + "），等级："
                  + severity.labelZh()
                  + "，连续 "
                  + windows
                  + " 个窗口",
              "en",
              enName
                  + " "
                  + enBy
                  + (above ? " above" : " below")
                  + " baseline ("
                  + "actual/expected "
                  + values
                  + "), severity "
                  + severity.labelEn()
                  + ", "
                  + windows
                  + " consecutive windows");
      case UPDATED ->
          Map.of(
              "zh-CN",
              zhName + (above ? "高于" : "低于") + "基准 " + zhBy + "，等级升级为：" + severity.labelZh(),
              "en",
              enName
                  + " "
                  + enBy
                  + (above ? " above" : " below")
                  + " baseline, severity raised to "
                  + severity.labelEn());
      case CLEARED ->
          Map.of(
              "zh-CN",
              zhName + "已恢复至基准范围内（偏差 " + signed(w, pct, rule) + "）",
              "en",
              enName + " back within baseline (deviation " + signed(w, pct, rule) + ")");
    };
  }

  private static String signed(WindowResult w, Double pct, DeviationRule rule) {
    if (pct != null) {
      return (pct >= 0 ? "+" : "-") + one(Math.abs(pct)) + "%";
    }
    return (w.deviation() >= 0 ? "+" : "-") + one(Math.abs(w.deviation())) + " " + rule.unit();
  }

  static String one(double v) {
    return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).toPlainString();
  }
}
