package io.carbonwatch.jobs.model;

/**
 * One value of one reading, stamped with what the site model says about its channel so the keyed
 * interval builder needs no model lookup.
 *
 * @param site site id
 * @param zone the site's IANA time zone
 * @param meter meter id
 * @param serial the meter's serial in the site model (a change is a meter replacement)
 * @param channel channel id
 * @param quantity electricity, natural_gas, production, temperature, …
 * @param unit the channel's unit (already checked against the wire unit)
 * @param mode how values become amounts
 * @param intervalMs length of the interval pieces (one minute)
 * @param registerMax counter register maximum, {@code NaN} if unknown
 * @param frozenAfterMs a counter unchanged this long is flagged frozen, 0 = never
 * @param maxGapMs a gap longer than this is flagged (counters) or not integrated (rates)
 * @param seq the reading's sequence number
 * @param timeEpochMs the poll instant
 * @param value the value, {@code NaN} when the quality says it could not be read
 * @param quality wire quality code ({@code good}, {@code estimated}, …)
 * @param receivedAtMs when the job received the message (latency measurement only)
 */
public record ChannelSample(
    String site,
    String zone,
    String meter,
    String serial,
    String channel,
    String quantity,
    String unit,
    ChannelMode mode,
    long intervalMs,
    double registerMax,
    long frozenAfterMs,
    long maxGapMs,
    long seq,
    long timeEpochMs,
    double value,
    String quality,
    long receivedAtMs) {

  public String channelKey() {
    return site + '/' + meter + '/' + channel;
  }
}
