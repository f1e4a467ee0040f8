package io.carbonwatch.edge.sim;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.carbonwatch.core.modbus.DeviceProfile;
import io.carbonwatch.core.modbus.ProfileCatalog;
import io.carbonwatch.core.site.EdgeAgent;
import io.carbonwatch.core.site.Gateway;
import io.carbonwatch.core.site.Meter;
import io.carbonwatch.core.site.ModbusAcquisition;
import io.carbonwatch.core.site.Site;
import io.carbonwatch.core.site.Transport;
import io.carbonwatch.edge.poll.DeviceProfiles;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Serves a site's Modbus meters like the real plant would: one j2mod slave per gateway (TCP or RTU
 * over TCP on the gateway's port; an RTU line on a serial device given in the options), one unit id
 * per meter. Usable from Java (tests, demo, benchmarks) and from {@code carbonwatch simulate}.
 */
public final class Simulator implements AutoCloseable {

  /**
   * @param speed simulated seconds per wall-clock second
   * @param seed makes load noise and meter sizes reproducible
   * @param simStart simulated instant at start (null: now)
   * @param bindAddress address the TCP slaves listen on
   * @param serialDevices simulator-side serial device per RTU gateway id (e.g. the other end of a
   *     socat pty pair); RTU gateways without one are not served
   */
  public record Options(
      double speed,
      long seed,
      Instant simStart,
      String bindAddress,
      Map<String, String> serialDevices) {
    public Options {
      if (!(speed > 0)) {
        throw new IllegalArgumentException("speed: expected > 0, got " + speed);
      }
      bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
      serialDevices = serialDevices == null ? Map.of() : Map.copyOf(serialDevices);
    }

    public static Options defaults() {
      return new Options(1.0, 42L, null, "127.0.0.1", Map.of());
    }

    public Options withSpeed(double s) {
      return new Options(s, seed, simStart, bindAddress, serialDevices);
    }

    public Options withSerial(Map<String, String> devices) {
      return new Options(speed, seed, simStart, bindAddress, devices);
    }
  }

  private final Site site;
  private final Options options;
  private final SimClock clock;
  private final Map<String, SimulatedMeter> meters = new LinkedHashMap<>();
  private final List<ModbusSlave> slaves = new ArrayList<>();

  public Simulator(Site site, Options options) {
    this.site = site;
    this.options = options;
    this.clock =
        new SimClock(
            options.simStart() == null ? Instant.now() : options.simStart(), options.speed());
  }

  /** Opens every gateway's slave. Fails naming the gateway when a port is taken. */
  public synchronized Simulator start() {
    DeviceProfiles profiles = new DeviceProfiles(ProfileCatalog.shipped());
    LoadShape shape = new LoadShape(site.timeZone(), 0.3);
    Random sizes = new Random(options.seed());
    for (EdgeAgent agent : site.agents()) {
      for (Gateway g : agent.gateways()) {
        Map<Integer, SimulatedMeter> units = new LinkedHashMap<>();
        for (Meter m : site.meters()) {
          if (m.read() instanceof ModbusAcquisition a
              && a.agent().equals(agent.id())
              && a.gateway().equals(g.id())) {
            DeviceProfile p = profiles.of(m);
            double nominal = nominal(m, sizes);
            SimulatedMeter sm =
                new SimulatedMeter(
                    m.id(),
                    p,
                    nominal,
                    1.0,
                    1.0,
                    shape,
                    options.seed(),
                    clock,
                    1000 + sizes.nextInt(5000));
            units.put(a.unitId(), sm);
            meters.put(m.id(), sm);
          }
        }
        if (!units.isEmpty()) {
          open(g, units);
        }
      }
    }
    return this;
  }

  private static double nominal(Meter m, Random sizes) {
    if (m.range() != null && m.range().max() > 0) {
      return m.range().max() * 0.6;
    }
    return 20 + sizes.nextInt(180);
  }

  private void open(Gateway g, Map<Integer, SimulatedMeter> units) {
    try {
      ModbusSlave slave;
      if (g.transport() == Transport.RTU) {
        String device = options.serialDevices().get(g.id());
        if (device == null) {
          return;
        }
        SerialParameters p = new SerialParameters();
        p.setPortName(device);
        p.setBaudRate(g.baud());
        p.setDatabits(g.dataBits());
        p.setStopbits(g.stopBits());
        p.setParity(
            switch (g.parity()) {
              case NONE -> 0;
              case ODD -> 1;
              case EVEN -> 2;
            });
        p.setEncoding("rtu");
        p.setEcho(false);
        p.setOpenDelay(0);
        slave = ModbusSlaveFactory.createSerialSlave(p);
      } else {
        slave =
            ModbusSlaveFactory.createTCPSlave(
                InetAddress.getByName(options.bindAddress()),
                g.port(),
                16,
                g.transport() == Transport.RTU_OVER_TCP);
      }
      units.forEach((unit, m) -> slave.addProcessImage(unit, new MeterImage(unit, m)));
      slave.open();
      slaves.add(slave);
    } catch (ModbusException | java.net.UnknownHostException e) {
      throw new IllegalStateException(
          "gateway " + g.id() + ": cannot serve on " + describe(g) + ": " + e.getMessage(), e);
    }
  }

  private String describe(Gateway g) {
    return g.transport() == Transport.RTU
        ? options.serialDevices().get(g.id())
        : options.bindAddress() + ":" + g.port();
  }

  public SimulatedMeter meter(String id) {
    SimulatedMeter m = meters.get(id);
    if (m == null) {
      throw new IllegalArgumentException("no simulated meter " + id + "; have " + meters.keySet());
    }
    return m;
  }

  public List<String> meterIds() {
    return List.copyOf(meters.keySet());
  }

  public SimClock clock() {
    return clock;
  }

  @Override
  public synchronized void close() {
    for (ModbusSlave s : slaves) {
      ModbusSlaveFactory.close(s);
    }
    slaves.clear();
  }
}
