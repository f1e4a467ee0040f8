package io.carbonwatch.edge.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.site.Gateway;
import io.carbonwatch.core.site.Transport;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hand-written Modbus TCP server that can answer with a wrong transaction id, a wrong unit id or
 * too few registers: the link must discard such answers, reset the connection and recover.
 */
class MisbehavingServerTest {
  enum Mode {
    GOOD,
    WRONG_TID,
    WRONG_UNIT,
    SHORT,
    EXCEPTION_4
  }

  private ServerSocket server;
  private volatile Mode mode = Mode.GOOD;
  private final AtomicInteger accepted = new AtomicInteger();
  private Thread thread;

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  accepted.incrementAndGet();
                  Thread t = new Thread(() -> serve(s));
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    thread.setDaemon(true);
    thread.start();
  }

  private void serve(Socket s) {
    try (s;
        DataInputStream in = new DataInputStream(s.getInputStream());
        DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
      while (true) {
        int tid = in.readUnsignedShort();
        in.readUnsignedShort(); // protocol
        int len = in.readUnsignedShort();
        int unit = in.readUnsignedByte();
        byte[] pdu = new byte[len - 1];
        in.readFully(pdu);
        int fc = pdu[0] & 0xFF;
        int count = ((pdu[3] & 0xFF) << 8) | (pdu[4] & 0xFF);
        Mode m = mode;
        if (m == Mode.EXCEPTION_4) {
          out.writeShort(tid);
          out.writeShort(0);
          out.writeShort(3);
          out.writeByte(unit);
          out.writeByte(fc | 0x80);
          out.writeByte(4);
          out.flush();
          continue;
        }
        int n = m == Mode.SHORT ? count - 1 : count;
        out.writeShort(m == Mode.WRONG_TID ? (tid + 7) & 0xFFFF : tid);
        out.writeShort(0);
        out.writeShort(3 + 2 * n);
        out.writeByte(m == Mode.WRONG_UNIT ? unit + 1 : unit);
        out.writeByte(fc);
        out.writeByte(2 * n);
        for (int i = 0; i < n; i++) {
          out.writeShort(1000 + i);
        }
        out.flush();
      }
    } catch (IOException e) {
      // client went away
    }
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private Gateway gateway() {
    return new Gateway(
        "gw",
        Transport.TCP,
        "127.0.0.1",
        server.getLocalPort(),
        null,
        null,
        null,
        null,
        null,
        Duration.ofMillis(500),
        0,
        Duration.ZERO);
  }

  @Test
  void discardsAResponseWithAnotherTransactionIdAndReconnects() throws Exception {
    try (J2modLink link = new J2modLink(gateway())) {
      assertThat(link.read(1, 3, 0, 4, Duration.ofMillis(500)))
          .containsExactly(1000, 1001, 1002, 1003);
      assertThat(link.connects()).isEqualTo(1);
      mode = Mode.WRONG_TID;
      assertThatThrownBy(() -> link.read(1, 3, 0, 4, Duration.ofMillis(500)))
          .isInstanceOfSatisfying(
              ModbusReadException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ModbusReadException.Reason.MISMATCH);
                assertThat(e.getMessage()).contains("transaction id");
              });
      mode = Mode.GOOD;
      // the next read opens a fresh connection and decodes normally: no lasting desync
      assertThat(link.read(1, 3, 0, 4, Duration.ofMillis(500)))
          .containsExactly(1000, 1001, 1002, 1003);
      assertThat(link.connects()).isEqualTo(2);
      assertThat(accepted.get()).isEqualTo(2);
    }
  }

  @Test
  void discardsAResponseFromAnotherUnit() throws Exception {
    try (J2modLink link = new J2modLink(gateway())) {
      mode = Mode.WRONG_UNIT;
      assertThatThrownBy(() -> link.read(5, 4, 0, 2, Duration.ofMillis(500)))
          .isInstanceOfSatisfying(
              ModbusReadException.class,
              e -> assertThat(e.reason()).isEqualTo(ModbusReadException.Reason.MISMATCH));
      mode = Mode.GOOD;
      assertThat(link.read(5, 4, 0, 2, Duration.ofMillis(500))).containsExactly(1000, 1001);
      assertThat(link.connects()).isEqualTo(2);
    }
  }

  @Test
  void rejectsAResponseWithFewerRegistersThanAskedFor() throws Exception {
    try (J2modLink link = new J2modLink(gateway())) {
      mode = Mode.SHORT;
      assertThatThrownBy(() -> link.read(1, 3, 10, 6, Duration.ofMillis(500)))
          .isInstanceOfSatisfying(
              ModbusReadException.class,
              e -> assertThat(e.reason()).isEqualTo(ModbusReadException.Reason.MISMATCH));
    }
  }

  @Test
  void reportsTheDeviceExceptionCode() throws Exception {
    try (J2modLink link = new J2modLink(gateway())) {
      mode = Mode.EXCEPTION_4;
      assertThatThrownBy(() -> link.read(1, 3, 10, 6, Duration.ofMillis(500)))
          .isInstanceOfSatisfying(
              ModbusReadException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(ModbusReadException.Reason.DEVICE_EXCEPTION);
                assertThat(e.exceptionCode()).isEqualTo(4);
              });
      // an exception response is a healthy answer: the connection stays
      mode = Mode.GOOD;
      link.read(1, 3, 10, 6, Duration.ofMillis(500));
      assertThat(link.connects()).isEqualTo(1);
    }
  }

  @Test
  void aClosedPortIsAConnectionFailureNotATimeout() throws Exception {
    server.close();
    // A socket bound but never listening holds the port, so no other process can take it between
    // here and the connect (an ephemeral port freed by close() can be reused at once), and a
    // connect to it is refused.
    try (java.net.Socket holder = new java.net.Socket()) {
      holder.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
      refusedConnect(holder.getLocalPort());
    }
  }

  private static void refusedConnect(int port) throws Exception {
    Gateway g =
        new Gateway(
            "gw",
            Transport.TCP,
            "127.0.0.1",
            port,
            null,
            null,
            null,
            null,
            null,
            Duration.ofMillis(300),
            0,
            Duration.ZERO);
    try (J2modLink link = new J2modLink(g)) {
      assertThatThrownBy(() -> link.read(1, 3, 0, 1, Duration.ofMillis(300)))
          .isInstanceOfSatisfying(
              ModbusReadException.class,
              e -> assertThat(e.reason()).isEqualTo(ModbusReadException.Reason.CONNECTION));
    }
  }
}
