package io.carbonwatch.jobs.control;

import static io.carbonwatch.jobs.control.ControlMessages.demoYaml;
import static io.carbonwatch.jobs.control.ControlMessages.factorsPayload;
import static io.carbonwatch.jobs.control.ControlMessages.gridFactorJson;
import static io.carbonwatch.jobs.control.ControlMessages.siteModelPayload;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.core.emissions.EmissionCoefficient;
import io.carbonwatch.jobs.DemoPlant;
import io.carbonwatch.jobs.plan.ChannelPlan;
import io.carbonwatch.jobs.plan.EmissionRate;
import java.time.Instant;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PlanRegistryTest {
  /** An interval after the updates (2026-12-01 in Shanghai). */
  private static final long NEXT_INTERVAL = Instant.parse("2026-11-30T16:00:00Z").toEpochMilli();

  private static final String GRID_SELECTION = "grid: \"cn-grid:east:2023\"";

  /** The example plant with its purchased electricity on the supplier factor {@code acme:grid}. */
  private static String onSupplierFactor(String yaml) {
    assertThat(yaml).contains(GRID_SELECTION);
    return yaml.replace(GRID_SELECTION, "grid: \"acme:grid\"");
  }

  private static PlanRegistry demo() {
    return new PlanRegistry(DemoPlant.FILE.toString(), DemoPlant.yaml()).validate();
  }

  private static EmissionCoefficient gridRate(PlanRegistry r, String site, long at) {
    ChannelPlan c = r.plan(site).channel("M-MAIN", "energy_import");
    EmissionRate rate =
        c.emissions().stream()
            .map(ChannelPlan.EmissionRoute::rate)
            .filter(x -> x.sourceId().equals("SRC-GRID"))
            .findFirst()
            .orElseThrow();
    return rate.at(at);
  }

  @Test
  void compilesASiteModelThatUsesAFactorPublishedInTheSameRefresh() throws Exception {
    PlanRegistry r = demo();
    var state =
        new ControlMessages.State()
            .put(
                "sh-plant",
                "factors",
                factorsPayload("v1", gridFactorJson("2026.1", "acme:grid:2026a", 0.5)))
            .put("sh-plant", "site-model", siteModelPayload(onSupplierFactor(demoYaml())));

    r.refresh(state);

    assertThat(r.rejectedUpdates()).isZero();
    assertThat(r.generation()).isEqualTo(2);
    EmissionCoefficient c = gridRate(r, "sh-plant", NEXT_INTERVAL);
    assertThat(c.lineage().factorId()).isEqualTo("acme:grid:2026a");
    assertThat(c.tco2e(1000.0)).isCloseTo(0.5, Offset.offset(1e-9));
  }

  @Test
  void aNewFactorSetChangesTheRateOfTheNextIntervalWithoutARestart() throws Exception {
    PlanRegistry r = demo();
    var state =
        new ControlMessages.State()
            .put(
                "sh-plant",
                "factors",
                factorsPayload("v1", gridFactorJson("2026.1", "acme:grid:2026a", 0.5)))
            .put("sh-plant", "site-model", siteModelPayload(onSupplierFactor(demoYaml())));
    r.refresh(state);
    assertThat(gridRate(r, "sh-plant", NEXT_INTERVAL).tco2e(1000.0))
        .isCloseTo(0.5, Offset.offset(1e-9));

    // The supplier re-issues its 2026 disclosure as a new version; the site model is unchanged.
    state.put(
        "sh-plant",
        "factors",
        factorsPayload("v2", gridFactorJson("2026.2", "acme:grid:2026b", 0.4)));
    r.refresh(state);

    EmissionCoefficient c = gridRate(r, "sh-plant", NEXT_INTERVAL);
    assertThat(c.lineage().factorId()).isEqualTo("acme:grid:2026b");
    assertThat(c.tco2e(1000.0)).isCloseTo(0.4, Offset.offset(1e-9));
    assertThat(r.generation()).isEqualTo(3);
    assertThat(r.rejectedUpdates()).isZero();
  }

  @Test
  void rejectsABrokenMessageCountsItAndKeepsThePreviousVersion() throws Exception {
    PlanRegistry r = demo();
    var state =
        new ControlMessages.State()
            .put(
                "sh-plant",
                "factors",
                factorsPayload("v1", gridFactorJson("2026.1", "acme:grid:2026a", 0.5)))
            .put("sh-plant", "site-model", siteModelPayload(onSupplierFactor(demoYaml())));
    r.refresh(state);
    long generation = r.generation();

    // Not a factor document (a number where the factor needs a unit) and not a site model.
    state.put(
        "sh-plant",
        "factors",
        factorsPayload(
            "v2", gridFactorJson("2026.2", "acme:grid:2026b", 0.4).replace("\"kWh\"", "42")));
    state.put(
        "sh-plant",
        "site-model",
        ControlMessages.rawSiteModelPayload("{\"organisation\": {\"id\": \"demo-co\"}}"));
    r.refresh(state);

    assertThat(r.rejectedUpdates()).isEqualTo(2);
    assertThat(r.generation()).isEqualTo(generation);
    EmissionCoefficient c = gridRate(r, "sh-plant", NEXT_INTERVAL);
    assertThat(c.lineage().factorId()).isEqualTo("acme:grid:2026a");
    assertThat(r.plan("sh-plant").hasMeter("M-MAIN")).isTrue();

    // The same broken messages seen again are not counted twice.
    r.refresh(state);
    assertThat(r.rejectedUpdates()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ several sites

  private static final String SZ = "sz-plant";

  private static PlanRegistry twoSites() {
    return new PlanRegistry("two-sites.yaml", ControlMessages.twoSiteYaml(SZ)).validate();
  }

  /** The example plant's site as {@code siteId} with a second production counter, M-PROD-2. */
  private static String siteWithSecondCounter(String siteId) {
    String block = ControlMessages.renamed(ControlMessages.demoSiteBlock(), siteId);
    String weather = "      - id: M-WEATHER\n";
    assertThat(block).contains(weather);
    return block.replace(
        weather,
        """
              - id: M-PROD-2
                name: {zh: 2号线产量计数器, en: Line 2 production counter}
                level: main_equipment
                energyType: production
                location: 2号装配线 / assembly line 2
                calibration: {intervalMonths: 12, lastCalibrated: 2026-01-10, status: qualified}
                read:
                  protocol: mqtt
                  agent: edge-1
                  topic: factory/line2/counter
                  format: json
                  timePointer: /ts
                  fields:
                    - {channel: units, pointer: /count}
                pollInterval: 10s
                channels:
                  - {id: units, quantity: production, kind: counter, unit: pcs}

        """
            + weather);
  }

  @Test
  void keepsTheApprovedBaselinesOfEverySiteApartEvenUnderTheSameId() throws Exception {
    PlanRegistry r = twoSites();
    var state =
        new ControlMessages.State()
            .put(
                "sh-plant",
                "baselines",
                ControlMessages.baselinesPayload(
                    ControlMessages.approved("BL-AIR", "SEU-AIR", 100)))
            .put(
                SZ,
                "baselines",
                ControlMessages.baselinesPayload(
                    ControlMessages.approved("BL-AIR", "SEU-AIR", 200),
                    ControlMessages.approved("BL-CHILL", "SEU-CHILL", 300)));

    r.refresh(state);

    assertThat(r.approvedBaseline("sh-plant", "BL-AIR").intercept()).isEqualTo(100);
    assertThat(r.approvedBaseline(SZ, "BL-AIR").intercept()).isEqualTo(200);
    assertThat(r.approvedBaseline(SZ, "BL-CHILL").intercept()).isEqualTo(300);
    assertThat(r.approvedBaseline("sh-plant", "BL-CHILL")).isNull();

    // sz-plant's next complete set withdraws BL-CHILL; sh-plant's set is not touched.
    state.put(
        SZ,
        "baselines",
        ControlMessages.baselinesPayload(ControlMessages.approved("BL-AIR", "SEU-AIR", 210)));
    r.refresh(state);

    assertThat(r.approvedBaseline("sh-plant", "BL-AIR").intercept()).isEqualTo(100);
    assertThat(r.approvedBaseline(SZ, "BL-AIR").intercept()).isEqualTo(210);
    assertThat(r.approvedBaseline(SZ, "BL-CHILL")).isNull();
    assertThat(r.rejectedUpdates()).isZero();
  }

  @Test
  void aSiteModelOnOneSitesTopicReplacesOnlyTheSitesItContains() throws Exception {
    PlanRegistry r = twoSites();
    var shChannels = r.plan("sh-plant").channels().size();
    assertThat(r.plan(SZ).hasMeter("M-PROD-2")).isFalse();
    var state =
        new ControlMessages.State()
            .put(
                SZ,
                "site-model",
                siteModelPayload(ControlMessages.modelYaml(siteWithSecondCounter(SZ))));

    r.refresh(state);

    assertThat(r.rejectedUpdates()).isZero();
    assertThat(r.generation()).isEqualTo(2);
    assertThat(r.sites()).containsExactlyInAnyOrder("sh-plant", SZ);
    assertThat(r.plan(SZ).hasMeter("M-PROD-2")).isTrue();
    assertThat(r.plan(SZ).channel("M-PROD-2", "units")).isNotNull();
    assertThat(r.plan("sh-plant").hasMeter("M-PROD-2")).isFalse();
    assertThat(r.plan("sh-plant").hasMeter("M-MAIN")).isTrue();
    assertThat(r.plan("sh-plant").channels()).hasSize(shChannels);
    assertThat(r.model().sites()).extracting(s -> s.id()).containsExactly("sh-plant", SZ);
  }

  @Test
  void aSiteModelMayAddASiteTheStartUpModelDoesNotHave() throws Exception {
    PlanRegistry r = demo();
    var state =
        new ControlMessages.State()
            .put(
                SZ,
                "site-model",
                siteModelPayload(
                    ControlMessages.modelYaml(
                        ControlMessages.renamed(ControlMessages.demoSiteBlock(), SZ))));

    r.refresh(state);

    assertThat(r.sites()).containsExactlyInAnyOrder("sh-plant", SZ);
    assertThat(r.plan(SZ).hasMeter("M-MAIN")).isTrue();
  }

  @Test
  void rejectsAFactorIdThatASecondSitePublishesAndKeepsTheFirstDefinition() throws Exception {
    PlanRegistry r = twoSites();
    var state =
        new ControlMessages.State()
            .put(
                "sh-plant",
                "factors",
                factorsPayload("v1", gridFactorJson("2026.1", "acme:grid:2026a", 0.5)))
            .put(
                "sh-plant",
                "site-model",
                siteModelPayload(onSupplierFactor(ControlMessages.twoSiteYaml(SZ))));
    r.refresh(state);
    assertThat(r.rejectedUpdates()).isZero();
    long generation = r.generation();

    state.put(
        SZ, "factors", factorsPayload("v1", gridFactorJson("2026.9", "acme:grid:2026a", 0.9)));
    r.refresh(state);

    assertThat(r.rejectedUpdates()).isEqualTo(1);
    assertThat(r.generation()).isEqualTo(generation);
    for (String site : List.of("sh-plant", SZ)) {
      EmissionCoefficient c = gridRate(r, site, NEXT_INTERVAL);
      assertThat(c.lineage().factorId()).isEqualTo("acme:grid:2026a");
      assertThat(c.tco2e(1000.0)).isCloseTo(0.5, Offset.offset(1e-9));
    }
  }

  @Test
  void addsTheFactorDocumentsOfEverySite() throws Exception {
    PlanRegistry r = twoSites();
    // sh-plant publishes the supplier factor, sz-plant a factor of its own; the site model (on
    // sz-plant's topic, both sites) selects the supplier's.
    var state =
        new ControlMessages.State()
            .put(
                "sh-plant",
                "factors",
                factorsPayload("v1", gridFactorJson("2026.1", "acme:grid:2026a", 0.5)))
            .put(
                SZ,
                "factors",
                factorsPayload("v1", gridFactorJson("2026.1", "sz:grid:2026", "sz:grid", 0.3)))
            .put(
                SZ,
                "site-model",
                siteModelPayload(onSupplierFactor(ControlMessages.twoSiteYaml(SZ))));

    r.refresh(state);

    assertThat(r.rejectedUpdates()).isZero();
    assertThat(gridRate(r, SZ, NEXT_INTERVAL).lineage().factorId()).isEqualTo("acme:grid:2026a");

    // Now the model selects sz-plant's factor, which stayed in the library.
    state.put(
        SZ,
        "site-model",
        siteModelPayload(
            ControlMessages.twoSiteYaml(SZ)
                .replace("grid: \"cn-grid:east:2023\"", "grid: \"sz:grid\"")));
    r.refresh(state);

    assertThat(r.rejectedUpdates()).isZero();
    assertThat(gridRate(r, "sh-plant", NEXT_INTERVAL).tco2e(1000.0))
        .isCloseTo(0.3, Offset.offset(1e-9));
  }

  @Test
  void rejectsSiteModelsThatDisagreeOnTheOrganisationWideFactorSelection() throws Exception {
    PlanRegistry r = twoSites();
    var state =
        new ControlMessages.State()
            .put(
                "sh-plant",
                "factors",
                factorsPayload("v1", gridFactorJson("2026.1", "acme:grid:2026a", 0.5)))
            .put(
                "sh-plant",
                "site-model",
                siteModelPayload(
                    onSupplierFactor(ControlMessages.modelYaml(ControlMessages.demoSiteBlock()))))
            .put(
                SZ,
                "site-model",
                siteModelPayload(ControlMessages.modelYaml(siteWithSecondCounter(SZ))));

    r.refresh(state);

    // sh-plant's messages (site-id order first) are accepted; sz-plant's, which disagrees with
    // them, is rejected alone.
    assertThat(r.rejectedUpdates()).isEqualTo(1);
    assertThat(r.generation()).isEqualTo(2);
    assertThat(r.plan(SZ).hasMeter("M-PROD-2")).isFalse();
    assertThat(gridRate(r, "sh-plant", NEXT_INTERVAL).lineage().factorId())
        .isEqualTo("acme:grid:2026a");
  }

  @Test
  void aRestoredJobRunsOnTheSamePlansAsTheRunningOneWhateverTheArrivalOrder() throws Exception {
    String shFactors = factorsPayload("v1", gridFactorJson("2026.1", "acme:grid:2026a", 0.5));
    String shModel =
        siteModelPayload(
            onSupplierFactor(ControlMessages.modelYaml(ControlMessages.demoSiteBlock())));
    String szModel = siteModelPayload(ControlMessages.modelYaml(siteWithSecondCounter(SZ)));

    // Running: the messages arrive one by one, sz-plant's first.
    PlanRegistry running = twoSites();
    var state = new ControlMessages.State();
    running.refresh(state.put(SZ, "site-model", szModel));
    running.refresh(state.put("sh-plant", "factors", shFactors));
    running.refresh(state.put("sh-plant", "site-model", shModel));

    // Restored from a checkpoint: the same broadcast state, all at once.
    PlanRegistry restored = twoSites();
    restored.refresh(
        new ControlMessages.State()
            .put(SZ, "site-model", szModel)
            .put("sh-plant", "factors", shFactors)
            .put("sh-plant", "site-model", shModel));

    for (PlanRegistry r : List.of(running, restored)) {
      assertThat(gridRate(r, "sh-plant", NEXT_INTERVAL).lineage().factorId())
          .isEqualTo("acme:grid:2026a");
      assertThat(r.plan(SZ).hasMeter("M-PROD-2")).isFalse();
    }
  }

  @Test
  void rejectsASiteModelOfAnotherOrganisation() throws Exception {
    PlanRegistry r = demo();
    var state =
        new ControlMessages.State()
            .put(
                "sh-plant",
                "site-model",
                siteModelPayload(demoYaml().replace("id: demo-co", "id: other-co")));

    r.refresh(state);

    assertThat(r.rejectedUpdates()).isEqualTo(1);
    assertThat(r.generation()).isEqualTo(1);
    assertThat(r.model().organisation().id()).isEqualTo("demo-co");
  }

  @Test
  void readsAnEntryOfAnOlderCheckpointKeyedByKindOnlyAsItsMessagesSite() throws Exception {
    PlanRegistry r = twoSites();
    var state =
        new ControlMessages.State()
            .putRaw(
                "baselines",
                new ControlUpdate(
                    SZ,
                    "baselines",
                    ControlMessages.baselinesPayload(
                        ControlMessages.approved("BL-AIR", "SEU-AIR", 200))));

    r.refresh(state);

    assertThat(r.approvedBaseline(SZ, "BL-AIR").intercept()).isEqualTo(200);
    assertThat(r.approvedBaseline("sh-plant", "BL-AIR")).isNull();

    // A message under the new key for the same site and kind wins over the old entry.
    state.put(
        SZ,
        "baselines",
        ControlMessages.baselinesPayload(ControlMessages.approved("BL-AIR", "SEU-AIR", 250)));
    r.refresh(state);
    assertThat(r.approvedBaseline(SZ, "BL-AIR").intercept()).isEqualTo(250);
  }
}
