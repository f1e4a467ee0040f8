package io.carbonwatch.api.live;

import java.util.Objects;

/**
 * One change for the live push, published locally on {@link #ADDRESS} by whoever sees it (alert
 * changes by the alert service, live samples by the MQTT bridge); the live verticle decides which
 * SSE streams get it.
 *
 * @param event the SSE event name: {@code alert} or {@code live}
 * @param json the event's data, encoded JSON (no raw newlines)
 */
public record LiveUpdate(String site, String event, String json) {
  public static final String ADDRESS = "cw.live.updates";

  public LiveUpdate {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(json, "json");
  }
}
