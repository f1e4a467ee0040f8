package io.carbonwatch.api.ui;

import io.carbonwatch.testkit.MissingBinaryException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver, with a fresh profile
 * and download directory per instance. A missing browser fails the test with the command that
 * installs it.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String INSTALL = "apt-get install -y chromium chromium-driver";
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  final Path downloads;
  private final Path profile;
  private final String baseUrl;
  private int loads;

  Browser(String baseUrl) {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        throw new MissingBinaryException(p.toString(), INSTALL);
      }
    }
    this.baseUrl = baseUrl;
    try {
      profile = Files.createTempDirectory("cw-chromium-profile");
      downloads = Files.createTempDirectory("cw-chromium-downloads");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1366,1000",
        "--lang=en-US",
        "--user-data-dir=" + profile);
    o.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false,
            "intl.accept_languages",
            "en-US,en"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, o);
    driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
  }

  /** Loads the app fresh (a new document, not just a hash change) at {@code hash}. */
  void open(String hash) {
    driver.get(baseUrl + "/?load=" + ++loads + hash);
    waitFor(
        d -> js("return document.querySelector('#top') && !document.querySelector('#top').hidden"));
  }

  /** Changes the hash route inside the running app (keeps the live stream open). */
  void go(String hash) {
    js("location.hash = arguments[0]", hash);
  }

  /** Signs out (cookie gone) and signs in through the login form with the keyboard. */
  void loginAs(String username, String password) {
    driver.manage().deleteAllCookies();
    open("#/login");
    WebElement user = waitVisible(By.name("username"));
    user.clear();
    user.sendKeys(username);
    WebElement pass = driver.findElement(By.name("password"));
    pass.clear();
    pass.sendKeys(password, org.openqa.selenium.Keys.ENTER);
    waitVisible(By.cssSelector("nav [data-nav='live']"));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  <T> T waitFor(Function<WebDriver, T> condition) {
    try {
      // Live pages redraw when the stream reports a change; a stale element, or one caught between
      // being attached and being enabled by the redraw, means "look again".
      return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100))
          .ignoring(StaleElementReferenceException.class)
          .ignoring(ElementNotInteractableException.class)
          .until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "Timed out in the browser at "
              + driver.getCurrentUrl()
              + "\n--- page text ---\n"
              + driver.findElement(By.tagName("body")).getText()
              + "\n--- console ---\n"
              + consoleLog(),
          e);
    }
  }

  WebElement waitVisible(By by) {
    return waitFor(
        d -> {
          List<WebElement> found = d.findElements(by);
          return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
  }

  /** Clicks the element, looking it up again if a live redraw replaced it first. */
  void click(By by) {
    waitFor(
        d -> {
          List<WebElement> found = d.findElements(by);
          if (found.isEmpty() || !found.get(0).isDisplayed() || !found.get(0).isEnabled()) {
            return null;
          }
          found.get(0).click();
          return true;
        });
  }

  /** Replaces the text of a field, looking it up again if a live redraw replaced it meanwhile. */
  void type(By by, CharSequence text) {
    waitFor(
        d -> {
          List<WebElement> found = d.findElements(by);
          if (found.isEmpty() || !found.get(0).isDisplayed()) {
            return null;
          }
          WebElement e = found.get(0);
          e.clear();
          e.sendKeys(text);
          return text.toString().equals(e.getAttribute("value")) ? true : null;
        });
  }

  /** Waits until the element's text contains {@code text}; returns the element. */
  WebElement waitText(By by, String text) {
    return waitFor(
        d -> {
          List<WebElement> found = d.findElements(by);
          return !found.isEmpty() && found.get(0).getText().contains(text) ? found.get(0) : null;
        });
  }

  String consoleLog() {
    try {
      return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .map(LogEntry::toString)
          .collect(Collectors.joining("\n"));
    } catch (RuntimeException e) {
      return "(console log unavailable: " + e.getMessage() + ")";
    }
  }

  /** Saves a PNG of the viewport under target/screenshots/ for review. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      // Let charts finish their first paint.
      js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
      File f = driver.getScreenshotAs(OutputType.FILE);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves a PNG of the whole page (beyond the viewport) through the DevTools protocol. */
  Path fullPageScreenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
      Number width = (Number) js("return document.documentElement.scrollWidth");
      Number height = (Number) js("return document.documentElement.scrollHeight");
      Map<String, Object> shot =
          driver.executeCdpCommand(
              "Page.captureScreenshot",
              Map.of(
                  "format",
                  "png",
                  "captureBeyondViewport",
                  true,
                  "clip",
                  Map.of(
                      "x",
                      0,
                      "y",
                      0,
                      "width",
                      width,
                      "height",
                      Math.min(6000, height.intValue()),
                      "scale",
                      1)));
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a finished download whose name ends with {@code suffix}. */
  Path awaitDownload(String suffix) {
    return waitFor(
        d -> {
          try (Stream<Path> s = Files.list(downloads)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                .filter(p -> !p.getFileName().toString().endsWith(".crdownload"))
                .findFirst()
                .orElse(null);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
      deleteTree(downloads);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp files; best effort
    }
  }
}
