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

  /** Separates site and kind in {@link #stateKey()}; never part of a topic level. */
  public static final char KEY_SEPARATOR = '/';

  /**
   * Broadcast state key: one entry per site and kind ({@code sh-plant/baselines}), since each site
   * publishes its own retained message of every kind and one must not replace another's.
   */
  public String stateKey() {
    return site + KEY_SEPARATOR + kind;
  }
}
