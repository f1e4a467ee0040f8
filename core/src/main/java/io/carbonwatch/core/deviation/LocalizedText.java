package io.carbonwatch.core.deviation;

/**
 * A display name in Simplified Chinese and English (e.g. 压缩空气系统 / Compressed air).
 *
 * @param zhCn Simplified Chinese
 * @param en English
 */
public record LocalizedText(String zhCn, String en) {
  public LocalizedText {
    if (zhCn == null || zhCn.isBlank()) {
      throw new IllegalArgumentException("zhCn: must not be blank");
    }
    if (en == null || en.isBlank()) {
      throw new IllegalArgumentException("en: must not be blank");
    }
  }
}
