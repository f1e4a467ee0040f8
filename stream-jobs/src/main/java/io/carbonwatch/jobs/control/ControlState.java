package io.carbonwatch.jobs.control;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** The broadcast state every control-aware operator shares. */
public final class ControlState {
  private ControlState() {}

  public static final MapStateDescriptor<String, ControlUpdate> DESCRIPTOR =
      new MapStateDescriptor<>("control", Types.STRING, TypeInformation.of(ControlUpdate.class));
}
