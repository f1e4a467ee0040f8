package io.carbonwatch.jobs.windows;

/** The window sizes the job keeps, smallest first; each is fed by the one before it. */
public enum WindowSpec {
  M1("1m", 60_000L),
  M15("15m", 900_000L),
  H1("1h", 3_600_000L),
  D1("1d", 86_400_000L),
  /** A calendar month of the site's zone (28–31 local days). */
  MO1("1mo", 2_592_000_000L);

  private final String wire;
  private final long sizeMs;

  WindowSpec(String wire, long sizeMs) {
    this.wire = wire;
    this.sizeMs = sizeMs;
  }

  public String wire() {
    return wire;
  }

  /** Nominal size; a local day may be 23 or 25 hours, a month 28 to 31 days. */
  public long sizeMs() {
    return sizeMs;
  }

  public static WindowSpec fromWire(String text) {
    for (WindowSpec w : values()) {
      if (w.wire.equals(text)) {
        return w;
      }
    }
    throw new IllegalArgumentException("window: expected one of 1m, 15m, 1h, 1d, 1mo, got " + text);
  }
}
