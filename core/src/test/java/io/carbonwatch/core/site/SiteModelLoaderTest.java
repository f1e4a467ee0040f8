package io.carbonwatch.core.site;

import static io.carbonwatch.core.site.DemoPlant.pos;
import static io.carbonwatch.core.site.DemoPlant.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonwatch.core.site.yaml.ConfigException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SiteModelLoaderTest {
  private static final String F = "demo-plant.yaml";
  private final SiteModelLoader loader = new SiteModelLoader();

  private List<String> errorsOf(String yaml) {
    return errorsOf(loader, yaml);
  }

  private static List<String> errorsOf(SiteModelLoader loader, String yaml) {
    try {
      loader.loadYaml(F, yaml);
    } catch (ConfigException e) {
      return e.errors().stream().map(Object::toString).toList();
    }
    throw new AssertionError("expected the broken copy to fail");
  }

  @Test
  void loadsTheExamplePlant() {
    SiteModel model = loader.load(DemoPlant.FILE);

    assertThat(model.organisation().id()).isEqualTo("demo-co");
    assertThat(model.factors().gwp()).isEqualTo("AR5");
    assertThat(model.factors().grid()).isEqualTo("cn-grid:east:2023");
    Site site = model.site("sh-plant").orElseThrow();
    assertThat(site.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(site.meters()).hasSize(9);
    assertThat(site.sources())
        .extracting(CarbonSource::type)
        .contains(
            SourceType.PURCHASED_ELECTRICITY,
            SourceType.STATIONARY_COMBUSTION,
            SourceType.FUGITIVE,
            SourceType.ONSITE_RENEWABLE);
    assertThat(site.seus())
        .extracting(Seu::id)
        .containsExactly("SEU-AIR", "SEU-CHILL", "SEU-BOILER");

    Meter main = site.meter("M-MAIN").orElseThrow();
    assertThat(main.level()).isEqualTo(MeteringLevel.ORGANISATION);
    assertThat(main.level().zh()).isEqualTo("进出用能单位");
    assertThat(main.accuracyClass()).isEqualTo("0.5S");
    assertThat(main.calibration().nextDue()).isEqualTo(LocalDate.of(2027, 3, 15));
    assertThat(main.read()).isInstanceOf(ModbusAcquisition.class);
    ModbusAcquisition mb = (ModbusAcquisition) main.read();
    assertThat(mb.profile()).isEqualTo("acrel-dtsd1352");
    assertThat(site.agent("edge-1").orElseThrow().gateway(mb.gateway()).orElseThrow().port())
        .isEqualTo(15020);
    Channel energy = main.channel("energy_import").orElseThrow();
    assertThat(energy.kind()).isEqualTo(ChannelKind.COUNTER);
    assertThat(energy.expectChange()).isTrue();
    assertThat(energy.frozenAfter()).isEqualTo(Duration.ofMinutes(15));

    MqttAcquisition prod = (MqttAcquisition) site.meter("M-PROD").orElseThrow().read();
    assertThat(prod.fields()).containsExactly(new FieldMapping("units", "/count"));
    assertThat(site.meter("M-REFRIG").orElseThrow().read()).isInstanceOf(ManualAcquisition.class);

    CarbonSource gas = site.source("SRC-BOILER-GAS").orElseThrow();
    assertThat(gas.activity()).isEqualTo(new ChannelRef("M-GAS", "volume_standard"));
    assertThat(gas.scope()).isEqualTo(1);
    assertThat(site.source("SRC-PV").orElseThrow().scope()).isNull();

    RelevantVariable cdd = site.relevantVariable("RV-CDD").orElseThrow();
    assertThat(cdd.baseTemperatureC()).isEqualTo(18.0);

    DeviationRule rule = site.deviationRule("dev-air-energy").orElseThrow();
    assertThat(rule.severities())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(Severity.MINOR, 10.0, Severity.MAJOR, 20.0, Severity.CRITICAL, 40.0));
    assertThat(rule.window().duration()).isEqualTo(Duration.ofHours(1));
    assertThat(site.baseline("BL-AIR").orElseThrow().model().coefficients())
        .containsEntry("RV-PROD", 0.42);
    assertThat(site.kindOf("SEU-AIR")).contains(TargetKind.SEU);
    assertThat(site.kindOf("sh-plant")).contains(TargetKind.SITE);
    assertThat(site.metersOf("edge-1")).hasSize(8);
  }

  @Test
  void virtualMeterFormulaEvaluatesOverItsMeters() {
    Site site = loader.load(DemoPlant.FILE).sites().get(0);
    Formula f = site.virtualMeter("VM-OTHER").orElseThrow().formula();
    Map<String, Double> v =
        Map.of("M-MAIN", 100.0, "M-PV", 20.0, "M-AIR-1", 30.0, "M-AIR-2", 25.0, "M-CHILL", 40.0);
    assertThat(f.evaluate(r -> v.get(r.meter()))).isEqualTo(25.0);
    assertThat(f.refs())
        .extracting(ChannelRef::meter)
        .containsExactly("M-MAIN", "M-PV", "M-AIR-1", "M-AIR-2", "M-CHILL");
  }

  @Test
  void dataCollectionPlanHasEveryChannelAndTheExplicitEntries() {
    Site site = loader.load(DemoPlant.FILE).sites().get(0);
    List<CollectionPlanEntry> plan = site.dataCollectionPlan();
    long channels = site.meters().stream().mapToLong(m -> m.channels().size()).sum();
    assertThat(plan).hasSize((int) channels + 3);
    assertThat(plan.get(0).data()).startsWith("M-MAIN.energy_import");
    assertThat(plan.get(0).frequency()).isEqualTo(Duration.ofSeconds(5));
    assertThat(plan.get(0).method()).isEqualTo("modbus");
    assertThat(plan).anyMatch(e -> e.method().equals("mqtt") && "M-PROD".equals(e.instrument()));
  }

  @Test
  void canonicalJsonReloadsToAnEqualModelWithTheSameVersion() {
    SiteModel model = loader.load(DemoPlant.FILE);
    String json = SiteModelJson.toJson(model);
    SiteModel back = loader.loadJson("control.json", json);
    assertThat(back).isEqualTo(model);
    assertThat(SiteModelJson.toJson(back)).isEqualTo(json);
    assertThat(SiteModelJson.version(model)).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void versionIgnoresFormattingAndCommentsButNotContent() {
    String text = DemoPlant.text();
    String v = SiteModelJson.version(loader.loadYaml(F, text));
    String reformatted =
        replace(
                text,
                "  gwp: AR5                       # GWP-100 set used for every gas",
                "  gwp: 'AR5'")
            .replace("# Carbon performance parameters (6.1.4).", "# reworded comment");
    assertThat(SiteModelJson.version(loader.loadYaml(F, reformatted))).isEqualTo(v);
    String changed = replace(text, "port: 15020", "port: 15021");
    assertThat(SiteModelJson.version(loader.loadYaml(F, changed))).isNotEqualTo(v);
  }

  @Test
  void badAccuracyClassNamesLineColumnPathAndAllowedClasses() {
    String text = DemoPlant.text();
    String broken = replace(text, "accuracyClass: 0.5S", "accuracyClass: 0.3");
    assertThat(errorsOf(broken))
        .containsExactly(
            F
                + ":"
                + pos(broken, "accuracyClass: 0.3", 15)
                + " sites[0].meters[0].accuracyClass: expected one of 0.2S, 0.5S, 0.2, 0.5, 1, 2, 3"
                + " for energyType electricity, got '0.3'");
  }

  @Test
  void unknownKeyIsAnErrorListingTheKnownKeys() {
    String text = DemoPlant.text();
    String broken = replace(text, "        pollInterval: 10s\n", "        pollIntervall: 10s\n");
    List<String> errors = errorsOf(broken);
    assertThat(errors)
        .contains(
            F
                + ":"
                + pos(broken, "pollIntervall")
                + " sites[0].meters[5].pollIntervall: unknown key, expected one of id, name, level,"
                + " energyType, accuracyClass, range, serial, model, location, calibration, read,"
                + " pollInterval, channels")
        .anyMatch(e -> e.contains("sites[0].meters[5].pollInterval: missing"));
  }

  @Test
  void missingRequiredKeyNamesTheMapAndTheKey() {
    String text = DemoPlant.text();
    String broken = replace(text, "    timeZone: Asia/Shanghai\n", "");
    assertThat(errorsOf(broken))
        .containsExactly(
            F
                + ":"
                + pos(broken, "id: sh-plant")
                + " sites[0].timeZone: missing, expected a value for required key 'timeZone'");
  }

  @Test
  void badTimeZoneSaysWhatIsExpected() {
    String broken = replace(DemoPlant.text(), "timeZone: Asia/Shanghai", "timeZone: Asia/Shanghia");
    assertThat(errorsOf(broken))
        .containsExactly(
            F
                + ":"
                + pos(broken, "Asia/Shanghia")
                + " sites[0].timeZone: expected an IANA time zone such as Asia/Shanghai, got"
                + " 'Asia/Shanghia'");
    String offset = replace(DemoPlant.text(), "timeZone: Asia/Shanghai", "timeZone: '+08:00'");
    assertThat(errorsOf(offset))
        .singleElement()
        .asString()
        .contains("sites[0].timeZone: expected an IANA");
  }

  @Test
  void typeErrorNamesTheExpectedType() {
    String broken = replace(DemoPlant.text(), "port: 15020", "port: fifteen");
    assertThat(errorsOf(broken))
        .containsExactly(
            F
                + ":"
                + pos(broken, "fifteen")
                + " sites[0].agents[0].gateways[0].port: expected an integer, got 'fifteen'");
    String list = replace(DemoPlant.text(), "meters: [M-AIR-1, M-AIR-2]", "meters: M-AIR-1");
    assertThat(errorsOf(list))
        .containsExactly(
            F
                + ":"
                + pos(list, "meters: M-AIR-1", 8)
                + " sites[0].seus[0].meters: expected a list, got 'M-AIR-1'");
  }

  @Test
  void badEnumListsTheAllowedValues() {
    String broken =
        replace(DemoPlant.text(), "level: main_equipment          # 主要用能设备", "level: equipment");
    assertThat(errorsOf(broken))
        .containsExactly(
            F
                + ":"
                + pos(broken, "level: equipment", 7)
                + " sites[0].meters[1].level: expected one of organisation, secondary_unit,"
                + " main_equipment, got 'equipment'");
    String status = replace(DemoPlant.text(), "status: qualified", "status: 合格");
    assertThat(errorsOf(status))
        .singleElement()
        .asString()
        .endsWith(
            "sites[0].meters[0].calibration.status: expected one of qualified, conditional, disabled, got '合格'");
  }

  @Test
  void danglingReferencesAreErrors() {
    String text = DemoPlant.text();
    String meter =
        replace(text, "activity: M-GAS.volume_standard", "activity: M-GAZ.volume_standard");
    assertThat(errorsOf(meter))
        .containsExactly(
            F
                + ":"
                + pos(meter, "M-GAZ")
                + " sites[0].sources[1].activity: unknown meter 'M-GAZ', expected one of M-MAIN,"
                + " M-AIR-1, M-AIR-2, M-CHILL, M-PV, M-GAS, M-PROD, M-WEATHER, M-REFRIG, VM-OTHER");
    String channel = replace(text, "source: M-PROD.units", "source: M-PROD.unit");
    assertThat(errorsOf(channel))
        .containsExactly(
            F
                + ":"
                + pos(channel, "M-PROD.unit\n")
                + " sites[0].relevantVariables[0].source: unknown channel 'unit' of meter M-PROD,"
                + " expected one of units");
    String seu =
        replace(
            text,
            "relevantVariables: [RV-PROD]\n        responsible",
            "relevantVariables: [RV-PRODUCTION]\n        responsible");
    assertThat(errorsOf(seu))
        .singleElement()
        .asString()
        .endsWith(
            "sites[0].seus[0].relevantVariables: unknown relevant variable 'RV-PRODUCTION', expected one of RV-PROD, RV-CDD, RV-HDD");
    String rule = replace(text, "baseline: BL-AIR", "baseline: BL-AIR-2");
    assertThat(errorsOf(rule))
        .singleElement()
        .asString()
        .isEqualTo(
            F
                + ":"
                + pos(rule, "BL-AIR-2")
                + " sites[0].deviationRules[0].baseline: unknown baseline 'BL-AIR-2', expected one of BL-AIR, BL-CHILL, BL-BOILER, BL-SITE");
    String agent = replace(text, "unitId: 4, profile", "unitId: 3, profile");
    assertThat(errorsOf(agent))
        .singleElement()
        .asString()
        .contains(
            "sites[0].meters[3].read.unitId: unit id 3 on gateway gw-main is already used by meter M-AIR-2");
    String target = replace(text, "target: SEU-AIR\n        per", "target: SEU-AIRR\n        per");
    assertThat(errorsOf(target))
        .singleElement()
        .asString()
        .endsWith(
            "sites[0].parameters[2].target: unknown target 'SEU-AIRR', expected the site id sh-plant or an SEU, meter, virtual meter or source id");
  }

  @Test
  void gridFactorOfAnotherRegionIsAnError() {
    String text = DemoPlant.text();
    String north = replace(text, "grid: \"cn-grid:east:2023\"", "grid: \"cn-grid:north:2023\"");
    assertThat(errorsOf(north))
        .singleElement()
        .asString()
        .endsWith(
            "sites[0].sources[0].type: factors.grid cn-grid:north:2023 is for 'north' but site sh-plant is in grid region 'east', expected a factor of its region or province, a national factor, or this source's own 'factor'");
    String national =
        replace(text, "grid: \"cn-grid:east:2023\"", "grid: \"cn-grid:national:2023\"");
    assertThat(loader.loadYaml(F, national).factors().grid()).isEqualTo("cn-grid:national:2023");
    String province = replace(text, "grid: \"cn-grid:east:2023\"", "grid: \"cn-grid:shanghai\"");
    assertThat(loader.loadYaml(F, province).factors().grid()).isEqualTo("cn-grid:shanghai");
    String own =
        replace(
            north,
            "activity: M-MAIN.energy_import\n",
            "activity: M-MAIN.energy_import\n        factor: \"cn-grid:east:2023\"\n");
    assertThat(loader.loadYaml(F, own).sites().get(0).source("SRC-GRID").orElseThrow().factor())
        .isEqualTo("cn-grid:east:2023");
  }

  @Test
  void gaugeCannotMeasureAnActivity() {
    String broken =
        replace(
            DemoPlant.text(), "activity: M-MAIN.energy_import", "activity: M-MAIN.power_active");
    assertThat(errorsOf(broken))
        .singleElement()
        .asString()
        .endsWith(
            "sites[0].sources[0].activity: channel M-MAIN.power_active is a gauge, expected a counter or delta channel (an amount per interval)");
  }

  @Test
  void badFormulaIsReportedAtTheFormula() {
    String text = DemoPlant.text();
    String unknown = replace(text, "- M-CHILL\"", "- M-CHILLER\"");
    assertThat(errorsOf(unknown))
        .containsExactly(
            F
                + ":"
                + pos(unknown, "\"M-MAIN + M-PV")
                + " sites[0].virtualMeters[0].formula: unknown meter 'M-CHILLER' in formula,"
                + " expected one of M-MAIN, M-AIR-1, M-AIR-2, M-CHILL, M-PV, M-GAS, M-PROD,"
                + " M-WEATHER, M-REFRIG, VM-OTHER");
    String syntax = replace(text, "M-MAIN + M-PV - M-AIR-1", "M-MAIN + M-PV -- * M-AIR-1");
    assertThat(errorsOf(syntax))
        .singleElement()
        .asString()
        .contains(
            "sites[0].virtualMeters[0].formula: bad formula 'M-MAIN + M-PV -- * M-AIR-1 - M-AIR-2 - M-CHILL' at character 18: expected a meter id, a number or '(', got '*'");
    String product = replace(text, "- M-CHILL\"", "- M-CHILL * M-PV\"");
    assertThat(errorsOf(product))
        .singleElement()
        .asString()
        .endsWith(
            "sites[0].virtualMeters[0].formula: bad formula 'M-MAIN + M-PV - M-AIR-1 - M-AIR-2 - M-CHILL * M-PV': expected a linear combination of meters without a constant, such as 'A + B - C' or '0.5 * A' (windows are summed)");
    String cycle = replace(text, "- M-CHILL\"", "- M-CHILL - VM-OTHER\"");
    assertThat(errorsOf(cycle))
        .singleElement()
        .asString()
        .endsWith(
            "sites[0].virtualMeters[0].formula: virtual meter VM-OTHER depends on itself, expected no cycles");
  }

  @Test
  void duplicateIdsPointAtTheSecondOccurrence() {
    String text = DemoPlant.text();
    String broken = replace(text, "id: M-AIR-2", "id: M-AIR-1");
    assertThat(errorsOf(broken))
        .contains(
            F
                + ":"
                + pos(broken, "M-AIR-1\n        name: {zh: 2号", 0)
                + " sites[0].meters[2].id: duplicate id 'M-AIR-1' (first at line "
                + pos(text, "- id: M-AIR-1").split(":")[0]
                + "), expected unique ids");
  }

  @Test
  void reportsAllErrorsAtOnceInFileOrder() {
    String text = DemoPlant.text();
    String broken = replace(text, "port: 15020", "port: 99999");
    broken = replace(broken, "gwp: AR5", "gwp: AR3");
    broken =
        replace(
            broken, "window: 1h\n        method: percent", "window: 2h\n        method: percent");
    List<String> errors = errorsOf(broken);
    assertThat(errors).hasSize(3);
    assertThat(errors.get(0)).contains("factors.gwp: expected one of AR4, AR5, AR6, got 'AR3'");
    assertThat(errors.get(1))
        .contains(
            "sites[0].agents[0].gateways[0].port: expected an integer in 1..65535, got 99999");
    assertThat(errors.get(2))
        .contains("sites[0].deviationRules[0].window: expected one of 1m, 15m, 1h, 1d, got '2h'");
  }

  @Test
  void siteLevelErrorsDoNotHideReferenceErrors() {
    String broken = replace(DemoPlant.text(), "timeZone: Asia/Shanghai", "timeZone: Shanghai");
    broken = replace(broken, "activity: M-GAS.volume_standard", "activity: M-GAZ.volume_standard");
    List<String> errors = errorsOf(broken);
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).contains("sites[0].timeZone: expected an IANA time zone");
    assertThat(errors.get(1)).contains("sites[0].sources[1].activity: unknown meter 'M-GAZ'");
  }

  @Test
  void syntaxErrorHasALocation() {
    String broken = replace(DemoPlant.text(), "gateways:\n", "gateways: [\n");
    assertThatThrownBy(() -> loader.loadYaml(F, broken))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(F + ":")
        .hasMessageContaining("syntax error");
  }

  @Test
  void compactConstructorRulesBecomeLocatedErrors() {
    String broken =
        replace(
            DemoPlant.text(),
            "clearBelow: 5\n      - id: dev-chill",
            "clearBelow: 12\n      - id: dev-chill");
    assertThat(errorsOf(broken))
        .singleElement()
        .asString()
        .isEqualTo(
            F
                + ":"
                + pos(broken, "12\n      - id: dev-chill")
                + " sites[0].deviationRules[0].clearBelow: expected 0 <= clearBelow < lowest severity threshold 10.0");
  }

  @Test
  void externalReferencesAreCheckedWhenCataloguesAreGiven() {
    References refs =
        new References(
            Set.of("eastron-sdm630", "acrel-dtsd1352", "schneider-iem3155"),
            Map.of("eastron-sdm630", Set.of("energy_import", "power_active")),
            Set.of("gbt32151", "cn-grid:east:2023", "cn-heat:default", "gbt32151:natural_gas"),
            Set.of("natural_gas"),
            Set.of("R-410A"));
    List<String> errors = errorsOf(new SiteModelLoader(refs), DemoPlant.text());
    assertThat(errors)
        .singleElement()
        .asString()
        .contains(
            "sites[0].meters[5].read.profile: unknown device profile 'gas-volume-corrector',"
                + " expected one of acrel-dtsd1352, eastron-sdm630, schneider-iem3155");
    String factor =
        replace(
            DemoPlant.text(),
            "factor: \"gbt32151:natural_gas\"",
            "factor: \"gbt32151:natural-gas\"");
    References all =
        new References(
            null,
            null,
            Set.of("gbt32151", "cn-grid:east:2023", "cn-heat:default", "gbt32151:natural_gas"),
            null,
            null);
    assertThat(errorsOf(new SiteModelLoader(all), factor))
        .singleElement()
        .asString()
        .endsWith(
            "sites[0].sources[1].factor: unknown factor 'gbt32151:natural-gas', expected an id of the factor library (docs/factors.md)");
  }

  @Test
  void inlineRegisterMapsAreChecked() {
    String meter =
        """
              - id: M-CUSTOM
                name: {en: Custom meter}
                level: main_equipment
                energyType: electricity
                accuracyClass: "1"
                calibration: {intervalMonths: 12, status: qualified}
                read:
                  protocol: modbus
                  agent: edge-1
                  gateway: gw-main
                  unitId: 9
                  registerMap:
                    blocks: [{function: 3, start: 0, count: 4}]
                    fields:
                      - {channel: energy, address: 0, type: u32, order: CDAB, scale: 0.1}
                      - {channel: power, address: 3, type: f32}
                pollInterval: 5s
                channels:
                  - {id: energy, quantity: electricity, kind: counter, unit: kWh}
                  - {id: power, quantity: active_power, kind: gauge, unit: kW}
        """;
    String text =
        replace(DemoPlant.text(), "    virtualMeters:\n", meter + "\n    virtualMeters:\n");
    assertThat(errorsOf(text))
        .singleElement()
        .asString()
        .endsWith(
            "sites[0].meters[9].read.registerMap.fields[1].address: registers 3..4 (function 3) are not inside any block, expected them within a read block");
    SiteModel ok = loader.loadYaml(F, text.replace("count: 4}", "count: 5}"));
    ModbusAcquisition mb =
        (ModbusAcquisition) ok.sites().get(0).meter("M-CUSTOM").orElseThrow().read();
    assertThat(mb.registerMap().fields().get(0).order()).isEqualTo(WordOrder.CDAB);
    assertThat(mb.registerMap().fields().get(1).order()).isEqualTo(WordOrder.ABCD);
  }

  @Test
  void modbusDeviceCarriesItsOwnTimingAndTransformerRatios() {
    String text =
        replace(
            DemoPlant.text(),
            "unitId: 1, profile: acrel-dtsd1352}",
            "unitId: 1, profile: acrel-dtsd1352, timeout: 2s, retries: 3,"
                + " pauseBetweenRequests: 50ms, ptRatio: 100, ctRatio: 40}");

    SiteModel model = loader.loadYaml(F, text);

    ModbusAcquisition mb =
        (ModbusAcquisition)
            model.site("sh-plant").orElseThrow().meter("M-MAIN").orElseThrow().read();
    assertThat(mb.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(mb.retries()).isEqualTo(3);
    assertThat(mb.pauseBetweenRequests()).isEqualTo(Duration.ofMillis(50));
    assertThat(mb.ptRatio()).isEqualTo(100.0);
    assertThat(mb.ctRatio()).isEqualTo(40.0);
    ModbusAcquisition air =
        (ModbusAcquisition)
            model.site("sh-plant").orElseThrow().meter("M-AIR-1").orElseThrow().read();
    assertThat(air.timeout()).isNull();
    assertThat(air.ptRatio()).isEqualTo(1.0);
    assertThat(loader.loadJson(F, SiteModelJson.toJson(model))).isEqualTo(model);
  }

  @Test
  void rejectsNonPositiveTransformerRatioWithItsLocation() {
    String text =
        replace(
            DemoPlant.text(),
            "unitId: 1, profile: acrel-dtsd1352}",
            "unitId: 1, profile: acrel-dtsd1352, ctRatio: 0}");

    assertThat(errorsOf(text))
        .singleElement()
        .asString()
        .matches(
            "demo-plant\\.yaml:52:\\d+ sites\\[0\\]\\.meters\\[0\\]\\.read\\.ctRatio: .*greater than 0.*");
  }
}
