package io.carbonwatch.core.site;

/**
 * A reference to a meter's channel, written {@code METER.channel} in formulas. {@code channel} is
 * null when a virtual meter (which has one value) is referenced.
 */
public record ChannelRef(String meter, String channel) {
  public ChannelRef {
    Checks.required("meter", meter);
  }

  @Override
  public String toString() {
    return channel == null ? meter : meter + "." + channel;
  }
}
