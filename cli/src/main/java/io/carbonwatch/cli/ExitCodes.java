package io.carbonwatch.cli;

/** Process exit codes of {@code carbonwatch}. */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** A runtime failure (service unreachable, I/O error, …). */
  public static final int FAILURE = 1;

  /** Bad usage or an invalid configuration file: nothing was started. */
  public static final int INVALID = 2;

  private ExitCodes() {}
}
