package io.carbonwatch.core.units;

import java.util.Locale;

/**
 * How well a number taken from a standard or dataset was checked (legend of the shared reference
 * file).
 */
public enum Verification {
  /** Read from an authoritative dataset or export of the issuing body. */
  PRIMARY,
  /** Read from a third-party transcription citing the issuing document, not checked against it. */
  SECONDARY,
  /** From recollection or a single weak source; must be checked before use in reporting. */
  UNVERIFIED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Verification fromId(String id) {
    for (Verification v : values()) {
      if (v.id().equals(id)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "verification: expected one of primary, secondary, unverified; got " + id);
  }

  /** The weaker of two levels, for a value derived from both. */
  public Verification weakest(Verification other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
