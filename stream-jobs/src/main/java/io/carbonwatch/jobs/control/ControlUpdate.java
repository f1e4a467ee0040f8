package io.carbonwatch.jobs.control;

import java.util.Objects;

/**
 * A message of a retained {@code cw/v1/{site}/control/{kind}} topic, kept as text in broadcast
 * state so every parallel instance applies the same version.
 *
 * @param site the site of the topic
 * @param kind {@code site-model}, {@code baselines}, {@code factors}, {@code instrument-status}
 * @param payload the message text (wire format v1)
 */
public record ControlUpdate(String site, String kind, String payload) {
  public ControlUpdate {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
  }

  /** Broadcast state key: one entry per kind (the site model spans all sites). */
  public String stateKey() {
    return kind;
  }
}
