package io.carbonwatch.cli;

/** Bad command-line arguments; the message is bilingual and says what is expected. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
