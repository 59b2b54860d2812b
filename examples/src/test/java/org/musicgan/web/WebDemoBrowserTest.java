package org.musicgan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicgan.audio.AudioClip;
import org.musicgan.audio.io.AudioFiles;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end in Debian's headless Chromium (packages {@code chromium chromium-driver}, installed by
 * {@code .ci/run}): choose genre, tempo and name, generate, play, download, and check the
 * downloaded file is audio of the expected length; then a second song played by the GAN. Without
 * Chromium the test fails and says how to install it; {@code -Dmusicgan.skipBrowser=true} skips it
 * on purpose.
 */
class WebDemoBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  @Test
  void chooseGenerateListenDownload(@TempDir Path downloads) throws Exception {
    if (Boolean.getBoolean("musicgan.skipBrowser")) {
      org.junit.jupiter.api.Assumptions.abort("skipped with -Dmusicgan.skipBrowser=true");
    }
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      fail(
          "the browser test needs Debian's chromium and chromium-driver"
              + " (apt-get install chromium chromium-driver, as .ci/run does)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--autoplay-policy=no-user-gesture-required",
        "--window-size=1200,1000");
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    options.setExperimentalOption("prefs", prefs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    try (WebDemo demo =
        new WebDemo(
            new SongMaker(List.of(SongMaker.folk()), SongMaker.shippedSounds(), 6),
            0,
            2,
            8,
            Duration.ofSeconds(120))) {
      WebDriver driver = new ChromeDriver(service, options);
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));
        driver.get(demo.url());
        // choose
        wait.until(d -> d.findElements(By.cssSelector("#genre option[value=folk]")).size() == 1);
        new Select(driver.findElement(By.id("genre"))).selectByValue("folk");
        driver.findElement(By.cssSelector("input[name=tempo][value=slow]")).click();
        driver.findElement(By.id("name")).sendKeys("Evening Reel");
        // generate
        driver.findElement(By.id("generate")).click();
        wait.until(d -> d.findElement(By.id("song-title")).getText().equals("Evening Reel"));
        String settings = driver.findElement(By.id("settings")).getText();
        assertTrue(settings.contains("slow (80 BPM)"), settings);
        assertTrue(settings.contains("folk"), settings);
        assertEquals(
            1, driver.findElements(By.cssSelector("#songs li")).size(), "songs of this visit");
        // the spectrogram picture loaded
        wait.until(
            d ->
                (Boolean)
                    ((JavascriptExecutor) d)
                        .executeScript(
                            "const i = document.getElementById('spectrogram');"
                                + " return i.complete && i.naturalWidth > 0;"));
        // play: the page's audio element decodes the WAV and its clock advances
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("document.getElementById('player').play();");
        wait.until(
            d ->
                ((Number)
                            ((JavascriptExecutor) d)
                                .executeScript(
                                    "return document.getElementById('player').currentTime;"))
                        .doubleValue()
                    > 0.3);
        double duration =
            ((Number) js.executeScript("return document.getElementById('player').duration;"))
                .doubleValue();
        assertTrue(duration >= 6 && duration < 9, "player duration " + duration);
        // download
        driver.findElement(By.id("download-wav")).click();
        Path file = downloads.resolve("Evening_Reel.wav");
        wait.until(d -> Files.exists(file) && !partialDownloads(downloads));
        AudioClip clip = AudioFiles.readMono(file);
        assertTrue(
            clip.durationSeconds() >= 6 && clip.durationSeconds() < 9,
            "downloaded " + clip.durationSeconds() + " s");
        assertTrue(clip.peak() > 0.5f);
        // a second song, played by the GAN, joins the list of this visit
        driver.findElement(By.id("name")).clear();
        new Select(driver.findElement(By.id("sound"))).selectByValue("gan-flute");
        driver.findElement(By.id("generate")).click();
        wait.until(d -> d.findElements(By.cssSelector("#songs li")).size() == 2);
        String gan = driver.findElement(By.id("settings")).getText();
        assertTrue(gan.contains("GAN flute"), gan);
      } finally {
        driver.quit();
      }
    }
  }

  private static boolean partialDownloads(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
    } catch (java.io.IOException e) {
      return true;
    }
  }
}
