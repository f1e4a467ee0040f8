package io.carbonwatch.core.deviation;

import java.util.Locale;

/** Alert severity, ordered from least to most severe; Chinese terms as in the site model. */
public enum Severity {
  MINOR("一般"),
  MAJOR("严重"),
  CRITICAL("紧急");

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
