package io.carbonwatch.core.site;

/** Modbus value encoding of a register field. */
public enum RegisterType implements WireEnum {
  U16("u16"),
  I16("i16"),
  U32("u32"),
  I32("i32"),
  U64("u64"),
  I64("i64"),
  F32("f32"),
  F64("f64");

  private final String wire;

  RegisterType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
