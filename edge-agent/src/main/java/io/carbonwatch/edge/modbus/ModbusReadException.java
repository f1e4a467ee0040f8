package io.carbonwatch.edge.modbus;

/** A read that produced no usable registers, and why. */
public final class ModbusReadException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a read failed; also the {@code reason} tag of the failure metric. */
  public enum Reason {
    /** No (complete) response within the timeout. */
    TIMEOUT("timeout"),
    /** The device answered with a Modbus exception response. */
    DEVICE_EXCEPTION("device_exception"),
    /** The response belonged to another request (transaction id, unit id, function, length). */
    MISMATCH("mismatch"),
    /** The connection could not be opened or broke. */
    CONNECTION("connection");

    private final String tag;

    Reason(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  private final Reason reason;
  private final int exceptionCode;

  public ModbusReadException(Reason reason, String message) {
    this(reason, 0, message, null);
  }

  public ModbusReadException(Reason reason, int exceptionCode, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.exceptionCode = exceptionCode;
  }

  public Reason reason() {
    return reason;
  }

  /** The Modbus exception code with {@link Reason#DEVICE_EXCEPTION}, else 0. */
  public int exceptionCode() {
    return exceptionCode;
  }
}
