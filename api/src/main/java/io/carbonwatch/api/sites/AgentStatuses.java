package io.carbonwatch.api.sites;

import io.carbonwatch.core.wire.AgentStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The latest retained status of each edge agent ({@code cw/v1/{site}/status/{agent}}), kept in
 * memory: the broker redelivers the retained messages on every (re)subscription, so nothing needs
 * storing. An older message (by its {@code time}) never replaces a newer one.
 */
public final class AgentStatuses {
  private final Map<String, Map<String, AgentStatus>> bySite = new ConcurrentHashMap<>();

  public void put(AgentStatus s) {
    bySite
        .computeIfAbsent(s.site(), k -> new ConcurrentSkipListMap<>())
        .merge(s.agent(), s, (old, neu) -> neu.time().isBefore(old.time()) ? old : neu);
  }

  /** The site's agents ordered by agent id; empty when none has published. */
  public List<AgentStatus> of(String site) {
    Map<String, AgentStatus> m = bySite.get(site);
    return m == null ? List.of() : List.copyOf(m.values());
  }
}
