package io.carbonwatch.cli.demo;

/** A demo start-up failure whose message is meant for the user as it stands (bilingual). */
public final class DemoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DemoException(String message) {
    super(message);
  }

  public DemoException(String message, Throwable cause) {
    super(message, cause);
  }
}
