package io.carbonwatch.core.site;

/** The organisation the site model describes (the boundary of the carbon management system). */
public record Organisation(String id, Names name) {
  public Organisation {
    Checks.id("organisation.id", id);
    Checks.required("organisation.name", name);
  }
}
