package io.carbonwatch.core.site;

/**
 * Values entered by people (e.g. refrigerant top-up mass from the service log), published as
 * Readings by the api or cli on {@code cw/v1/{site}/readings/{agent or "manual"}/{meter}}.
 */
public record ManualAcquisition(String agent) implements Acquisition {
  /** The agent segment of the readings topic when {@code agent} is not given. */
  public static final String DEFAULT_AGENT = "manual";

  /** The agent segment of {@code cw/v1/{site}/readings/{agent}/{meter}} for this meter. */
  public String topicAgent() {
    return agent == null ? DEFAULT_AGENT : agent;
  }

  @Override
  public String protocol() {
    return "manual";
  }
}
