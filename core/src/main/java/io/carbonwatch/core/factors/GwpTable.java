package io.carbonwatch.core.factors;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** GWP-100 values by set and gas, as loaded from the GWP data file. */
public final class GwpTable {

  private final Map<GwpSet, Map<Gas, GwpValue>> values;
  private final String fileAtVersion;

  public GwpTable(Map<GwpSet, Map<Gas, GwpValue>> values, String fileAtVersion) {
    Objects.requireNonNull(values, "values");
    this.fileAtVersion = Objects.requireNonNull(fileAtVersion, "fileAtVersion");
    EnumMap<GwpSet, Map<Gas, GwpValue>> copy = new EnumMap<>(GwpSet.class);
    values.forEach(
        (set, byGas) -> {
          byGas.forEach(
              (gas, v) -> {
                if (v.gas() != gas || v.set() != set) {
                  throw new IllegalArgumentException(
                      "values: entry " + set + "/" + gas + " holds " + v.set() + "/" + v.gas());
                }
              });
          copy.put(set, Collections.unmodifiableMap(new EnumMap<>(byGas)));
        });
    this.values = Collections.unmodifiableMap(copy);
  }

  /** The GWP of {@code gas} in {@code set}; fails naming both when the data file has no value. */
  public GwpValue gwp(GwpSet set, Gas gas) {
    GwpValue v = values.getOrDefault(set, Map.of()).get(gas);
    if (v == null) {
      throw new IllegalArgumentException(
          "gwp: no " + set + " value for " + gas.code() + " in " + fileAtVersion);
    }
    return v;
  }

  public Map<Gas, GwpValue> set(GwpSet set) {
    return values.getOrDefault(set, Map.of());
  }

  public String fileAtVersion() {
    return fileAtVersion;
  }
}
