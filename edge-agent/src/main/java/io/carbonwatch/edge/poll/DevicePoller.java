package io.carbonwatch.edge.poll;

import io.carbonwatch.core.modbus.ProfileField;
import io.carbonwatch.core.modbus.ReadRequest;
import io.carbonwatch.core.wire.Quality;
import io.carbonwatch.edge.modbus.ModbusLink;
import io.carbonwatch.edge.modbus.ModbusReadException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Executes a device's planned requests on a link and decodes the fields. It never substitutes an
 * earlier value: a request that fails leaves its channels without value and with the failure's
 * quality.
 */
public final class DevicePoller {

  /** Observes each request, for metrics. */
  public interface Listener {
    void request(String meter, Duration latency, ModbusReadException.Reason failure);

    Listener NONE = (m, l, f) -> {};
  }

  private final Clock clock;
  private final Listener listener;

  public DevicePoller(Clock clock, Listener listener) {
    this.clock = clock;
    this.listener = listener;
  }

  /**
   * @param retries extra attempts for a request that timed out or hit a broken connection
   * @param pause quiet time before each request (slow RTU devices)
   */
  public PollResult poll(
      ModbusLink link, DeviceSpec spec, Duration timeout, int retries, Duration pause) {
    Instant time = clock.instant();
    Map<String, FieldOutcome> out = new HashMap<>();
    int linkFailures = 0;
    ModbusReadException linkDown = null;
    for (ReadRequest r : spec.plan()) {
      ModbusReadException last = linkDown;
      int[] regs = null;
      // once the device did not answer, its other requests would only cost more timeouts
      for (int attempt = 0; linkDown == null && attempt <= retries && regs == null; attempt++) {
        pause(pause);
        long t0 = System.nanoTime();
        try {
          regs = link.read(spec.unitId(), r.function(), r.start(), r.count(), timeout);
          listener.request(spec.meterId(), Duration.ofNanos(System.nanoTime() - t0), null);
        } catch (ModbusReadException e) {
          listener.request(spec.meterId(), Duration.ofNanos(System.nanoTime() - t0), e.reason());
          last = e;
          if (e.reason() == ModbusReadException.Reason.DEVICE_EXCEPTION) {
            break; // the device answered; asking again gives the same answer
          }
        }
      }
      for (ProfileField f : r.fields()) {
        DeviceSpec.Binding b = spec.bindings().get(f.name());
        if (regs != null) {
          double v = f.decode(regs, r.start(), spec.ptRatio(), spec.ctRatio()) * b.unitFactor();
          out.put(
              b.channel().id(),
              Double.isFinite(v)
                  ? FieldOutcome.value(v)
                  : FieldOutcome.failed(Quality.DEVICE_EXCEPTION, 3));
        } else if (last.reason() == ModbusReadException.Reason.DEVICE_EXCEPTION) {
          out.put(
              b.channel().id(),
              FieldOutcome.failed(Quality.DEVICE_EXCEPTION, last.exceptionCode()));
        } else {
          out.put(b.channel().id(), FieldOutcome.failed(Quality.TIMEOUT, null));
        }
      }
      if (regs == null && last.reason() != ModbusReadException.Reason.DEVICE_EXCEPTION) {
        linkFailures++;
        linkDown = last;
      }
    }
    return new PollResult(
        time, out, linkFailures == spec.plan().size() && linkFailures > 0, spec.plan().size());
  }

  private static void pause(Duration pause) {
    if (!pause.isZero()) {
      try {
        Thread.sleep(pause.toMillis(), pause.toNanosPart() % 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
