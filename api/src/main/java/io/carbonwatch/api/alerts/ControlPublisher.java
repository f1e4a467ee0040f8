package io.carbonwatch.api.alerts;

import io.vertx.core.Future;

/** Publishes retained control messages ({@code cw/v1/{site}/control/{kind}}). */
public interface ControlPublisher {
  Future<Void> publishRetained(String topic, String payload);

  /** Used when MQTT is not configured: control messages are dropped. */
  ControlPublisher NONE = (topic, payload) -> Future.succeededFuture();
}
