package io.carbonwatch.edge.sim;

import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;

/** A j2mod process image whose registers are computed by a {@link SimulatedMeter} on each read. */
final class MeterImage extends SimpleProcessImage {
  private final SimulatedMeter meter;

  MeterImage(int unitId, SimulatedMeter meter) {
    super(unitId);
    this.meter = meter;
  }

  @Override
  public Register[] getRegisterRange(int offset, int count) {
    int[] words = meter.read(3, offset, count);
    Register[] out = new Register[count];
    for (int i = 0; i < count; i++) {
      out[i] = new SimpleRegister(words[i]);
    }
    return out;
  }

  @Override
  public InputRegister[] getInputRegisterRange(int offset, int count) {
    int[] words = meter.read(4, offset, count);
    InputRegister[] out = new InputRegister[count];
    for (int i = 0; i < count; i++) {
      out[i] = new SimpleInputRegister(words[i]);
    }
    return out;
  }

  @Override
  public int getRegisterCount() {
    return 65536;
  }

  @Override
  public int getInputRegisterCount() {
    return 65536;
  }
}
