package io.fastimage.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The page in a real headless Chromium (Debian's chromium + chromium-driver, installed by .ci/run)
 * against the running service: a photo goes in, a processed image and its timing come out; a
 * non-image file and a too-large file give plain-language errors.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PageBrowserTest {

    private static final Path MODELS = TestPhotos.modelsWithAuthorsL0AndParameterizedL0();

    @TempDir
    static Path tmp;

    private static WebDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void limits(DynamicPropertyRegistry registry) {
        registry.add("fastimage.models", () -> MODELS.toString());
        registry.add("fastimage.limits.max-bytes", () -> "1MB");
    }

    @BeforeAll
    static void startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // The machine has no network: Chromium's background services must stay off.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebDriverWait open() {
        browser.get("http://localhost:" + port + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> new Select(d.findElement(By.id("operator"))).getOptions().size() == 10);
        // The page must not offer the network before the models are ready.
        wait.until(d -> d.findElement(By.id("operator-availability")).getText().contains("Network available"));
        return wait;
    }

    @Test
    void processesAnUploadedPhotoAndShowsTheResultWithTiming() throws Exception {
        WebDriverWait wait = open();
        Path photo = TestPhotos.writeJpeg(tmp.resolve("photo.jpg"), 320, 482);
        browser.findElement(By.id("file")).sendKeys(photo.toString());
        new Select(browser.findElement(By.id("operator"))).selectByValue("rudin-osher-fatemi");
        browser.findElement(By.cssSelector("input[name=mode][value=exact]")).click();
        // The exact operator takes no self-ensemble.
        assertThat(browser.findElement(By.id("ensemble")).isEnabled()).isFalse();
        browser.findElement(By.id("run")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
        WebElement after = browser.findElement(By.id("after"));
        wait.until(d -> ((Number) ((ChromeDriver) d).executeScript("return arguments[0].naturalWidth", after)).intValue() > 0);
        assertThat(((ChromeDriver) browser).executeScript("return arguments[0].naturalWidth", after)).isEqualTo(320L);
        assertThat(browser.findElement(By.id("timing")).getText()).contains("exact").contains("ms");
        assertThat(browser.findElement(By.id("download")).getAttribute("href")).startsWith("blob:");
    }

    @Test
    void comparesTheNetworkWithTheExactOperatorSideBySide() throws Exception {
        WebDriverWait wait = open();
        Path photo = TestPhotos.writeJpeg(tmp.resolve("compare.jpg"), 400, 602);
        browser.findElement(By.id("file")).sendKeys(photo.toString());
        new Select(browser.findElement(By.id("operator"))).selectByValue("l0-smoothing");
        browser.findElement(By.cssSelector("input[name=mode][value=compare]")).click();
        new Select(browser.findElement(By.id("ensemble"))).selectByValue("2");
        browser.findElement(By.id("run")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("comparison")));
        for (String id : new String[] {"fast-image", "exact-image"}) {
            WebElement image = browser.findElement(By.id(id));
            wait.until(d -> ((Number) ((ChromeDriver) d).executeScript("return arguments[0].naturalWidth", image)).intValue() == 400);
        }
        assertThat(browser.findElement(By.id("metrics")).getText()).containsPattern("PSNR \\d+\\.\\d+ dB")
                .contains("self-ensemble of 2")
                .contains("SSIM").contains("inference").contains("exact");
        ((ChromeDriver) browser).executeScript("document.getElementById('comparison').scrollIntoView()");
        Files.write(Path.of("target", "page-compare.png"), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void offersAStrengthSliderInFastModeForANetworkThatTakesAParameter() throws Exception {
        WebDriverWait wait = open();
        Path photo = TestPhotos.writeJpeg(tmp.resolve("slider.jpg"), 160, 120);
        browser.findElement(By.id("file")).sendKeys(photo.toString());
        new Select(browser.findElement(By.id("operator"))).selectByValue("l0-smoothing");
        // The default network has its parameters built in: no slider.
        assertThat(browser.findElements(By.cssSelector("#parameters input[type=range]"))).isEmpty();
        new Select(browser.findElement(By.id("variant"))).selectByValue("parameterized");
        WebElement slider = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("param-lambda")));
        assertThat(browser.findElement(By.cssSelector("label[for=param-lambda]")).getText())
                .contains("Strength").contains("0.002").contains("0.2");
        ((ChromeDriver) browser).executeScript(
                "arguments[0].value = 100; arguments[0].dispatchEvent(new Event('input'));", slider);
        assertThat(browser.findElement(By.cssSelector("output[for=param-lambda]")).getText()).isEqualTo("0.2");
        browser.findElement(By.id("run")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    }

    @Test
    void showsAPlainErrorForAFileThatIsNotAnImage() throws Exception {
        WebDriverWait wait = open();
        Path text = Files.writeString(tmp.resolve("notes.png"), "these are notes, not a picture");
        browser.findElement(By.id("file")).sendKeys(text.toString());
        browser.findElement(By.cssSelector("input[name=mode][value=exact]")).click();
        browser.findElement(By.id("run")).click();

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).contains("Not an image type");
    }

    @Test
    void refusesATooLargeFileBeforeUploading() throws Exception {
        WebDriverWait wait = open();
        Path big = tmp.resolve("big.png");
        Files.write(big, new byte[2 * 1024 * 1024]);
        browser.findElement(By.id("file")).sendKeys(big.toString());

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).contains("the limit is 1 MB");
    }
}
