package io.carbonwatch.jobs.model;

/** The seven greenhouse gases of the standard, in the order of {@link SeriesAmount#gasCo2eKg()}. */
public enum Gas {
  CO2("co2"),
  CH4("ch4"),
  N2O("n2o"),
  HFCS("hfcs"),
  PFCS("pfcs"),
  SF6("sf6"),
  NF3("nf3");

  private final String field;

  Gas(String field) {
    this.field = field;
  }

  /** The InfluxDB field prefix, e.g. {@code ch4} for {@code ch4_co2e_kg}. */
  public String field() {
    return field;
  }

  public static final int COUNT = 7;
}
