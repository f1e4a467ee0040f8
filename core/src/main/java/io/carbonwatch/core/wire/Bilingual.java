package io.carbonwatch.core.wire;

/**
 * A user-facing text in Simplified Chinese and English; on the wire {@code {"zh-CN": …, "en": …}}.
 */
public record Bilingual(String zhCn, String en) {
  public Bilingual {
    Wire.required("zh-CN", zhCn);
    Wire.required("en", en);
  }
}
