package io.carbonwatch.core.site;

import java.util.List;

/** A user-defined Modbus register map: read blocks and the fields decoded from them. */
public record RegisterMap(List<ReadBlock> blocks, List<RegisterField> fields) {
  public RegisterMap {
    blocks = Checks.list(blocks);
    fields = Checks.list(fields);
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("registerMap.blocks: expected at least one block");
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("registerMap.fields: expected at least one field");
    }
  }
}
