package io.carbonwatch.core.site;

import java.util.Objects;

/** A bilingual display name: Simplified Chinese and English. At least one is present. */
public record Names(String zh, String en) {
  public Names {
    if ((zh == null || zh.isBlank()) && (en == null || en.isBlank())) {
      throw new IllegalArgumentException("name: expected zh and/or en");
    }
  }

  /** The name in the given language ("zh" or "en"), falling back to the other one. */
  public String in(String lang) {
    String first = "zh".equals(lang) ? zh : en;
    String second = "zh".equals(lang) ? en : zh;
    return first != null && !first.isBlank() ? first : Objects.requireNonNull(second);
  }

  /** "中文 / English" or the single present name. */
  public String both() {
    if (zh == null || zh.isBlank()) return en;
    if (en == null || en.isBlank()) return zh;
    return zh + " / " + en;
  }
}
