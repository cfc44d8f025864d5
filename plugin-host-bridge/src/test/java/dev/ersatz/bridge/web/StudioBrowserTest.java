package dev.ersatz.bridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ersatz.engine.util.Json;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The studio end to end in a real browser: Debian's chromium, headless, driven through Debian's
 * chromium-driver (scripts/test installs both). On a corpus of real LMMS samples it checks the map
 * shows every clip, tags one, taps its tempo on the keyboard, discards another, reloads and finds it
 * all kept, filters, exports JSON; then opens the folder moved elsewhere and finds the curation
 * still there (it is keyed by content). Screenshots go to target/studio-screenshots/.
 */
class StudioBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "studio-screenshots");
    @TempDir Path dir;
    Studio studio;
    WebDriver browser;

    @AfterEach
    void close() {
        if (browser != null) browser.quit();
        if (studio != null) studio.close();
    }

    WebDriver browser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "needs Debian's chromium and chromium-driver (scripts/test installs them)");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toString());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")),
                "--window-size=1400,1000", "--autoplay-policy=no-user-gesture-required", "--mute-audio");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        return new ChromeDriver(service, o);
    }

    void shot(String name) throws Exception {
        Files.createDirectories(SHOTS);
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    WebDriverWait waiting() { return new WebDriverWait(browser, Duration.ofSeconds(60)); }

    Object js(String script, Object... args) { return ((JavascriptExecutor) browser).executeScript(script, args); }

    /** Waits for the map: background work done and every cell's thumbnail shown (from the atlas). */
    List<WebElement> mapReady(int clips) {
        waiting().until(d -> "true".equals(d.findElement(By.id("progress")).getAttribute("data-done")));
        waiting().until(d -> d.findElements(By.cssSelector("#plane .cell")).size() == clips
                && Boolean.TRUE.equals(js("return [...document.querySelectorAll('#plane .cell')].every(c => c.dataset.drawn === 'true')")));
        // Once all is drawn the cells show their parts of the one atlas picture.
        waiting().until(d -> Boolean.TRUE.equals(js("return [...document.querySelectorAll('#plane .cell')].every(c => (c.dataset.atlas || '').startsWith('/img/atlas.png') && c.firstChild.tagName === 'CANVAS')")));
        return browser.findElements(By.cssSelector("#plane .cell"));
    }

    double scale() { return scaleOf((String) js("return document.getElementById('plane').style.transform")); }

    static double scaleOf(String transform) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("scale\\(([0-9.]+)\\)").matcher(transform);
        assertTrue(m.find(), transform);
        return Double.parseDouble(m.group(1));
    }

    WebElement cell(String id) { return browser.findElement(By.cssSelector("#plane .cell[data-id='" + id + "']")); }

    void open(String id) {
        // Click through the page's own handler (mouseup on a cell): the map may be scaled to fit.
        new Actions(browser).moveToElement(cell(id)).click().perform();
        waiting().until(d -> d.findElement(By.id("clip-view")).isDisplayed()
                && Boolean.TRUE.equals(js("return document.getElementById('wave').naturalWidth > 0 && document.getElementById('spec').naturalWidth > 0")));
    }

    static List<?> exportJson(String base, String token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/export.json"))
                .header("Authorization", "token " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return (List<?>) Json.parse(r.body());
    }

    static Map<?, ?> row(List<?> rows, String hash) {
        return rows.stream().map(o -> (Map<?, ?>) o).filter(m -> hash.equals(m.get("content_hash"))).findFirst().orElseThrow();
    }

    @Test
    void curateInTheBrowserReloadAndExport() throws Exception {
        Path corpus = StudioCorpusFixture.make(dir, 3);
        Path db = dir.resolve("curation.mv.db"), cache = dir.resolve("cache");
        studio = Studio.open(List.of(corpus), cache, db, 0, 2, w -> { throw new AssertionError(w); });
        browser = browser();
        browser.get(studio.url());
        assertTrue(browser.getCurrentUrl().endsWith(":" + studio.port() + "/"), "the token leaves the address bar: " + browser.getCurrentUrl());

        // The map shows every clip.
        List<WebElement> cells = mapReady(9);
        String base = "http://127.0.0.1:" + studio.port(), token = AccessGuard.queryToken(URI.create(studio.url()).getRawQuery());
        Set<String> ids = exportJson(base, token).stream().map(o -> (String) ((Map<?, ?>) o).get("content_hash")).collect(Collectors.toSet());
        assertEquals(9, ids.size());
        assertEquals(ids, cells.stream().map(c -> c.getAttribute("data-id")).collect(Collectors.toSet()));
        assertEquals("9 of 9 shown", browser.findElement(By.id("shown")).getText());
        Set<String> places = new HashSet<>();
        for (WebElement c : cells) assertTrue(places.add(c.getCssValue("left") + "," + c.getCssValue("top")), "two clips in one cell");
        shot("1-map");

        // Zoom (wheel over the map), pan (drag), hover to hear.
        String before = (String) js("return document.getElementById('plane').style.transform");
        new Actions(browser).scrollFromOrigin(org.openqa.selenium.interactions.WheelInput.ScrollOrigin.fromElement(browser.findElement(By.id("viewport"))), 0, -400).perform();
        waiting().until(d -> !before.equals(js("return document.getElementById('plane').style.transform")));
        assertTrue(scale() > scaleOf(before), "wheel up zooms in: " + before + " → " + js("return document.getElementById('plane').style.transform"));
        String zoomed = (String) js("return document.getElementById('plane').style.transform");
        new Actions(browser).moveToElement(browser.findElement(By.id("viewport")), 300, 300).clickAndHold().moveByOffset(-120, -60).release().perform();
        String panned = (String) js("return document.getElementById('plane').style.transform");
        assertTrue(!panned.equals(zoomed) && scaleOf(panned) == scaleOf(zoomed), "a drag pans: " + zoomed + " → " + panned);
        assertTrue(browser.findElement(By.id("clip-view")).getAttribute("hidden") != null, "a drag is not a click");
        js("Studio.state.view = {scale: 1, tx: 10, ty: 10}; document.getElementById('plane').style.transform = 'translate(10px, 10px) scale(1)'");
        WebElement hovered = cells.get(2);
        new Actions(browser).moveToElement(hovered).perform();
        waiting().until(d -> hovered.getAttribute("class").contains("playing"));
        String heard = (String) js("return document.getElementById('hover-player').src");
        assertTrue(heard.endsWith(((String) js("return Studio.state.byId.get(arguments[0]).audio", hovered.getAttribute("data-id")))), heard);
        new Actions(browser).moveToElement(browser.findElement(By.id("hint"))).perform();
        waiting().until(d -> !hovered.getAttribute("class").contains("playing"));

        // Tag one clip, tap its tempo on the keyboard, keep the tapped tempo, write a note.
        String first = cells.get(0).getAttribute("data-id"), second = cells.get(1).getAttribute("data-id");
        open(first);
        shot("2-clip");
        WebElement tagInput = browser.findElement(By.id("tag-input"));
        tagInput.sendKeys("doom riff", Keys.ENTER);
        waiting().until(d -> d.findElement(By.id("tags")).getText().contains("doom riff"));
        browser.findElement(By.id("note")).click();
        browser.findElement(By.id("note")).sendKeys("chugs from 0:02");
        browser.findElement(By.id("clip-name")).click();   // leaves the note: saved on blur
        waiting().until(d -> "saved".equals(d.findElement(By.id("status")).getText()));
        for (int i = 0; i < 5; i++) {
            new Actions(browser).sendKeys("t").perform();
            Thread.sleep(450);
        }
        String tapped = browser.findElement(By.id("tapped")).getAttribute("data-bpm");
        double bpm = Double.parseDouble(tapped);
        assertTrue(bpm >= 20 && bpm <= 400, "tapped " + tapped);
        assertTrue(browser.findElement(By.id("tapped")).getText().contains("(5 taps)"), browser.findElement(By.id("tapped")).getText());
        assertEquals(120.0, ((Number) js("return Studio.bpmOf([0, 500, 1000, 1500])")).doubleValue(), 1e-9);
        browser.findElement(By.id("use-tap")).click();
        waiting().until(d -> tapped.equals(d.findElement(By.id("saved-tempo")).getAttribute("data-bpm").replaceAll("\\.0$", "").isEmpty() ? ""
                : String.format(java.util.Locale.ROOT, "%.1f", Double.parseDouble(d.findElement(By.id("saved-tempo")).getAttribute("data-bpm")))));
        shot("3-tagged-and-tapped");

        // Discard another.
        browser.findElement(By.id("back")).click();
        waiting().until(d -> d.findElement(By.id("map-view")).isDisplayed());
        open(second);
        browser.findElement(By.id("discard")).click();
        waiting().until(d -> "discarded".equals(d.findElement(By.id("verdict")).getText()));

        // Reload: everything is still there.
        browser.navigate().to(base + "/");
        mapReady(9);
        assertTrue(cell(second).getAttribute("class").contains("discarded"), cell(second).getAttribute("class"));
        new Select(browser.findElement(By.id("filter-kept"))).selectByValue("discarded");
        try {
            waiting().until(d -> d.findElement(By.id("shown")).getText().equals("1 of 9 shown"));
        } catch (org.openqa.selenium.TimeoutException e) {
            shot("failed-filter");
            throw new AssertionError("filter shows '" + browser.findElement(By.id("shown")).getText() + "'", e);
        }
        shot("4-after-reload-discarded-filter");
        new Select(browser.findElement(By.id("filter-kept"))).selectByValue("all");
        open(first);
        assertTrue(browser.findElement(By.id("tags")).getText().contains("doom riff"));
        assertEquals(tapped, String.format(java.util.Locale.ROOT, "%.1f", Double.parseDouble(browser.findElement(By.id("saved-tempo")).getAttribute("data-bpm"))));
        assertEquals("chugs from 0:02", browser.findElement(By.id("note")).getAttribute("value"));
        assertEquals("not judged", browser.findElement(By.id("verdict")).getText());
        shot("5-after-reload-clip");

        // Act: shift-click three clips, chain them (ersatz chain's code), and the result is playable.
        browser.findElement(By.id("back")).click();
        waiting().until(d -> d.findElement(By.id("map-view")).isDisplayed());
        for (WebElement c : browser.findElements(By.cssSelector("#plane .cell")).subList(3, 6)) {
            new Actions(browser).keyDown(Keys.SHIFT).moveToElement(c).click().keyUp(Keys.SHIFT).perform();
        }
        assertEquals(3, browser.findElements(By.cssSelector("#plane .cell.selected")).size());
        assertEquals("chain 3 selected", browser.findElement(By.id("chain")).getText());
        assertTrue(browser.findElement(By.id("clip-view")).getAttribute("hidden") != null, "a shift-click selects, it does not open");
        browser.findElement(By.id("chain")).click();
        waiting().until(d -> "true".equals(d.findElement(By.id("chain-status")).getAttribute("data-done"))
                || d.findElement(By.id("chain-status")).getAttribute("class").contains("error"));
        String chainStatus = browser.findElement(By.id("chain-status")).getText();
        assertTrue(chainStatus.matches("chain 1: \\d+ pieces, [0-9.]+ s, mean adjacent fingerprint similarity .*"), chainStatus);
        String chainAudio = (String) js("return document.getElementById('chain-player').src");
        assertTrue(chainAudio.endsWith("/chains/1.wav"), chainAudio);
        waiting().until(d -> Boolean.TRUE.equals(js("const p = document.getElementById('chain-player'); p.preload = 'auto'; p.load(); return true")));
        waiting().until(d -> ((Number) js("return document.getElementById('chain-player').readyState")).intValue() >= 1);
        assertTrue(((Number) js("return document.getElementById('chain-player').duration")).doubleValue() > 1, "the chain plays in the page");
        shot("6-chain");

        // The other settings of `ersatz chain`: a value it refuses is refused in the page with its reason...
        browser.findElement(By.id("chain-settings-toggle")).click();
        WebElement crossfade = browser.findElement(By.cssSelector("[data-setting='crossfade-ms']"));
        crossfade.sendKeys("70000");
        browser.findElement(By.id("chain")).click();
        waiting().until(d -> d.findElement(By.id("chain-status")).getAttribute("class").contains("error"));
        assertEquals("chain: --crossfade-ms must be between 0 and 60000, not 70000", browser.findElement(By.id("chain-status")).getText());
        // ...and good ones reach the chain, with progress shown while it runs.
        crossfade.clear();
        crossfade.sendKeys("200");
        new Select(browser.findElement(By.id("chain-by"))).selectByValue("timbre");
        new Select(browser.findElement(By.cssSelector("[data-setting='cut-at']"))).selectByValue("onsets");
        browser.findElement(By.cssSelector("[data-setting='max-clip-ms']")).sendKeys("1500");
        browser.findElement(By.cssSelector("[data-setting='seed']")).sendKeys("3");
        shot("7-chain-settings");
        js("window.chainTexts = []; new MutationObserver(() => window.chainTexts.push(document.getElementById('chain-status').textContent))"
                + ".observe(document.getElementById('chain-status'), { childList: true, characterData: true, subtree: true }); return true");
        browser.findElement(By.id("chain")).click();
        waiting().until(d -> String.valueOf(js("return document.getElementById('chain-player').src")).endsWith("/chains/2.wav")
                || d.findElement(By.id("chain-status")).getAttribute("class").contains("error"));
        chainStatus = browser.findElement(By.id("chain-status")).getText();
        assertTrue(chainStatus.matches("chain 2: \\d+ pieces, [0-9.]+ s, mean adjacent timbre similarity .*"), chainStatus);
        List<?> texts = (List<?>) js("return window.chainTexts");
        assertTrue(texts.stream().anyMatch(t -> String.valueOf(t).matches("chain 2: (queued|reading|cutting|describing|ordering|writing).*")), "progress shown: " + texts);
        Map<?, ?> job2 = (Map<?, ?>) Json.parse((String) js("const r = new XMLHttpRequest(); r.open('GET', '/api/chain/2', false); r.send(); return r.responseText"));
        Map<?, ?> used = (Map<?, ?>) job2.get("settings");
        assertEquals(List.of("timbre", 200.0, "onsets", 1500.0, 3L), List.of(used.get("by"), ((Number) used.get("crossfade-ms")).doubleValue(), used.get("cut-at"),
                ((Number) used.get("max-clip-ms")).doubleValue(), used.get("seed")));
        waiting().until(d -> Boolean.TRUE.equals(js("const p = document.getElementById('chain-player'); p.preload = 'auto'; p.load(); return true")));
        waiting().until(d -> ((Number) js("return document.getElementById('chain-player').readyState")).intValue() >= 1);
        assertTrue(((Number) js("return document.getElementById('chain-player').duration")).doubleValue() > 1, "the second chain plays in the page");
        shot("8-chain-with-settings");

        // Train a model on the same selection, as `ersatz train` would: a refused value first, then a model and its bounce.
        assertEquals("train on 3", browser.findElement(By.id("train")).getText());
        WebElement tokens = browser.findElement(By.cssSelector("[data-train='tokens']"));
        tokens.sendKeys("1");
        browser.findElement(By.id("train")).click();
        waiting().until(d -> d.findElement(By.id("train-status")).getAttribute("class").contains("error"));
        assertEquals("train: --tokens must be between 2 and 4096, not 1", browser.findElement(By.id("train-status")).getText());
        tokens.clear();
        tokens.sendKeys("8");
        browser.findElement(By.cssSelector("[data-train='order']")).sendKeys("2");
        browser.findElement(By.id("train")).click();
        waiting().until(d -> "true".equals(d.findElement(By.id("train-status")).getAttribute("data-done"))
                || d.findElement(By.id("train-status")).getAttribute("class").contains("error"));
        String trainStatus = browser.findElement(By.id("train-status")).getText();
        assertTrue(trainStatus.matches("model 1: 8 tokens, order 2, \\d+ grains from 3 files; a 10 s bounce plays here"), trainStatus);
        String modelPath = browser.findElement(By.id("train-order")).getText();
        assertTrue(modelPath.endsWith("/studio/models/1.ersatz-model") && Files.isRegularFile(Path.of(modelPath)), modelPath);
        assertTrue(String.valueOf(js("return document.getElementById('train-player').src")).endsWith("/models/1.wav"));
        waiting().until(d -> Boolean.TRUE.equals(js("const p = document.getElementById('train-player'); p.preload = 'auto'; p.load(); return true")));
        waiting().until(d -> ((Number) js("return document.getElementById('train-player').readyState")).intValue() >= 1);
        assertEquals(10.0, ((Number) js("return document.getElementById('train-player').duration")).doubleValue(), 0.05, "the model's bounce plays in the page");
        shot("9-model");

        // Export: what the page's link downloads, read in the browser.
        browser.navigate().to(base + "/api/export.json");
        List<?> rows = (List<?>) Json.parse(browser.findElement(By.tagName("body")).getText());
        assertEquals(9, rows.size());
        Map<?, ?> r1 = row(rows, first), r2 = row(rows, second);
        assertEquals(List.of("doom riff"), r1.get("tags"));
        assertEquals(Double.parseDouble(tapped), ((Number) r1.get("tapped_bpm")).doubleValue(), 1e-9);
        assertEquals("chugs from 0:02", r1.get("note"));
        assertEquals(false, r2.get("kept"));
        assertEquals(null, r1.get("kept"));

        // Moving the folder loses nothing: the curation is keyed by content.
        browser.quit();
        browser = null;
        studio.close();
        studio = null;
        Path moved = dir.resolve("moved-elsewhere");
        Files.move(corpus, moved);
        studio = Studio.open(List.of(moved), cache, db, 0, 2, w -> { throw new AssertionError(w); });
        assertTrue(studio.awaitIdle(120, TimeUnit.SECONDS));
        String base2 = "http://127.0.0.1:" + studio.port(), token2 = AccessGuard.queryToken(URI.create(studio.url()).getRawQuery());
        List<?> again = exportJson(base2, token2);
        assertEquals(List.of("doom riff"), row(again, first).get("tags"));
        assertEquals(false, row(again, second).get("kept"));
        assertTrue(((String) row(again, first).get("root")).endsWith("moved-elsewhere"));
    }
}
