package io.carbonwatch.core.site;

/** Byte/word order of multi-register values; ABCD is big-endian, high word first. */
public enum WordOrder implements WireEnum {
  ABCD("ABCD"),
  CDAB("CDAB"),
  BADC("BADC"),
  DCBA("DCBA");

  private final String wire;

  WordOrder(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
