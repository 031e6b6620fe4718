package io.tinyworkflow.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tinyworkflow.testing.crash.LibertyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the browser tests: Debian's {@code /usr/bin/chromium} driven by {@code
 * /usr/bin/chromedriver} (never a download), a fresh profile each time, the console read for
 * JavaScript errors, and screenshots under {@code target/screenshots}. Without Chromium the test is
 * skipped with the reason; CI installs it and counts a skip as a failure.
 */
public final class Browser implements AutoCloseable {

  /** The browser binary, {@code -Dtinyworkflow.it.chromium} to change it. */
  public static final Path CHROMIUM =
      Path.of(System.getProperty("tinyworkflow.it.chromium", "/usr/bin/chromium"));

  /** The driver binary, {@code -Dtinyworkflow.it.chromedriver} to change it. */
  public static final Path CHROMEDRIVER =
      Path.of(System.getProperty("tinyworkflow.it.chromedriver", "/usr/bin/chromedriver"));

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** A desktop window. */
  public static final Dimension DESKTOP = new Dimension(1280, 860);

  /** A phone's window, where approvers often decide. */
  public static final Dimension PHONE = new Dimension(390, 844);

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Starts a headless Chromium with a fresh profile, or skips the test when there is none.
   *
   * @return the browser
   * @throws IOException when the profile folder cannot be made
   */
  public static Browser start() throws IOException {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "The browser tests need Chromium and ChromeDriver ("
            + CHROMIUM
            + ", "
            + CHROMEDRIVER
            + "): apt-get install -y chromium chromium-driver");
    System.setProperty("SE_OFFLINE", "true");
    Path profile = Files.createTempDirectory("tinyworkflow-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    return new Browser(driver, profile);
  }

  /**
   * The driver.
   *
   * @return the WebDriver
   */
  public WebDriver driver() {
    return driver;
  }

  /**
   * A wait of up to 30 seconds.
   *
   * @return the wait
   */
  public WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /**
   * Fails when the page logged a JavaScript error (a failed script or resource, an exception) since
   * the last check.
   */
  public void assertNoScriptErrors() {
    // The status of the page itself (a 403 page a test asked for) is the test's to check.
    String page = driver.getCurrentUrl() + " - Failed to load resource";
    List<LogEntry> severe =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .filter(e -> !e.getMessage().startsWith(page))
            .toList();
    assertTrue(severe.isEmpty(), "JavaScript errors in the console: " + severe);
  }

  /**
   * Saves a screenshot of the page at desktop and at phone size, as {@code
   * target/screenshots/NAME-desktop.png} and {@code NAME-phone.png}, and checks the console.
   *
   * @param name the file name's start
   * @throws IOException when the file cannot be written
   */
  public void screenshots(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    for (Map.Entry<String, Dimension> size :
        Map.of("desktop", DESKTOP, "phone", PHONE).entrySet()) {
      driver.manage().window().setSize(size.getValue());
      driver.executeScript("return document.readyState");
      Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(
          shot,
          SCREENSHOTS.resolve(name + "-" + size.getKey() + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(shot);
    }
    driver.manage().window().setSize(DESKTOP);
    assertNoScriptErrors();
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      LibertyServer.deleteTree(profile);
    }
  }
}
