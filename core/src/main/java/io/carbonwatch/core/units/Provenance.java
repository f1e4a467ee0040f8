package io.carbonwatch.core.units;

import java.util.Objects;

/**
 * Where a number taken from a standard or dataset comes from: the citation, how well it was
 * verified, the data file and its version, and an optional note (a recorded conflict or caveat,
 * else empty).
 */
public record Provenance(
    String source, Verification verification, String file, String fileVersion, String note) {

  public Provenance {
    requireText(source, "source");
    Objects.requireNonNull(verification, "verification");
    requireText(file, "file");
    requireText(fileVersion, "fileVersion");
    Objects.requireNonNull(note, "note");
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": expected non-blank text");
    }
  }

  /** {@code file@version}, the compact form carried in result lineage. */
  public String fileAtVersion() {
    return file + "@" + fileVersion;
  }
}
