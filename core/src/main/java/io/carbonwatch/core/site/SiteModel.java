package io.carbonwatch.core.site;

import java.util.List;
import java.util.Optional;

/**
 * The site model: one organisation, its factor selection and its sites. Load and validate with
 * {@link SiteModelLoader}; serialise with {@link SiteModelJson}.
 */
public record SiteModel(Organisation organisation, FactorSelection factors, List<Site> sites) {
  public SiteModel {
    Checks.required("organisation", organisation);
    Checks.required("factors", factors);
    sites = Checks.list(sites);
    if (sites.isEmpty()) {
      throw new IllegalArgumentException("sites: expected at least one site");
    }
  }

  public Optional<Site> site(String siteId) {
    return sites.stream().filter(s -> s.id().equals(siteId)).findFirst();
  }
}
