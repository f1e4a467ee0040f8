package io.carbonwatch.api.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Roles of CarbonWatch users; each user holds one or more, scoped to sites. */
public enum Role {
  VIEWER,
  ENGINEER,
  OPERATOR,
  TECHNICIAN,
  ADMIN;

  public static final Set<Role> ALL = EnumSet.allOf(Role.class);

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWire(String s) {
    for (Role r : values()) {
      if (r.wire().equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "role: expected one of viewer, engineer, operator, technician, admin, got " + s);
  }

  public static Set<Role> of(Role... roles) {
    return EnumSet.copyOf(Set.of(roles));
  }
}
