package io.carbonwatch.core.wire;

import java.time.Instant;
import java.util.List;

/**
 * Retained status of an edge agent on {@code cw/v1/{site}/status/{agent}}; the offline message is
 * the MQTT last-will.
 *
 * @param configHash {@code sha256:…} of the site model the agent runs (see SiteModelJson)
 * @param alarms active alarm codes (e.g. {@code queue_full}, {@code queue_dropped_oldest})
 */
public record AgentStatus(
    String site,
    String agent,
    AgentState state,
    String version,
    String configHash,
    Instant time,
    List<String> alarms) {
  public AgentStatus {
    Wire.segment("site", site);
    Wire.segment("agent", agent);
    Wire.required("state", state);
    Wire.required("version", version);
    Wire.required("configHash", configHash);
    Wire.required("time", time);
    alarms = alarms == null ? List.of() : List.copyOf(alarms);
  }
}
