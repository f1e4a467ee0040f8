package io.carbonwatch.testkit;

/** A test server did not come up; the message carries the tail of its log. */
public final class ServerStartException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ServerStartException(String message) {
    super(message);
  }

  public ServerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
