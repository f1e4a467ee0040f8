package io.carbonwatch.core.deviation;

import java.util.Locale;

/** Alert severity, ordered from least to most severe. */
public enum Severity {
  MINOR("一般"),
  MAJOR("较大"),
  CRITICAL("严重");

  private final String zh;

  Severity(String zh) {
    this.zh = zh;
  }

  /** Wire code, e.g. {@code major}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String labelZh() {
    return zh;
  }

  public String labelEn() {
    return code();
  }
}
