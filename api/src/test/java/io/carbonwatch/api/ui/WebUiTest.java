package io.carbonwatch.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonwatch.testkit.InfluxExtension;
import io.carbonwatch.testkit.MosquittoExtension;
import io.carbonwatch.testkit.PostgresExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web UI in headless Chromium against the API running on real PostgreSQL, Mosquitto and
 * InfluxDB. MQTT messages stand in for the stream job. Screenshots of every page land in
 * target/screenshots/ for review.
 */
class WebUiTest {
  @RegisterExtension static final PostgresExtension PG = PostgresExtension.shared();
  @RegisterExtension static final MosquittoExtension MQTT = new MosquittoExtension();
  @RegisterExtension static final InfluxExtension INFLUX = new InfluxExtension();

  static UiStack stack;
  static String operatorPw;
  static String technicianPw;
  static String viewerPw;
  static String engineerPw;
  Browser browser;

  /** First day of the 90-day history the baseline test fits on. */
  static final Instant HISTORY_START = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeAll
  static void startStack() {
    writeHistory();
    stack = UiStack.start(PG.server(), "web_ui", MQTT.uri(), INFLUX.url());
    operatorPw = stack.createUser("op1", "operator");
    technicianPw = stack.createUser("tech1", "technician");
    viewerPw = stack.createUser("view1", "viewer");
    engineerPw = stack.createUser("eng1", "engineer");
  }

  /**
   * 90 days of SEU-AIR electricity and production as the stream job stores them (daily windows):
   * energy = 1500 kWh + 2.5 kWh/pcs × production, plus noise.
   */
  static void writeHistory() {
    INFLUX.createDatabase("carbonwatch");
    Random rnd = new Random(11);
    try (InfluxDB influx = INFLUX.server().client()) {
      BatchPoints.Builder batch = BatchPoints.database("carbonwatch");
      for (int d = 0; d < 90; d++) {
        long t = HISTORY_START.plus(d, ChronoUnit.DAYS).toEpochMilli();
        double production = 200 + rnd.nextInt(300);
        double energy = 1500 + 2.5 * production + rnd.nextGaussian() * 40;
        batch.point(point("activity", t, "seu", "SEU-AIR", "electricity", "kWh", energy));
        batch.point(point("variables", t, "variable", "RV-PROD", "production", "pcs", production));
      }
      influx.write(batch.build());
    }
  }

