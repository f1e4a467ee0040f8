package io.carbonwatch.core.modbus;

import io.carbonwatch.core.site.ReadBlock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A declarative register map of a device model: read blocks and fields only; one reader does the
 * I/O. All addresses are 0-based protocol addresses (the loader converts manual notations).
 *
 * @param source where the map comes from (manual, driver), carried for audit
 * @param verification how well the map was checked ({@code primary}, {@code secondary}, …)
 * @param addressing how the source numbers registers, as a note for people comparing with a manual
 * @param blocks explicit read blocks; fields outside them are coalesced by {@link RequestPlanner}
 * @param maxGap how many unused registers a coalesced request may read across
 */
public record DeviceProfile(
    String id,
    String name,
    String source,
    String verification,
    String addressing,
    List<ReadBlock> blocks,
    List<ProfileField> fields,
    int maxGap) {
  public DeviceProfile {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("profile.id: required");
    }
    blocks = blocks == null ? List.of() : List.copyOf(blocks);
    fields = fields == null ? List.of() : List.copyOf(fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("profile " + id + ".fields: expected at least one field");
    }
    Set<String> names = new HashSet<>();
    for (ProfileField f : fields) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("profile " + id + ".fields: duplicate name " + f.name());
      }
    }
    if (maxGap < 0 || maxGap > ReadRequest.MAX_REGISTERS) {
      throw new IllegalArgumentException(
          "profile " + id + ".maxGap: expected 0.." + ReadRequest.MAX_REGISTERS);
    }
  }

  public Optional<ProfileField> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The profile restricted to the named fields (the channels a meter actually publishes). */
  public DeviceProfile select(Set<String> fieldNames) {
    return new DeviceProfile(
        id,
        name,
        source,
        verification,
        addressing,
        blocks,
        fields.stream().filter(f -> fieldNames.contains(f.name())).toList(),
        maxGap);
  }
}
