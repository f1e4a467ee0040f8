package io.carbonwatch.core.site;

/** A formula that does not parse; {@link #offset()} is the 0-based character position. */
public final class FormulaException extends IllegalArgumentException {
  private final int offset;

  public FormulaException(int offset, String message) {
    super("at character " + (offset + 1) + ": " + message);
    this.offset = offset;
  }

  public int offset() {
    return offset;
  }
}
