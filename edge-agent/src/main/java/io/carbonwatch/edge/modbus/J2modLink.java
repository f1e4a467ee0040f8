package io.carbonwatch.edge.modbus;

import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.io.AbstractModbusTransport;
import com.ghgande.j2mod.modbus.msg.ExceptionResponse;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.net.SerialConnection;
import com.ghgande.j2mod.modbus.net.TCPMasterConnection;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.carbonwatch.core.site.Gateway;
import io.carbonwatch.core.site.Transport;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * {@link ModbusLink} over j2mod's transports (Modbus TCP, RTU over TCP, RTU on a serial line).
 *
 * <p>j2mod's own {@code ModbusTCPTransaction} retries on a transaction-id mismatch on the same
 * socket, which keeps a desynchronised stream desynchronised. So this class drives the transport
 * directly: it numbers requests itself, checks transaction id, unit id, function code and length of
 * every response, and on any mismatch or timeout closes the connection so that a late answer can
 * never be taken for the next request's.
 */
public final class J2modLink implements ModbusLink {
  private final Gateway gateway;
  private TCPMasterConnection tcp;
  private SerialConnection serial;
  private AbstractModbusTransport transport;
  private int transactionId;
  private long connects;

  public J2modLink(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public int[] read(int unitId, int function, int start, int count, Duration timeout)
      throws ModbusReadException {
    int timeoutMs = (int) Math.max(1, timeout.toMillis());
    ensureOpen(timeoutMs);
    ModbusRequest request =
        function == 3
            ? new ReadMultipleRegistersRequest(start, count)
            : new ReadInputRegistersRequest(start, count);
    request.setUnitID(unitId);
    transactionId = (transactionId % 0xFFFF) + 1;
    request.setTransactionID(transactionId);
    ModbusResponse response;
    try {
      transport.setTimeout(timeoutMs);
      transport.writeRequest(request);
      response = transport.readResponse();
    } catch (ModbusIOException e) {
      if (isTimeout(e)) {
        // A TCP answer may still arrive late and would be read as the next response; RTU frames
        // carry no id, and reopening a serial port is slow, so the line is only flushed by j2mod.
        if (gateway.transport() != Transport.RTU) {
          reset();
        }
        throw new ModbusReadException(
            ModbusReadException.Reason.TIMEOUT, 0, "no response in " + timeoutMs + " ms", e);
      }
      reset();
      throw new ModbusReadException(
          ModbusReadException.Reason.CONNECTION, 0, String.valueOf(e.getMessage()), e);
    } catch (RuntimeException e) {
      reset();
      throw new ModbusReadException(
          ModbusReadException.Reason.CONNECTION, 0, "unreadable response: " + e, e);
    }
    if (response == null) {
      reset();
      throw new ModbusReadException(ModbusReadException.Reason.TIMEOUT, "no response");
    }
    if (gateway.transport() == Transport.TCP && response.getTransactionID() != transactionId) {
      reset();
      throw new ModbusReadException(
          ModbusReadException.Reason.MISMATCH,
          "transaction id " + response.getTransactionID() + " != " + transactionId);
    }
    if (response.getUnitID() != unitId) {
      reset();
      throw new ModbusReadException(
          ModbusReadException.Reason.MISMATCH, "unit id " + response.getUnitID() + " != " + unitId);
    }
    if (response instanceof ExceptionResponse ex) {
      if ((response.getFunctionCode() & 0x7F) != function) {
        reset();
        throw new ModbusReadException(
            ModbusReadException.Reason.MISMATCH,
            "exception for function " + (response.getFunctionCode() & 0x7F));
      }
      throw new ModbusReadException(
          ModbusReadException.Reason.DEVICE_EXCEPTION,
          ex.getExceptionCode(),
          "exception code " + ex.getExceptionCode(),
          null);
    }
    int[] out = registers(response, function);
    if (out == null || out.length != count) {
      reset();
      throw new ModbusReadException(
          ModbusReadException.Reason.MISMATCH,
          "function "
              + response.getFunctionCode()
              + " with "
              + (out == null ? 0 : out.length)
              + " registers, expected function "
              + function
              + " with "
              + count);
    }
    return out;
  }

  private static int[] registers(ModbusResponse response, int function) {
    if (function == 3 && response instanceof ReadMultipleRegistersResponse r) {
      int[] out = new int[r.getWordCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = r.getRegisterValue(i) & 0xFFFF;
      }
      return out;
    }
    if (function == 4 && response instanceof ReadInputRegistersResponse r) {
      int[] out = new int[r.getWordCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = r.getRegisterValue(i) & 0xFFFF;
      }
      return out;
    }
    return null;
  }

  private static boolean isTimeout(ModbusIOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return m.contains("timeout") || m.contains("timed out") || m.contains("no response");
  }

  private void ensureOpen(int timeoutMs) throws ModbusReadException {
    if (transport != null) {
      return;
    }
    try {
      if (gateway.transport() == Transport.RTU) {
        SerialParameters p = new SerialParameters();
        p.setPortName(gateway.device());
        p.setBaudRate(gateway.baud());
        p.setDatabits(gateway.dataBits());
        p.setStopbits(gateway.stopBits());
        p.setParity(
            switch (gateway.parity()) {
              case NONE -> 0;
              case ODD -> 1;
              case EVEN -> 2;
            });
        p.setEncoding("rtu");
        p.setEcho(false);
        p.setOpenDelay(0);
        SerialConnection c = new SerialConnection(p);
        c.setTimeout(timeoutMs);
        c.open();
        serial = c;
        transport = c.getModbusTransport();
      } else {
        TCPMasterConnection c = new TCPMasterConnection(InetAddress.getByName(gateway.host()));
        c.setPort(gateway.port());
        c.setTimeout(timeoutMs);
        c.setUseRtuOverTcp(gateway.transport() == Transport.RTU_OVER_TCP);
        c.connect();
        tcp = c;
        transport = c.getModbusTransport();
      }
      connects++;
    } catch (Exception e) {
      reset();
      throw new ModbusReadException(
          ModbusReadException.Reason.CONNECTION,
          0,
          "cannot open " + describe() + ": " + e.getMessage(),
          e);
    }
  }

  private String describe() {
    return gateway.transport() == Transport.RTU
        ? gateway.device()
        : gateway.host() + ":" + gateway.port();
  }

  @Override
  public void reset() {
    if (tcp != null) {
      tcp.close();
    }
    if (serial != null) {
      serial.close();
    }
    tcp = null;
    serial = null;
    transport = null;
  }

  @Override
  public long connects() {
    return connects;
  }

  @Override
  public void close() {
    reset();
  }
}
