package io.carbonwatch.api.auth;

import java.util.Set;

/**
 * The authenticated caller.
 *
 * @param sites sites the user may access; {@code "*"} means every site
 * @param csrfToken the session's CSRF token for cookie sessions, null for bearer tokens
 * @param tokenId the API token id for bearer tokens, null for sessions
 */
public record Principal(
    long userId,
    String username,
    Set<Role> roles,
    Set<String> sites,
    String csrfToken,
    Long tokenId) {
  public static final String ALL_SITES = "*";

  public Principal {
    roles = Set.copyOf(roles);
    sites = Set.copyOf(sites);
  }

  public boolean hasAnyRole(Set<Role> allowed) {
    for (Role r : roles) {
      if (allowed.contains(r)) {
        return true;
      }
    }
    return false;
  }

  public boolean canAccessSite(String site) {
    return sites.contains(ALL_SITES) || sites.contains(site);
  }

  public boolean viaSession() {
    return csrfToken != null;
  }
}
