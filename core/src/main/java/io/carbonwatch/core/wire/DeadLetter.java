package io.carbonwatch.core.wire;

import java.time.Instant;

/**
 * A message that could not be processed, on {@code cw/v1/{site}/deadletter/{component}}.
 *
 * @param reason why it was rejected, naming the field (e.g. {@code values[0].quality: expected …})
 * @param payload the original text, truncated to {@link #MAX_PAYLOAD_CHARS}
 */
public record DeadLetter(
    String site, String component, String reason, String topic, String payload, Instant time) {
  /** Payloads longer than this are truncated (64 KiB). */
  public static final int MAX_PAYLOAD_CHARS = 64 * 1024;

  public DeadLetter {
    Wire.segment("site", site);
    Wire.segment("component", component);
    Wire.required("reason", reason);
    Wire.required("topic", topic);
    Wire.required("payload", payload);
    Wire.required("time", time);
    if (payload.length() > MAX_PAYLOAD_CHARS) {
      payload = payload.substring(0, MAX_PAYLOAD_CHARS);
    }
  }
}
