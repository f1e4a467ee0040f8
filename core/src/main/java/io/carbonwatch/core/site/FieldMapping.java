package io.carbonwatch.core.site;

/** Maps a JSON Pointer (RFC 6901, e.g. {@code /data/temp}) of an MQTT payload to a channel. */
public record FieldMapping(String channel, String pointer) {
  public FieldMapping {
    Checks.required("field.channel", channel);
    if (pointer == null || !(pointer.isEmpty() || pointer.startsWith("/"))) {
      throw new IllegalArgumentException("field.pointer: expected a JSON Pointer starting with /");
    }
  }
}
