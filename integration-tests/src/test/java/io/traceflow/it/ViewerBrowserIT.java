package io.traceflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.traceflow.fake.FakeOpenAiServer;
import io.traceflow.it.apps.LangChain4jScenarioApp;
import io.traceflow.it.apps.OpenAiScenarioApp;
import io.traceflow.it.apps.ViewerScenarioApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer in a real browser: Debian's headless Chromium driven by its chromedriver, over a file recorded by real
 * apps under the agent and served by {@code traceflow ui}. Opens the list, a trace, its replay and the analytics,
 * leaves feedback, watches traces arrive live, and proves that hostile prompts and answers execute nothing. Saves the
 * README's screenshots to docs/images/.
 *
 * <p>Skipped, with a message, only when chromedriver is missing outside CI; in CI ({@code CI=true}) that fails.
 */
class ViewerBrowserIT {
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    static final Path IMAGES = Path.of(System.getProperty("repo.root", "..")).resolve("docs/images");

    @TempDir
    static Path dir;
    static Path db;
    static FakeOpenAiServer fake;
    static ViewerProcess viewer;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
            String message = "browser tests need " + CHROMEDRIVER + " and " + CHROMIUM
                    + " (Debian packages chromium and chromium-driver; .ci/run installs them)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + ": missing in CI");
            }
            Assumptions.abort(message + "; skipped");
        }
        db = dir.resolve("browser.db");
        fake = FakeOpenAiServer.start();
        record(LangChain4jScenarioApp.class, fake.baseUrl(), "tools", "stream", "tools-fail");
        record(OpenAiScenarioApp.class, fake.baseUrl(), "chat", "embeddings");
        record(ViewerScenarioApp.class, fake.baseUrl(), "hostile");
        viewer = ViewerProcess.start(db);

        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = waiting(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (viewer != null) {
            viewer.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    /** Pages re-render when data arrives: an element found a moment ago may be gone, so look again. */
    static WebDriverWait waiting(Duration timeout) {
        WebDriverWait w = new WebDriverWait(browser, timeout);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    static void record(Class<?> app, String... args) throws Exception {
        ForkedApp.Result r = ForkedApp.main(app).property("traceflow.db", db.toString()).args(args).run();
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    static void open(String hash) {
        browser.get(viewer.origin() + "/" + hash);
        wait.until(d -> js("return document.readyState").equals("complete"));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    static List<WebElement> all(String testId) {
        return browser.findElements(By.cssSelector("[data-testid='" + testId + "']"));
    }

    static WebElement one(String testId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='" + testId + "']")));
    }

    static void screenshot(String name) throws Exception {
        Files.createDirectories(IMAGES);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), IMAGES.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    static String okTraceId(String name) throws Exception {
        for (JsonNode t : viewer.json("/api/traces?limit=200").path("traces")) {
            if (t.path("name").asText().equals(name) && t.path("status").asText().equals("ok")) {
                return t.path("id").asText();
            }
        }
        throw new AssertionError("no trace " + name);
    }

    static void assertNothingExecuted() {
        assertThat(js("return window.__pwned === undefined")).as("no hostile script ran").isEqualTo(true);
        assertThat(((Number) js("return document.querySelectorAll('main img, main script, main iframe, main svg,"
                + " main style, main object, main embed').length")).intValue()).as("no element made from data").isZero();
        assertThat(js("return [...document.querySelectorAll('a[href]')].every(a => a.getAttribute('href').startsWith('#'))"))
                .as("every link is an in-app link").isEqualTo(true);
        assertThat(browser.findElement(By.tagName("body")).isDisplayed()).as("a <style> in a prompt styles nothing").isTrue();
    }

    @Test
    void theListShowsEveryTraceNewestFirst() throws Exception {
        open("");
        long traces = Db.count(db, "SELECT count(*) FROM traces");
        wait.until(d -> all("trace-row").size() >= traces);
        List<WebElement> rows = all("trace-row");
        assertThat(rows.get(0).getText()).contains("openai.chat gpt-4o-mini");
        assertThat(browser.findElement(By.cssSelector("[data-testid='trace-table']")).getText())
                .contains("Assistant.chat", "ai_service", "error", "Cost");
        one("search").sendKeys("Stream LangChain4j");
        wait.until(d -> all("trace-row").size() == 1);
        assertThat(all("trace-row").get(0).getText()).contains("OpenAiStreamingChatModel");
        open("");
        wait.until(d -> all("trace-row").size() >= traces);
        screenshot("viewer-list.png");
    }

    @Test
    void aTraceIsAWaterfallOfNestedStepsEachReadableAsAChat() throws Exception {
        String id = okTraceId("Assistant.chat");
        open("#/trace/" + id);
        wait.until(d -> all("step-row").size() == 5);
        List<WebElement> rows = all("step-row");
        assertThat(rows.get(0).getText()).contains("AI_SERVICE", "Assistant.chat");
        String rootIndent = (String) js("return arguments[0].querySelector('.wf-label').style.paddingLeft", rows.get(0));
        String childIndent = (String) js("return arguments[0].querySelector('.wf-label').style.paddingLeft", rows.get(1));
        assertThat(Integer.parseInt(childIndent.replace("px", ""))).as("children are indented")
                .isGreaterThan(Integer.parseInt(rootIndent.replace("px", "")));
        assertThat(rows.get(2).getText()).contains("TOOL");
        String lastCall = rows.get(4).getAttribute("data-id");
        rows.get(4).click();
        wait.until(d -> one("step-detail").getAttribute("data-id").equals(lastCall));
        String detail = one("step-detail").getText();
        assertThat(detail).contains("gpt-4o-mini", "LATENCY", "TOKENS", "COST", "Weather and time in Paris?",
                "TOOL RESULT", "12:00 in Paris", "Echo:");
        one("raw-toggle").click();
        wait.until(d -> one("raw-box").getText().contains("\"messages\""));
        screenshot("viewer-trace.png");
    }

    @Test
    void replayStepsThroughTheTraceWithTheArrowKeysShowingTheConversationGrow() throws Exception {
        open("#/trace/" + okTraceId("Assistant.chat"));
        one("replay-link").click();
        wait.until(d -> one("replay-position").getText().equals("Step 1 of 5"));
        for (int i = 2; i <= 5; i++) {
            new Actions(browser).sendKeys(Keys.ARROW_RIGHT).perform();
            String expected = "Step " + i + " of 5";
            wait.until(d -> one("replay-position").getText().equals(expected));
        }
        assertThat(one("replay-growth").getText()).isEqualTo("The model saw 4 messages, 2 new since its previous call");
        assertThat(browser.findElements(By.cssSelector("[data-testid='replay-input'] [data-state='new']"))).hasSize(2);
        assertThat(one("replay-output").getText()).contains("Echo:");
        new Actions(browser).sendKeys(Keys.ARROW_LEFT).perform();
        wait.until(d -> one("replay-position").getText().equals("Step 4 of 5"));
        assertThat(one("replay-step-name").getText()).contains("getWeather", "TOOL");
        assertThat(one("replay-output").getText()).contains("Sunny in Paris");
        screenshot("viewer-replay.png");
    }

    @Test
    void analyticsDrawCostAndLatencyChartsWithChartJs() throws Exception {
        open("#/analytics");
        wait.until(d -> !all("model-row").isEmpty());
        for (String chart : List.of("calls", "latency", "tokens", "cost", "errors", "cache")) {
            assertThat(js("return !!Chart.getChart(arguments[0])", one("chart-" + chart))).as(chart).isEqualTo(true);
        }
        long calls = Db.count(db, "SELECT count(*) FROM steps WHERE model IS NOT NULL AND operation NOT IN"
                + " ('tool', 'ai_service', 'method')");
        Number drawn = (Number) js("return Chart.getChart(arguments[0]).data.datasets"
                + ".reduce((s, d) => s + d.data.reduce((a, b) => a + b, 0), 0)", one("chart-calls"));
        assertThat(drawn.longValue()).as("the calls chart adds up to the model calls").isEqualTo(calls);
        assertThat(js("return Chart.getChart(arguments[0]).data.datasets.map(d => d.label).join()", one("chart-latency")))
                .isEqualTo("p50,p95,p99");
        assertThat(one("model-table").getText()).contains("gpt-4o-mini", "langchain4j", "openai");
        assertThat(one("card-calls").getText()).isEqualTo(String.valueOf(calls));
        screenshot("viewer-analytics.png");
    }

    @Test
    void feedbackOnAStepIsStoredAndShownAsAnEval() throws Exception {
        String id = okTraceId("Assistant.chat");
        open("#/trace/" + id);
        wait.until(d -> all("step-row").size() == 5);
        WebElement step = all("step-row").get(1);
        String stepId = step.getAttribute("data-id");
        step.click();
        wait.until(d -> one("step-detail").getAttribute("data-id").equals(stepId));
        one("feedback-comment").sendKeys("called both tools, fine");
        one("feedback-up").click();
        wait.until(d -> browser.findElement(By.cssSelector("[data-testid='feedback-status']")).getText()
                .startsWith("Thanks"));
        wait.until(d -> all("eval-row").stream().anyMatch(e -> e.getText().contains("called both tools, fine")));
        assertThat(Db.rows(db, "SELECT name, passed, score, detail FROM evals WHERE step_id = '" + stepId + "'"))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("name")).isEqualTo("feedback");
                    assertThat(row.get("passed")).isEqualTo(1);
                    assertThat(row.get("detail")).isEqualTo("called both tools, fine");
                });
    }

    @Test
    void newTracesAppearLiveWithoutAReload() throws Exception {
        open("");
        long before = Db.count(db, "SELECT count(*) FROM traces");
        wait.until(d -> all("trace-row").size() >= before);
        int shown = all("trace-row").size();
        js("window.__sameDocument = 'yes'");
        CompletableFuture<ForkedApp.Result> app = CompletableFuture.supplyAsync(() -> {
            try {
                return ForkedApp.main(ViewerScenarioApp.class).property("traceflow.db", db.toString())
                        .property("traceflow.flush.interval.ms", "50")
                        .args(fake.baseUrl(), "live", "3", "1500").run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waiting(Duration.ofSeconds(90)).until(d -> all("trace-row").size() >= shown + 3);
        assertThat(js("return window.__sameDocument")).as("no reload").isEqualTo("yes");
        assertThat(browser.findElements(By.cssSelector("tr.arrived"))).isNotEmpty();
        assertThat(app.get(120, TimeUnit.SECONDS).exitCode()).isZero();
        open("#/?q=live%20call");
        wait.until(d -> all("trace-row").size() == 3);
    }

    @Test
    void hostilePromptsAndAnswersAreShownAsTextAndExecuteNothing() throws Exception {
        open("#/?q=pwned");
        wait.until(d -> all("trace-row").size() == ViewerScenarioApp.HOSTILE.length);
        List<String> ids = all("trace-row").stream().map(r -> r.getAttribute("data-id")).toList();
        for (String id : ids) {
            open("#/trace/" + id);
            wait.until(d -> !all("chat-output").isEmpty() && !one("chat-output").getText().isEmpty());
            String text = one("step-panel").getText();
            assertThat(text).containsAnyOf(ViewerScenarioApp.HOSTILE).contains("<b>system</b> <style>body{display:none}</style>");
            one("raw-toggle").click();
            wait.until(d -> one("raw-box").getText().contains("pwned"));
            assertNothingExecuted();
            open("#/trace/" + id + "/replay");
            wait.until(d -> one("replay-input").getText().contains("pwned"));
            assertNothingExecuted();
        }
        open("#/trace/" + ids.get(0));
        wait.until(d -> one("chat-input").getText().contains("<script>window.__pwned = 'script'</script>Hello")
                || one("chat-input").getText().contains("window.__pwned"));
        assertNothingExecuted();
    }
}
