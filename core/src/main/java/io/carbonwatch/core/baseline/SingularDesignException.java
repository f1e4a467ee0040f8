package io.carbonwatch.core.baseline;

/** The regression design cannot be solved: too few observations or collinear variables. */
public final class SingularDesignException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SingularDesignException(String message) {
    super(message);
  }
}
