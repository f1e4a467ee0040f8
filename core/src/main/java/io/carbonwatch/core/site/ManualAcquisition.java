package io.carbonwatch.core.site;

/**
 * Values entered by people (e.g. refrigerant top-up mass from the service log), published as
 * Readings by the api or cli on behalf of {@code agent} (may be null).
 */
public record ManualAcquisition(String agent) implements Acquisition {
  @Override
  public String protocol() {
    return "manual";
  }
}