  static Point point(
      String measurement, long t, String level, String id, String metric, String unit, double v) {
    return Point.measurement(measurement)
        .time(t, TimeUnit.MILLISECONDS)
        .tag("site", UiStack.SITE)
        .tag("level", level)
        .tag("id", id)
        .tag("metric", metric)
        .tag("window", "1d")
        .tag("unit", unit)
        .addField("value", v)
        .build();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    browser = new Browser(stack.baseUrl);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  private void useEnglish() {
    browser.js("localStorage.setItem('cw.lang', 'en')");
  }

  @Test
  void loginRefusesAWrongPasswordAndSignsInWithTheKeyboard() {
    browser.open("#/login");
    useEnglish();
    browser.open("#/login");
    WebElement user = browser.waitVisible(By.name("username"));
    // The username field has focus on arrival; Tab moves to the password, Enter submits.
    assertThat(browser.driver.switchTo().activeElement()).isEqualTo(user);
    user.sendKeys("op1", Keys.TAB);
    browser.driver.switchTo().activeElement().sendKeys("not-the-password", Keys.ENTER);
    WebElement error = browser.waitText(By.cssSelector("#login-form .form-error"), "Wrong");
    assertThat(error.getAttribute("role")).isEqualTo("alert");
    browser.screenshot("01-login-error");

    WebElement pass = browser.driver.findElement(By.name("password"));
    assertThat(browser.driver.switchTo().activeElement()).isEqualTo(pass);
    // Keyboard focus is visible: Tab to the submit button shows an outline.
    pass.sendKeys(Keys.TAB);
    assertThat(browser.js("return document.activeElement.type")).isEqualTo("submit");
    assertThat(browser.js("return getComputedStyle(document.activeElement).outlineStyle"))
        .isNotEqualTo("none");
    browser.driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
    assertThat(browser.driver.switchTo().activeElement()).isEqualTo(pass);
    pass.sendKeys(operatorPw, Keys.ENTER);
    browser.waitVisible(By.cssSelector("nav [data-nav='live']"));
    assertThat(browser.driver.findElement(By.cssSelector(".who")).getText())
        .contains("op1")
        .contains("Operator");
    assertThat(browser.driver.getCurrentUrl()).endsWith("#/live");

    browser.driver.findElement(By.id("logout")).click();
    browser.waitVisible(By.id("login-form"));
    browser.screenshot("00-login");
  }

  @Test
  void liveDashboardShowsPowerAndEmissionRateAsSamplesArrive() {
    browser.open("#/login");
    useEnglish();
    browser.loginAs("view1", viewerPw);
    browser.go("#/live");
    browser.waitFor(
        d -> "open".equals(browser.js("return document.querySelector('.conn').dataset.conn")));

    By power = By.cssSelector("article[data-seu='SEU-AIR'] [data-field='power']");
    By rate = By.cssSelector("article[data-seu='SEU-AIR'] [data-field='rate']");
    // QoS 0 live samples: publish until the page shows the value.
    browser.waitFor(
        d -> {
          stack.publishLive("SEU-AIR", 182.4, 106.8, "good");
          stack.publishLive("SEU-CHILL", 95.0, 55.6, "estimated");
          List<WebElement> e = d.findElements(power);
          return !e.isEmpty() && e.get(0).getText().equals("182.4 kW");
        });
    assertThat(browser.driver.findElement(rate).getText()).isEqualTo("106.8 kgCO₂e/h");
    assertThat(
            browser.driver.findElement(
                By.cssSelector("article[data-seu='SEU-CHILL'] [data-badge='estimated']")))
        .isNotNull();

    browser.waitFor(
        d -> {
          stack.publishLive("SEU-AIR", 1250.5, 731.2, "calibration_failed");
          return d.findElement(power).getText().equals("1,250.5 kW");
        });
    assertThat(browser.driver.findElement(rate).getText()).isEqualTo("731.2 kgCO₂e/h");
    assertThat(
            browser.driver.findElements(
                By.cssSelector("article[data-seu='SEU-AIR'] [data-badge='uncalibrated']")))
        .hasSize(1);
    // Staleness goes by when the browser received a sample, not by its event time: a sample
    // stamped two hours ago (a replay, or a simulation's clock) that has just arrived is not
    // stale, and the time shown is the sample's own, in the site's zone.
    By boiler = By.cssSelector("article[data-seu='SEU-BOILER']");
    browser.waitFor(
        d -> {
          stack.publishLive(
              "SEU-BOILER", 0.0, 410.0, "good", java.time.Instant.now().minus(2, ChronoUnit.HOURS));
          return !d.findElements(boiler).isEmpty();
        });
    WebElement boilerCard = browser.driver.findElement(boiler);
    assertThat(boilerCard.getAttribute("data-stale")).isEqualTo("false");
    assertThat(boilerCard.findElements(By.cssSelector("[data-badge='stale']"))).isEmpty();
    assertThat(boilerCard.findElements(By.cssSelector("[data-badge='good']"))).hasSize(1);
    assertThat(boilerCard.findElement(By.cssSelector(".time")).getText()).contains("Asia/Shanghai");
    // The gas boiler has no electrical power channel: no "Active power 0 kW", the rate is shown.
    browser.waitFor(d -> "none".equals(d.findElement(boiler).getAttribute("data-power")));
    assertThat(
            browser
                .driver
                .findElement(boiler)
                .findElement(By.cssSelector("[data-field='power']"))
                .isDisplayed())
        .isFalse();
    assertThat(
            browser
                .driver
                .findElement(boiler)
                .findElement(By.cssSelector("[data-field='rate']"))
                .getText())
        .isEqualTo("410 kgCO₂e/h");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("article[data-seu='SEU-AIR']"))
                .getAttribute("data-power"))
        .isEqualTo("metered");
    // Cards carry the SEU's name from the site model next to its id.
    browser.waitText(By.cssSelector("article[data-seu='SEU-AIR'] h3"), "Compressed air");
    assertThat(
            browser.driver.findElement(By.cssSelector("article[data-seu='SEU-AIR'] h3")).getText())
        .contains("SEU-AIR");
    // Meter standing (from the instrument ledger) sits under the SEU cards, named in English.
    browser.waitText(By.id("status-section"), "M-MAIN");
    browser.waitText(By.cssSelector("#meter-status tr[data-meter='M-MAIN']"), "Main incomer 10 kV");
    browser.fullPageScreenshot("02-live-dashboard");
  }

  @Test
  void liveDashboardListsAnAgentByItsRetainedStatus() {
    stack.publishAgentStatus("edge-1", "online", "queue_full");
    browser.open("#/login");
    useEnglish();
    browser.loginAs("view1", viewerPw);
    By online = By.cssSelector("#agent-status tr[data-agent='edge-1'][data-state='online']");
    // The status is read when the page opens; revisit until the bridge has stored the message.
    browser.waitFor(d -> revisitLive(d, online));
    assertThat(browser.driver.findElement(online).getText())
        .contains("edge-1")
        .contains("Online")
        .contains("0.1.0")
        .contains("queue_full");

    // The broker's last-will says offline; the page shows it on the next visit.
    stack.publishAgentStatus("edge-1", "offline");
    By offline = By.cssSelector("#agent-status tr[data-agent='edge-1'][data-state='offline']");
    browser.waitFor(d -> revisitLive(d, offline));
    assertThat(browser.driver.findElement(offline).getText()).contains("Offline");
    browser.fullPageScreenshot("02c-live-agents");
  }

  /**
   * Opens the live page afresh, waits until its status section has loaded, looks for {@code by}.
   */
  private boolean revisitLive(org.openqa.selenium.WebDriver d, By by) {
    browser.go("#/alerts");
    browser.go("#/live");
    browser.waitFor(
        x ->
            x.findElements(By.cssSelector("#status-section h3")).size() == 2
                && x.findElements(By.cssSelector("#status-section .loading")).isEmpty());
    return !d.findElements(by).isEmpty();
  }

  @Test
  void liveDashboardShowsTodaysIntensityOfTheSiteModelsParameters() {
    // The open day has no 1d window yet (the job writes it once the day has closed): today so far
    // is the sum of today's closed hours, 2,000 kWh for SEU-AIR over 400 pieces = 5 kWh/pcs.
    writeTodaysHours();
    browser.open("#/login");
    useEnglish();
    browser.loginAs("view1", viewerPw);
    browser.go("#/live");
    By air = By.cssSelector("#intensity-table tr[data-parameter='P-AIR-SEC']");
    browser.waitVisible(air);
    String row = browser.driver.findElement(air).getText().replace('\u00a0', ' ');
    assertThat(row)
        .contains("Compressed-air electricity per unit")
        .contains("Compressed air / Production")
        .contains("5 kWh/pcs")
        // Labelled as so far, with the end of the last complete hour in the site's zone.
        .contains("to 02:00 (Asia/Shanghai)");
    assertThat(browser.driver.findElement(By.cssSelector("#intensity-section h2")).getText())
        .contains("so far");
    // No site emissions stored today: the ratio is unknown, not zero.
    assertThat(
            browser
                .driver
                .findElement(
                    By.cssSelector(
                        "#intensity-table tr[data-parameter='P-SITE-INTENSITY'] [data-field='intensity']"))
                .getText())
        .startsWith("—");
    // Totals are not intensities.
    assertThat(
            browser.driver.findElements(
                By.cssSelector("#intensity-table tr[data-parameter='P-SITE-CO2E']")))
        .isEmpty();
  }

  /**
   * Today's first two closed hours at the site as the stream job writes them (1h windows): SEU-AIR
   * 1,200 + 800 kWh, 250 + 150 pieces, 1,500 + 950 kgCO2e. Both live tests write the same points.
   */
  static void writeTodaysHours() {
    long today = siteDayStart().toEpochMilli();
    long hour = 3_600_000L;
    try (InfluxDB influx = INFLUX.server().client()) {
      BatchPoints.Builder batch = BatchPoints.database("carbonwatch");
      batch.point(hourPoint("activity", today, "seu", "SEU-AIR", "electricity", "kWh", 1200.0));
      batch.point(
          hourPoint("activity", today + hour, "seu", "SEU-AIR", "electricity", "kWh", 800.0));
      batch.point(hourPoint("variables", today, "variable", "RV-PROD", "production", "pcs", 250.0));
      batch.point(
          hourPoint("variables", today + hour, "variable", "RV-PROD", "production", "pcs", 150.0));
      batch.point(hourPoint("emissions", today, "seu", "SEU-AIR", "emissions", "kgCO2e", 1500.0));
      batch.point(
          hourPoint("emissions", today + hour, "seu", "SEU-AIR", "emissions", "kgCO2e", 950.0));
      influx.write(batch.build());
    }
  }

  static Point hourPoint(
      String measurement, long t, String level, String id, String metric, String unit, double v) {
    return Point.measurement(measurement)
        .time(t, TimeUnit.MILLISECONDS)
        .tag("site", UiStack.SITE)
        .tag("level", level)
        .tag("id", id)
        .tag("metric", metric)
        .tag("window", "1h")
        .tag("unit", unit)
        .addField("value", v)
        .build();
  }

  @Test
  void liveDashboardComparesTodayWithTheApprovedBaselineAndDrawsCusum() {
    stack.approveBaseline(
        "eng1", engineerPw, "BL-AIR-LIVE", HISTORY_START, HISTORY_START.plus(90, ChronoUnit.DAYS));
    // What the stream job writes: performance against that baseline for each closed day (the
    // last one yesterday; today's is written once today has closed), and today's closed hours.
    Instant today = siteDayStart();
    try (InfluxDB influx = INFLUX.server().client()) {
      BatchPoints.Builder batch = BatchPoints.database("carbonwatch");
      for (int d = 5; d >= 1; d--) {
        batch.point(
            Point.measurement("performance")
                .time(today.minus(d, ChronoUnit.DAYS).toEpochMilli(), TimeUnit.MILLISECONDS)
                .tag("site", UiStack.SITE)
                .tag("baseline", "BL-AIR-LIVE")
                .tag("target", "SEU-AIR")
                .tag("measure", "electricity")
                .tag("window", "1d")
                .tag("unit", "kWh")
                .addField("actual", d == 1 ? 4200.0 : 3000.0 + 100 * d)
                .addField("expected", d == 1 ? 3500.0 : 3000.0)
                .addField("cusum", 150.0 * (6 - d))
                .build());
      }
      // Another baseline of the same target must not be summed into BL-AIR-LIVE's values.
      batch.point(
          Point.measurement("performance")
              .time(today.minus(1, ChronoUnit.DAYS).toEpochMilli(), TimeUnit.MILLISECONDS)
              .tag("site", UiStack.SITE)
              .tag("baseline", "BL-AIR-OTHER")
              .tag("target", "SEU-AIR")
              .tag("measure", "electricity")
              .tag("window", "1d")
              .tag("unit", "kWh")
              .addField("actual", 4200.0)
              .addField("expected", 9999.0)
              .addField("cusum", 1.0)
              .build());
      influx.write(batch.build());
    }
    writeTodaysHours();
    browser.open("#/login");
    useEnglish();
    browser.loginAs("view1", viewerPw);
    browser.go("#/live");
    WebElement row =
        browser.waitVisible(By.cssSelector("#today-table tr[data-baseline='BL-AIR-LIVE']"));
    String text = row.getText().replace('\u00a0', ' ');
    assertThat(text)
        .contains("4,200 kWh")
        .contains("3,500 kWh")
        .contains("+20.0 %")
        .contains("750 kWh")
        // Today so far: the closed hours' energy and emissions, to the end of the last one.
        .contains("2,000 kWh")
        .contains("2.45 tCO₂e")
        .contains("to 02:00 (Asia/Shanghai)");
    assertThat(row.findElement(By.cssSelector("[data-field='deviation']")).getAttribute("class"))
        .contains("over");
    // The last closed period is yesterday at the site.
    String yesterday =
        java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy", java.util.Locale.ENGLISH)
            .format(today.minus(1, ChronoUnit.DAYS).atZone(java.time.ZoneId.of("Asia/Shanghai")));
    assertThat(row.findElement(By.cssSelector("[data-field='period']")).getText())
        .isEqualTo(yesterday);
    // The site model's pre-fitted baselines, which the job uses until one is approved, are
    // listed too, marked as such.
    WebElement fromModel =
        browser.driver.findElement(
            By.cssSelector("#today-table tr[data-baseline='BL-CHILL'][data-source='site-model']"));
    assertThat(fromModel.getText()).contains("From the site model");
    browser.waitVisible(By.cssSelector("#cusum-chart canvas"));
    browser.fullPageScreenshot("02b-live-against-baseline");
  }

  @Test
  void operatorAcknowledgesInvestigatesResolvesAndClosesAnAlertWithItsFields() {
    String alertId = "sh-plant/dev-air-energy/ui-" + System.nanoTime();
    browser.open("#/login");
    useEnglish();
    browser.loginAs("op1", operatorPw);
    browser.go("#/alerts");
    browser.waitFor(
        d -> "open".equals(browser.js("return document.querySelector('.conn').dataset.conn")));

    stack.publishAlert(UiStack.alertEvent(alertId, "raised", 1, 520.5));
    // The list refreshes from the live stream; no reload.
    By row = By.cssSelector("#alerts-table tr[data-alert-id='" + alertId + "']");
    String rowText = browser.waitFor(d -> d.findElement(row).getText());
    assertThat(rowText).contains("Major").contains("Open").contains("+27.0 %");
    browser.screenshot("03-alert-console");
    browser.click(By.cssSelector("#alerts-table tr[data-alert-id='" + alertId + "'] a"));

    // Acknowledge: assignee is required; Enter in the field submits.
    By assignee = By.cssSelector("form[data-to='acknowledged'] [name='assignee']");
    browser.type(assignee, "zhang.wei");
    browser.driver.findElement(assignee).sendKeys(Keys.ENTER);
    browser.click(By.cssSelector("form[data-to='investigating'] button[type='submit']"));

    fill("resolved", "cause", "Leak at the compressor 2 outlet coupling");
    fill("resolved", "correction", "Coupling replaced");
    fill("resolved", "correctiveAction", "Weekly ultrasonic leak survey added to the round");
    browser.click(By.cssSelector("form[data-to='resolved'] button"));

    // Closing while the deviation is still active is refused by the API; the page says why.
    browser.waitText(By.cssSelector("form[data-to='closed'] .notice"), "still active");
    fill("closed", "effectivenessCheck", "Next 3 days within 2 % of baseline");
    fill("closed", "closure", "Leak fixed; survey in place");
    browser.click(By.cssSelector("form[data-to='closed'] button"));
    browser.waitText(By.cssSelector("form[data-to='closed'] .form-error"), "still active");
    browser.screenshot("04-alert-close-refused");

    stack.publishAlert(UiStack.alertEvent(alertId, "cleared", 2, 405.0));
    browser.waitFor(
        d -> d.findElements(By.cssSelector("form[data-to='closed'] .notice")).isEmpty());
    // The live refresh keeps what was typed.
    String typed =
        browser.waitFor(
            d ->
                d.findElement(By.cssSelector("form[data-to='closed'] [name='closure']"))
                    .getAttribute("value"));
    assertThat(typed).isEqualTo("Leak fixed; survey in place");
    browser.click(By.cssSelector("form[data-to='closed'] button"));
    // Four transitions once the page has redrawn after closing (stale rows are looked up again).
    List<String> transitions =
        browser.waitFor(
            d -> {
              List<String> rows =
                  d.findElements(By.cssSelector("#transitions-table tbody tr")).stream()
                      .map(WebElement::getText)
                      .toList();
              return rows.size() == 4 ? rows : null;
            });
    assertThat(transitions.get(3))
        .contains("Resolved → Closed")
        .contains("op1")
        .contains("Leak fixed; survey in place");
    browser.waitVisible(By.cssSelector("[data-badge='state'].state-closed"));
    assertThat(browser.driver.findElements(By.id("alert-actions"))).isEmpty();
    browser.fullPageScreenshot("05-alert-closed");

    JsonObject stored = stack.alertByAlertId(alertId);
    assertThat(stored.getString("state")).isEqualTo("closed");
    assertThat(stored.getString("assignee")).isEqualTo("zhang.wei");
    assertThat(stored.getString("cause")).isEqualTo("Leak at the compressor 2 outlet coupling");
    assertThat(stored.getString("correctiveAction"))
        .isEqualTo("Weekly ultrasonic leak survey added to the round");
    assertThat(stored.getString("effectivenessCheck"))
        .isEqualTo("Next 3 days within 2 % of baseline");
  }

  private void fill(String to, String name, String text) {
    browser.type(By.cssSelector("form[data-to='" + to + "'] [name='" + name + "']"), text);
  }

  @Test
  void technicianLogsACheckThatTurnsTheInstrumentToFailed() {
    browser.open("#/login");
    useEnglish();
    browser.loginAs("tech1", technicianPw);
    browser.go("#/instruments");
    WebElement ledgerRow =
        browser.waitVisible(By.cssSelector("#ledger-table tr[data-instrument='M-AIR-1']"));
    assertThat(ledgerRow.getAttribute("data-calibration")).isEqualTo("ok");
    // Named in the chosen language (English here), not the ledger's Chinese name.
    assertThat(ledgerRow.getText()).contains("Air compressor 1");
    browser.fullPageScreenshot("06-instruments-ledger");
    ledgerRow.findElement(By.tagName("a")).click();

    browser.waitVisible(By.id("calibration-form"));
    browser.driver.findElement(By.name("referenceStandard")).sendKeys("Fluke 6105A #STD-07");
    browser.driver.findElement(By.name("certificateNo")).sendKeys("SHJL-2026-11873");
    List<WebElement> found =
        browser.driver.findElements(By.cssSelector("tr.test-point [name='asFoundErrorPercent']"));
    List<WebElement> left =
        browser.driver.findElements(By.cssSelector("tr.test-point [name='asLeftErrorPercent']"));
    assertThat(found).hasSize(3);
    // Class 1 → MPE ±1 %; 1.8 % as left at full load fails.
    found.get(0).sendKeys("0.4");
    found.get(1).sendKeys("0.9");
    found.get(2).sendKeys("2.5");
    left.get(2).sendKeys("1.8");
    browser.fullPageScreenshot("07-calibration-form");
    browser.driver.findElement(By.id("log-check")).click();

    WebElement row = browser.waitVisible(By.cssSelector("#history-table tr[data-result='fail']"));
    assertThat(row.getText()).contains("Fail").contains("SHJL-2026-11873").contains("tech1");
    browser.waitText(By.id("instrument-badges"), "Disabled");
    assertThat(browser.driver.findElement(By.id("instrument-badges")).getText()).contains("Failed");
    // A failed instrument is out of use whatever its next due date says.
    assertThat(browser.driver.findElement(By.id("instrument-detail")).getText())
        .contains("Repair and re-check")
        .doesNotContain("Not due");
    browser.fullPageScreenshot("08-instrument-failed");

    JsonObject inst = stack.getJson("/sites/sh-plant/instruments/M-AIR-1");
    assertThat(inst.getString("calibration")).isEqualTo("failed");
    assertThat(inst.getString("status")).isEqualTo("disabled");
    JsonArray checks = inst.getJsonArray("checks");
    assertThat(checks.getJsonObject(0).getString("certificateNo")).isEqualTo("SHJL-2026-11873");

    browser.go("#/instruments");
    WebElement due =
        browser.waitVisible(By.cssSelector("#due-table tr[data-instrument='M-AIR-1']"));
    assertThat(due.getAttribute("data-calibration")).isEqualTo("failed");
  }

  /** One daily source point as the stream job writes it (emissions in kgCO2e per gas group). */
  static Point sourcePoint(
      String measurement, String day, String id, String metric, String unit, double value) {
    return Point.measurement(measurement)
        .time(Instant.parse(day + "T00:00:00Z").toEpochMilli(), TimeUnit.MILLISECONDS)
        .tag("site", UiStack.SITE)
        .tag("level", "source")
        .tag("id", id)
        .tag("metric", metric)
        .tag("window", "1d")
        .tag("unit", unit)
        .addField("value", value)
        .build();
  }

  /** One daily SEU emission point as the stream job writes it. */
  static Point seuEmissionPoint(String day, String seu, double kg) {
    return Point.measurement("emissions")
        .time(Instant.parse(day + "T00:00:00Z").toEpochMilli(), TimeUnit.MILLISECONDS)
        .tag("site", UiStack.SITE)
        .tag("level", "seu")
        .tag("id", seu)
        .tag("metric", "emissions")
        .tag("window", "1d")
        .tag("unit", "kgCO2e")
        .addField("value", kg)
        .build();
  }

  static Point emissionPoint(
      String day, String id, double co2Kg, double ch4Kg, double hfcKg, String lineage) {
    return Point.measurement("emissions")
        .time(Instant.parse(day + "T00:00:00Z").toEpochMilli(), TimeUnit.MILLISECONDS)
        .tag("site", UiStack.SITE)
        .tag("level", "source")
        .tag("id", id)
        .tag("metric", "emissions")
        .tag("window", "1d")
        .tag("unit", "kgCO2e")
        .addField("value", co2Kg + ch4Kg + hfcKg)
        .addField("co2_co2e_kg", co2Kg)
        .addField("ch4_co2e_kg", ch4Kg)
        .addField("n2o_co2e_kg", 0.0)
        .addField("hfcs_co2e_kg", hfcKg)
        .addField("pfcs_co2e_kg", 0.0)
        .addField("sf6_co2e_kg", 0.0)
        .addField("nf3_co2e_kg", 0.0)
        .addField("lineage", lineage)
        .build();
  }

  @Test
  void inventoryShowsTotalsBySourceGasScopeAndSeuAndDownloadsTheCsv() throws Exception {
    // February 2026: three days of grid electricity and boiler gas, one refrigerant top-up.
    try (InfluxDB influx = INFLUX.server().client()) {
      BatchPoints.Builder batch = BatchPoints.database("carbonwatch");
      for (String day : List.of("2026-02-02", "2026-02-03", "2026-02-04")) {
        batch.point(sourcePoint("activity", day, "SRC-GRID", "electricity", "kWh", 10000));
        batch.point(emissionPoint(day, "SRC-GRID", 5810, 0, 0, "cn-grid:east:2023|ar5"));
        batch.point(sourcePoint("activity", day, "SRC-BOILER-GAS", "natural_gas", "Nm3", 900));
        batch.point(emissionPoint(day, "SRC-BOILER-GAS", 1995, 5, 0, "gbt32151:natural_gas|ar5"));
      }
      for (String day : List.of("2026-02-02", "2026-02-03", "2026-02-04")) {
        // The job's SEU series: compressed air is supplied by the grid source, not its own.
        batch.point(seuEmissionPoint(day, "SEU-BOILER", 2000));
        batch.point(seuEmissionPoint(day, "SEU-AIR", 1500));
      }
      batch.point(sourcePoint("activity", "2026-02-10", "SRC-REFRIG", "refrigerant", "kg", 0.5));
      batch.point(emissionPoint("2026-02-10", "SRC-REFRIG", 0, 0, 1044, "r410a|ar5"));
      influx.write(batch.build());
    }
    browser.open("#/login");
    useEnglish();
    browser.loginAs("view1", viewerPw);
    browser.go("#/inventory?from=2026-02-01&to=2026-02-28");
    WebElement gross = browser.waitVisible(By.cssSelector("[data-total='gross'] dd"));
    assertThat(gross.getText()).isEqualTo("24.474 tCO₂e");
    assertThat(browser.driver.findElement(By.cssSelector("[data-total='net'] dd")).getText())
        .isEqualTo("24.474 tCO₂e");
    WebElement grid =
        browser.driver.findElement(By.cssSelector("#inv-table-sources tr[data-source='SRC-GRID']"));
    assertThat(grid.getText())
        .contains("Purchased electricity")
        .contains("Scope 2")
        .contains("30,000 kWh")
        .contains("cn-grid:east:2023")
        .contains("17.43 tCO₂e");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("#inv-bySeu tr[data-row='SEU-BOILER']"))
                .getText())
        .contains("6 tCO₂e");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("#inv-bySeu tr[data-row='SEU-AIR']"))
                .getText())
        .contains("4.5 tCO₂e");
    assertThat(browser.driver.findElement(By.id("inv-byseu-note")).getText())
        .contains("do not add up to the site total");
    assertThat(browser.driver.findElement(By.id("inventory-totals")).getText())
        .doesNotContain("offsetsNotCounted");
    assertThat(
            browser.driver.findElement(By.cssSelector("#inv-byGas tr[data-row='HFCS']")).getText())
        .contains("1.044 tCO₂e");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("#inv-byScope tr[data-row='scope1']"))
                .getText())
        .contains("7.044 tCO₂e");
    browser.waitVisible(By.cssSelector("#inventory figure canvas"));
    browser.fullPageScreenshot("19-inventory");

    browser.driver.findElement(By.id("csv-download")).click();
    // The server's Content-Disposition names the file; any finished .csv is the download.
    java.nio.file.Path csv = browser.awaitDownload(".csv");
    String text = java.nio.file.Files.readString(csv, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFFsection,site,from,to,id,");
    assertThat(text.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    // February at a Shanghai site: local midnight to local midnight (+08:00).
                    .startsWith(
                        "sources,sh-plant,2026-01-31T16:00:00Z,2026-02-28T16:00:00Z,SRC-GRID,")
                    .contains("17.43"))
        .anySatisfy(l -> assertThat(l).contains("SRC-REFRIG").contains("1.044"));
  }

  @Test
  void languageSwitchChangesEveryLabelAndIsRemembered() {
    browser.open("#/login");
    useEnglish();
    browser.loginAs("view1", viewerPw);
    browser.go("#/alerts");
    browser.waitText(By.cssSelector("main h1"), "Alert console");
    assertThat(browser.js("return document.documentElement.lang")).isEqualTo("en");

    browser.driver.findElement(By.cssSelector("button[data-lang='zh-CN']")).click();
    browser.waitText(By.cssSelector("main h1"), "告警处置台");
    assertThat(browser.driver.findElement(By.cssSelector("nav [data-nav='instruments']")).getText())
        .isEqualTo("计量器具与检定");
    assertThat(browser.js("return document.documentElement.lang")).isEqualTo("zh-CN");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("button[data-lang='zh-CN']"))
                .getAttribute("aria-pressed"))
        .isEqualTo("true");
    browser.screenshot("09-alerts-zh");

    // A new page load keeps the choice.
    browser.open("#/instruments");
    browser.waitText(By.cssSelector("main h1"), "计量器具与检定");
    browser.waitVisible(By.cssSelector("#ledger-table"));
    assertThat(browser.driver.findElement(By.cssSelector("#ledger-table")).getText())
        .contains("合格")
        .contains("主要用能设备");
    browser.fullPageScreenshot("10-instruments-zh");
    browser.go("#/inventory?from=2026-02-01&to=2026-02-28");
    browser.waitText(By.cssSelector("main h1"), "碳清单");
    browser.waitFor(d -> d.findElements(By.cssSelector("main .loading")).isEmpty());
    browser.fullPageScreenshot("10b-inventory-zh");

    browser.driver.findElement(By.cssSelector("button[data-lang='en']")).click();
    browser.waitText(By.cssSelector("main h1"), "Carbon inventory");
  }

  @Test
  void viewerSeesNoActionTheApiWouldRefuse() {
    String alertId = "sh-plant/dev-air-energy/viewer-" + System.nanoTime();
    stack.publishAlert(UiStack.alertEvent(alertId, "raised", 1, 600.0));
    browser.waitFor(d -> stack.alertByAlertId(alertId));
    String id = stack.alertByAlertId(alertId).getString("id");

    browser.open("#/login");
    useEnglish();
    browser.loginAs("view1", viewerPw);
    browser.go("#/alerts/" + id);
    browser.waitVisible(By.id("alert-history"));
    assertThat(browser.driver.findElements(By.id("alert-actions"))).isEmpty();
    assertThat(browser.driver.findElements(By.cssSelector("form.transition"))).isEmpty();
    browser.screenshot("11-viewer-alert");

    browser.go("#/instruments/M-AIR-2");
    browser.waitVisible(By.id("calibration-history"));
    assertThat(browser.driver.findElements(By.id("calibration-form"))).isEmpty();

    browser.go("#/baselines");
    browser.waitFor(d -> d.findElements(By.cssSelector("#baselines .loading")).isEmpty());
    assertThat(browser.driver.findElements(By.cssSelector("[data-action='approve']"))).isEmpty();
    assertThat(browser.driver.findElements(By.id("fit-form"))).isEmpty();

    // The same alert offers the operator the acknowledge form.
    browser.loginAs("op1", operatorPw);
    browser.go("#/alerts/" + id);
    browser.waitVisible(By.cssSelector("form[data-to='acknowledged']"));
  }

  @Test
  void engineerFitsABaselineReviewsItsGatesAndApprovesItWithAReason() {
    browser.open("#/login");
    useEnglish();
    browser.loginAs("eng1", engineerPw);
    browser.go("#/baselines");
    WebElement form = browser.waitVisible(By.id("fit-form"));
    browser.waitFor(d -> d.findElements(By.cssSelector("#baselines .loading")).isEmpty());
    assertThat(
            browser.driver.findElements(By.cssSelector("#baselines [data-baseline='BL-AIR-UI']")))
        .isEmpty();
    // The site model's pre-fitted baselines are listed read-only, marked as from the site model.
    WebElement fromModel =
        browser.waitVisible(
            By.cssSelector(
                "#site-model-baselines [data-baseline='BL-AIR'][data-state='site-model']"));
    assertThat(fromModel.getText())
        .contains("From the site model")
        .contains("Compressed-air energy baseline")
        .contains("RV-PROD: 0.42");
    // Base-period dates are the site's dates.
    browser.waitText(By.id("fit-form"), "00:00 in the site’s time zone Asia/Shanghai");
    setValue(form, "baselineId", "BL-AIR-UI");
    setValue(form, "from", "2026-01-01");
    setValue(form, "to", "2026-04-01");
    setValue(form, "variables", "RV-PROD:pcs");
    form.findElement(By.name("reason")).sendKeys("Initial baseline, base period 2026 Q1");
    form.findElement(By.cssSelector("[data-action='fit']")).click();

    WebElement candidate =
        browser.waitVisible(By.cssSelector("#baseline-candidate [data-state='candidate']"));
    assertThat(candidate.getText())
        .contains("90 complete periods")
        .contains("RV-PROD (pcs)")
        .contains("All gates pass");
    List<WebElement> gates = candidate.findElements(By.cssSelector("tr[data-gate]"));
    assertThat(gates).isNotEmpty();
    assertThat(gates)
        .allSatisfy(g -> assertThat(g.getAttribute("data-result")).isNotEqualTo("fail"));
    browser.fullPageScreenshot("17-baseline-candidate");

    candidate.findElement(By.name("reason")).sendKeys("Base period Q1 2026 agreed with production");
    candidate.findElement(By.cssSelector("[data-action='approve']")).click();
    WebElement approved =
        browser.waitVisible(
            By.cssSelector("#baselines [data-baseline='BL-AIR-UI'][data-state='approved']"));
    assertThat(approved.getAttribute("data-version")).isEqualTo("1");
    assertThat(approved.getText()).contains("eng1").contains("Base period Q1 2026 agreed");
    assertThat(browser.driver.findElements(By.cssSelector("#baseline-candidate *"))).isEmpty();
    browser.fullPageScreenshot("18-baseline-approved");

    JsonArray versions = stack.getJsonArray("/sites/sh-plant/baselines/BL-AIR-UI");
    assertThat(versions).hasSize(1);
    // 1 January at 00:00 in Shanghai, not at 00:00 UTC.
    assertThat(versions.getJsonObject(0).getJsonObject("model").getString("basePeriodStart"))
        .isEqualTo("2025-12-31T16:00:00Z");
    assertThat(versions.getJsonObject(0).getString("reason"))
        .contains("Initial baseline")
        .contains("Base period Q1 2026 agreed with production");
  }

  /** Sets an input's value the way a user would (select all, type), for date inputs too. */
  private void setValue(WebElement form, String name, String value) {
    WebElement e = form.findElement(By.name(name));
    if ("date".equals(e.getAttribute("type"))) {
      browser.js(
          "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))",
          e,
          value);
      return;
    }
    e.clear();
    e.sendKeys(value);
  }

  @Test
  void everyPageRendersForAnAdministratorWithAHeadingAndNoScriptErrors() {
    browser.open("#/login");
    useEnglish();
    browser.loginAs("admin", UiStack.ADMIN_PASSWORD);
    // An all-sites administrator picks from the site model's sites, listed by name.
    WebElement picker = browser.waitVisible(By.id("site-select"));
    assertThat(picker.getAttribute("value")).isEqualTo("sh-plant");
    assertThat(picker.findElement(By.cssSelector("option[value='sh-plant']")).getText())
        .isEqualTo("Shanghai plant (sh-plant)");
    assertThat(browser.driver.findElements(By.id("site-input"))).isEmpty();
    browser.waitFor(
        d -> "open".equals(browser.js("return document.querySelector('.conn').dataset.conn")));
    String[][] pages = {
      {"live", "12-admin-live"},
      {"alerts", "13-admin-alerts"},
      {"instruments", "14-admin-instruments"},
      {"baselines", "15-admin-baselines"},
      {"inventory", "16-admin-inventory"}
    };
    for (String[] p : pages) {
      browser.go("#/" + p[0]);
      browser.waitFor(
          d ->
              d.findElements(By.cssSelector("main .loading")).isEmpty()
                  && "page"
                      .equals(
                          d.findElement(By.cssSelector("nav [data-nav='" + p[0] + "']"))
                              .getAttribute("aria-current")));
      assertThat(browser.driver.findElement(By.cssSelector("main h1")).getText()).isNotBlank();
      // Endpoints the API does not offer yet show "not available"; nothing may show an error.
      assertThat(browser.driver.findElements(By.cssSelector("main [data-state='error']")))
          .isEmpty();
      browser.fullPageScreenshot(p[1]);
    }
    // Refused or missing endpoints log "Failed to load resource"; script errors are the failure.
    List<String> problems =
        browser
            .consoleLog()
            .lines()
            .filter(l -> l.contains("SEVERE") || l.contains("i18n: missing key"))
            .filter(l -> !l.contains("Failed to load resource"))
            .toList();
    assertThat(problems).isEmpty();
  }

  /** Start of today at the demo site, where the stream job puts its daily windows. */
  private static Instant siteDayStart() {
    java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
    return java.time.LocalDate.now(zone).atStartOfDay(zone).toInstant();
  }
}
