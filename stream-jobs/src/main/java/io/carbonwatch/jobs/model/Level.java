package io.carbonwatch.jobs.model;

/** Where in the roll-up a series sits (the InfluxDB tag {@code level}). */
public enum Level {
  METER("meter"),
  VIRTUAL_METER("virtual_meter"),
  SOURCE("source"),
  SEU("seu"),
  VARIABLE("variable"),
  SITE("site"),
  ORGANISATION("organisation");

  private final String tag;

  Level(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
