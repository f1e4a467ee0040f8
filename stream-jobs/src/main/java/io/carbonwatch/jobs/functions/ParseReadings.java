package io.carbonwatch.jobs.functions;

import io.carbonwatch.core.wire.DeadLetter;
import io.carbonwatch.core.wire.Reading;
import io.carbonwatch.core.wire.Topics;
import io.carbonwatch.core.wire.WireCodec;
import io.carbonwatch.core.wire.WireFormatException;
import io.carbonwatch.jobs.model.Rejection;
import io.carbonwatch.jobs.mqtt.MqttMessageRecord;
import io.carbonwatch.jobs.mqtt.ReadingBatches;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes readings with the core codec and checks them against their topic (site, agent, meter).
 * Anything wrong goes to the dead-letter side output with a reason that names the field and the
 * meter, and the field as a low-cardinality tag ({@link Rejection#field()}); nothing is dropped
 * silently.
 *
 * <p>A one-input function with no broadcast input, so it chains with the source: the raw bytes
 * never cross a network exchange, only the decoded reading does. The checks against the site model
 * (unknown site, meter, channel, unit mismatch) need the control plane and run in the first keyed
 * operator, {@link MeterFunction}, which is broadcast-connected anyway.
 */
public final class ParseReadings extends ProcessFunction<MqttMessageRecord, Reading> {
  private static final long serialVersionUID = 1L;
  public static final String COMPONENT = "stream-job";
  public static final OutputTag<Rejection> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(Rejection.class));

  private transient Counter deadLetters;
  private transient Counter parsed;

  @Override
  public void open(OpenContext openContext) {
    deadLetters = getRuntimeContext().getMetricGroup().counter("cwDeadLetters");
    parsed = getRuntimeContext().getMetricGroup().counter("cwReadingsParsed");
  }

  @Override
  public void processElement(MqttMessageRecord m, Context ctx, Collector<Reading> out) {
    if (m.problem() != null) {
      // the source already knows: a malformed gateway batch or batch element
      String field =
          ReadingBatches.isWholeBatch(m) ? Rejection.BATCH : Rejection.fieldOfReason(m.problem());
      reject(ctx, Topics.siteOf(m.topic()), m, m.problem(), field);
      return;
    }
    Reading r = null;
    String decodeProblem = null;
    String decodeField = null;
    try {
      r = WireCodec.decodeReading(m.payload());
    } catch (WireFormatException e) {
      decodeProblem = e.getMessage();
      decodeField = Rejection.fieldOfPath(e.path());
    } catch (IllegalArgumentException e) {
      decodeProblem = String.valueOf(e.getMessage());
      decodeField = Rejection.fieldOfReason(decodeProblem);
    }
    if (r != null && Topics.isReadingTopicOf(m.topic(), r.site(), r.agent(), r.meter())) {
      parsed.inc();
      out.collect(r);
      return;
    }
    // Something is wrong: work out what, in the order a reader would check it.
    var address = Topics.parse(m.topic());
    String site = address.map(Topics.Address::site).orElseGet(() -> Topics.siteOf(m.topic()));
    if (address.isEmpty() || address.get().kind() != Topics.Kind.READINGS) {
      reject(
          ctx, site, m, "topic: expected cw/v1/{site}/readings/{agent}/{meter}", Rejection.TOPIC);
    } else if (r == null) {
      reject(ctx, site, m, decodeProblem, decodeField);
    } else {
      String problem = check(address.get(), r);
      if (problem == null) {
        parsed.inc();
        out.collect(r);
      } else {
        // the reason starts with the field it names: site, agent or meter
        reject(ctx, site, m, problem, Rejection.fieldOfReason(problem));
      }
    }
  }

  private static String check(Topics.Address a, Reading r) {
    if (!a.site().equals(r.site())) {
      return "site: '" + r.site() + "' does not match the topic's site '" + a.site() + "'";
    }
    if (!a.agent().equals(r.agent())) {
      return "agent: '" + r.agent() + "' does not match the topic's agent '" + a.agent() + "'";
    }
    if (!a.meter().equals(r.meter())) {
      return "meter: '" + r.meter() + "' does not match the topic's meter '" + a.meter() + "'";
    }
    return null;
  }

  private void reject(Context ctx, String site, MqttMessageRecord m, String reason, String field) {
    deadLetters.inc();
    String safeSite = site.isEmpty() || site.contains("/") ? "unknown" : site;
    ctx.output(
        DEAD_LETTERS,
        new Rejection(
            new DeadLetter(
                safeSite,
                COMPONENT,
                m.deadLetterReason(reason),
                m.topic(),
                new String(m.payload(), StandardCharsets.UTF_8),
                Instant.ofEpochMilli(m.receivedAtMs())),
            field));
  }
}
