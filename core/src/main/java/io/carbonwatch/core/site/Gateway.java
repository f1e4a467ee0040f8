package io.carbonwatch.core.site;

import java.time.Duration;

/**
 * A Modbus connection shared by the devices behind it: a TCP endpoint, a serial line, or a
 * serial-to-Ethernet converter speaking RTU framing over TCP. TCP transports need {@code host} and
 * {@code port}; {@code rtu} needs {@code device}, {@code baud}, {@code parity}, {@code dataBits},
 * {@code stopBits} (the others are null).
 *
 * @param timeout how long to wait for one response
 * @param retries how many times a failed request is retried before the poll is given up
 * @param pauseBetweenRequests quiet time between two requests on this connection (slow RTU devices)
 */
public record Gateway(
    String id,
    Transport transport,
    String host,
    Integer port,
    String device,
    Integer baud,
    Parity parity,
    Integer dataBits,
    Integer stopBits,
    Duration timeout,
    int retries,
    Duration pauseBetweenRequests) {
  public Gateway {
    Checks.id("gateway.id", id);
    Checks.required("gateway.transport", transport);
    if (transport == Transport.RTU) {
      Checks.required("gateway.device", device);
      Checks.required("gateway.baud", baud);
      Checks.required("gateway.parity", parity);
      Checks.required("gateway.dataBits", dataBits);
      Checks.required("gateway.stopBits", stopBits);
    } else {
      Checks.required("gateway.host", host);
      Checks.required("gateway.port", port);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("gateway.port: expected 1..65535, got " + port);
      }
    }
    Checks.required("gateway.timeout", timeout);
    Checks.required("gateway.pauseBetweenRequests", pauseBetweenRequests);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("gateway.timeout: expected > 0");
    }
    if (retries < 0 || retries > 10) {
      throw new IllegalArgumentException("gateway.retries: expected 0..10, got " + retries);
    }
    if (pauseBetweenRequests.isNegative()) {
      throw new IllegalArgumentException("gateway.pauseBetweenRequests: expected >= 0");
    }
  }
}
