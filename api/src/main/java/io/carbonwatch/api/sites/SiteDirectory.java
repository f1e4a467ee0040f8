package io.carbonwatch.api.sites;

import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.SiteModel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The sites the API knows from the site model, by id. A site model arriving on a site's retained
 * {@code control/site-model} topic replaces only the sites it contains, so one site's update never
 * hides the others.
 */
public final class SiteDirectory {
  private final ConcurrentSkipListMap<String, Site> sites = new ConcurrentSkipListMap<>();

  /** Adds or replaces every site of {@code model}; a null model (none configured) adds nothing. */
  public void apply(SiteModel model) {
    if (model != null) {
      model.sites().forEach(s -> sites.put(s.id(), s));
    }
  }

  public Optional<Site> site(String id) {
    return Optional.ofNullable(sites.get(id));
  }

  /** All known sites ordered by id. */
  public List<Site> all() {
    return List.copyOf(sites.values());
  }
}
