package io.carbonwatch.core.deviation;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.deviation.DeviationRule.Direction;
import io.carbonwatch.core.deviation.DeviationRule.Mode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lifecycle invariants over many random window sequences (seeded, so failures reproduce). */
class DeviationLifecyclePropertyTest {

  @Test
  void alertLifecycleInvariantsHoldOverRandomSequences() {
    Map<DeviationEvent.Type, Integer> counts = new HashMap<>();
    for (long seed = 1; seed <= 300; seed++) {
      Random rnd = new Random(seed);
      int n = 1 + rnd.nextInt(4);
      int m = 1 + rnd.nextInt(4);
      DeviationRule rule =
          DeviationDetectorTest.rule(
              Mode.PERCENT, Direction.values()[rnd.nextInt(3)], n, m, 4, 8, 20, 40);
      DeviationDetector d = new DeviationDetector(rule);
      DetectorState s = DetectorState.initial();
      String openAlert = null;
      int lastSeq = 0;
      Severity lastSeverity = null;
      int significantRun = 0;
      Map<String, Integer> seen = new HashMap<>();
      Instant t = DeviationDetectorTest.T0;
      for (int i = 0; i < 400; i++) {
        if (rnd.nextInt(30) == 0) {
          t = t.plusSeconds(3600); // a missing window
          significantRun = 0;
        }
        double actual = 100 + (rnd.nextDouble() - 0.5) * (rnd.nextBoolean() ? 20 : 120);
        WindowResult w = new WindowResult(t, t.plusSeconds(3600), 100, actual, null);
        DeviationDetector.Result r = d.apply(s, w);
        boolean significant = rule.severityFor(d.measure(w)) != null;
        significantRun = significant ? significantRun + 1 : 0;
        if (r.event().isPresent()) {
          DeviationEvent e = r.event().get();
          switch (e.type()) {
            case RAISED -> {
              assertThat(openAlert).as("seed %d: raised while open", seed).isNull();
              assertThat(significantRun)
                  .as("seed %d: raised too early", seed)
                  .isGreaterThanOrEqualTo(n);
              assertThat(e.eventSeq()).isEqualTo(1);
              assertThat(seen).doesNotContainKey(e.alertId());
              openAlert = e.alertId();
            }
            case UPDATED -> {
              assertThat(e.alertId()).isEqualTo(openAlert);
              assertThat(e.eventSeq()).isEqualTo(lastSeq + 1);
              assertThat(e.severity()).isGreaterThan(lastSeverity);
            }
            case CLEARED -> {
              assertThat(e.alertId()).isEqualTo(openAlert);
              assertThat(e.eventSeq()).isEqualTo(lastSeq + 1);
              assertThat(d.measure(w)).isLessThan(rule.clearThreshold());
              openAlert = null;
            }
          }
          counts.merge(e.type(), 1, Integer::sum);
          seen.put(e.alertId(), e.eventSeq());
          lastSeq = e.eventSeq();
          lastSeverity = e.severity();
        }
        assertThat(r.state().phase() == DetectorState.Phase.ACTIVE).isEqualTo(openAlert != null);
        s = r.state();
        t = t.plusSeconds(3600);
      }
    }
    // the sequences exercise every transition, so the invariants above were really checked
    assertThat(counts).containsKeys(DeviationEvent.Type.values());
    assertThat(counts.get(DeviationEvent.Type.RAISED)).isGreaterThan(1000);
  }
}
