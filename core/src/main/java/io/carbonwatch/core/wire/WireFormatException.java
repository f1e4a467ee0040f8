package io.carbonwatch.core.wire;

/**
 * A message that does not match the wire format. The message names the field path and what was
 * expected, e.g. {@code values[2].quality: expected one of good, timeout, …}.
 */
public final class WireFormatException extends RuntimeException {
  private final String path;

  public WireFormatException(String path, String problem) {
    super(path.isEmpty() ? problem : path + ": " + problem, null, false, false);
    this.path = path;
  }

  /** The JSON path of the offending field ("" for the whole message). */
  public String path() {
    return path;
  }
}
