package io.carbonwatch.edge.poll;

import java.time.Instant;
import java.util.Map;

/**
 * One device poll: its instant, each channel's outcome and whether the link itself failed (every
 * request timed out or the connection broke), which drives the backoff.
 */
public record PollResult(
    Instant time, Map<String, FieldOutcome> channels, boolean linkFailed, int requests) {
  public PollResult {
    channels = Map.copyOf(channels);
  }
}
