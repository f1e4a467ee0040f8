package io.carbonwatch.edge.modbus;

import java.time.Duration;

/**
 * One connection (TCP socket or serial line) shared by every device behind a gateway. Not
 * thread-safe: exactly one gateway worker uses it.
 */
public interface ModbusLink extends AutoCloseable {

  /**
   * Reads {@code count} registers with function 3 or 4. Opens the connection if needed. A response
   * that does not match the request is never decoded: the connection is closed and the read fails
   * with {@link ModbusReadException.Reason#MISMATCH}.
   *
   * @return the registers as unsigned 16-bit values
   */
  int[] read(int unitId, int function, int start, int count, Duration timeout)
      throws ModbusReadException;

  /** Closes the connection; the next read reconnects. */
  void reset();

  /** How many times the connection was (re)opened, for metrics and tests. */
  long connects();

  @Override
  void close();
}
