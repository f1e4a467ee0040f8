package io.carbonwatch.core.wire;

import java.util.List;

/** All approved baselines of a site on {@code control/baselines} (retained, replaces the last). */
public record BaselinesControl(List<ApprovedBaseline> baselines) {
  public BaselinesControl {
    baselines = List.copyOf(baselines);
  }
}
