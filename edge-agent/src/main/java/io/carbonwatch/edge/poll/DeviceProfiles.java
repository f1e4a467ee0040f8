package io.carbonwatch.edge.poll;

import io.carbonwatch.core.modbus.DeviceProfile;
import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.ModbusAcquisition;

/** Finds the device profile of a Modbus meter: a shipped profile by name or its inline map. */
public final class DeviceProfiles {
  private final ProfileCatalog catalog;

  public DeviceProfiles(ProfileCatalog catalog) {
    this.catalog = catalog;
  }

  /** The complete profile (every field the device serves). */
  public DeviceProfile of(Meter meter) {
    if (!(meter.read() instanceof ModbusAcquisition m)) {
      throw new IllegalArgumentException("meter " + meter.id() + ": not read over Modbus");
    }
    if (m.registerMap() != null) {
      return ProfileCatalog.fromRegisterMap(meter.id(), m.registerMap(), meter.channels(), 0);
    }
    return catalog
        .find(m.profile())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "meter "
                        + meter.id()
                        + " read.profile: unknown profile '"
                        + m.profile()
                        + "'; expected one of "
                        + String.join(", ", catalog.ids())));
  }
}
