package io.carbonwatch.testkit;

/**
 * Thrown when a server binary the tests need is not installed. The message is the exact command
 * that installs it, in English and Simplified Chinese; tests fail with it instead of being skipped.
 */
public final class MissingBinaryException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String binary;
  private final String installCommand;

  public MissingBinaryException(String binary, String installCommand) {
    super(
        binary
            + " not found: run '"
            + installCommand
            + "' / 未找到 "
            + binary
            + "，请运行 '"
            + installCommand
            + "'");
    this.binary = binary;
    this.installCommand = installCommand;
  }

  public String binary() {
    return binary;
  }

  public String installCommand() {
    return installCommand;
  }
}
