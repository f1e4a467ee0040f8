package io.carbonwatch.api.http;

import java.util.Objects;

/**
 * A route group's failed handler, sent back to the gateway as a reply rather than as an event-bus
 * failure: the gateway needs the exception itself ({@link ApiException} with its code and messages,
 * a PostgreSQL data exception, …) to map it exactly as an in-process handler's failure. Only ever
 * delivered locally, by reference.
 */
public record ApiFailure(Throwable cause) {
  public ApiFailure {
    Objects.requireNonNull(cause, "cause");
  }
}
