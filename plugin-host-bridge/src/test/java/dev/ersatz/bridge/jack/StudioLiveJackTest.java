package dev.ersatz.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.bridge.web.Studio;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.Resampler;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.util.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio's live link against a real `ersatz run --osc-port` (a subprocess) on a real jackd
 * (dummy backend), its output recorded by a JACK capture peer: a clip auditioned from the studio is
 * heard on the instrument's outputs, sample for sample as the file has it; a clip added from the
 * studio joins the corpus the instrument plays. Before the instrument is up the studio says no one
 * answers.
 */
class StudioLiveJackTest {
    @TempDir Path dir;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Page(String base, String token) {
        HttpResponse<String> get(String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "token " + token).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String body) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "token " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(150)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aClipAuditionedFromTheStudioIsHeardOnTheInstrumentsOutput() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("corpus"));
        WavWriter.write(corpus.resolve("sine.wav"), new AudioData(new float[][] {Signals.sine(220, 0.5, 48000, 48000)}, 48000), SampleFormat.PCM_16);
        Path samples = Files.createDirectories(dir.resolve("samples"));
        List<Path> beats = DebianSamples.audioFiles(DebianSamples.lmms("beats"));
        // A real drum loop at half its level: it peaks under the instrument's safety limiter's ceiling
        // (the loop itself reaches 0.99), so what JACK carries can be compared sample for sample.
        AudioData loop = AudioFiles.read(beats.get(0));
        float[][] half = new float[loop.channelCount()][];
        for (int ch = 0; ch < half.length; ch++) {
            half[ch] = loop.channels()[ch].clone();
            for (int i = 0; i < half[ch].length; i++) half[ch][i] *= 0.5f;
        }
        WavWriter.write(samples.resolve("half-" + beats.get(0).getFileName() + ".wav"), new AudioData(half, loop.sampleRate()), SampleFormat.FLOAT_32);
        Files.copy(beats.get(1), samples.resolve(beats.get(1).getFileName()));
        int osc = RunCommandTest.freeUdpPort();
        String name = "ersatz-studio-live";
        try (JackServer server = JackServer.start(256);
             Studio studio = Studio.open(List.of(samples), dir.resolve("cache"), dir.resolve("curation.mv.db"), 0, 1, "127.0.0.1:" + osc, w -> { })) {
            assertTrue(studio.awaitIdle(120, TimeUnit.SECONDS));
            String url = studio.url();
            Page page = new Page(url.substring(0, url.indexOf("/?")), url.substring(url.indexOf("token=") + 6));
            List<?> clips = (List<?>) ((Map<?, ?>) Json.parse(page.get("/api/clips").body())).get("clips");
            Map<?, ?> clip = (Map<?, ?>) clips.stream().filter(c -> ((String) ((Map<?, ?>) c).get("file")).startsWith("half-")).findFirst().orElseThrow();
            Map<?, ?> other = (Map<?, ?>) clips.stream().filter(c -> c != clip).findFirst().orElseThrow();
            String id = (String) clip.get("id");

            // Nobody at the port yet: a one-line reason, not a hang.
            Map<?, ?> status = (Map<?, ?>) Json.parse(page.get("/api/live").body());
            assertEquals(false, status.get("connected"), status.toString());
            HttpResponse<String> none = page.post("/api/live/audition", "{\"id\": \"" + id + "\"}");
            assertEquals(504, none.statusCode(), none.body());
            assertTrue(none.body().contains("no answer from ersatz run at 127.0.0.1:" + osc), none.body());

            Path err = dir.resolve("run.err");
            Process p = ersatzRun(server, err, "--corpus", corpus.toString(), "--name", name, "--osc-port", Integer.toString(osc));
            try {
                RunCommandTest.waitForPort(server, name + ":out_L");
                RunCommandTest.waitForActive(server, name + ":out_L");
                RunCommandTest.waitFor(() -> {
                    try {
                        return Boolean.TRUE.equals(((Map<?, ?>) Json.parse(page.get("/api/live").body())).get("connected"));
                    } catch (Exception e) {
                        return false;
                    }
                }, 20_000);
                server.useInThisProcess();
                AudioData file = AudioFiles.read(samples.resolve((String) clip.get("file")));
                AudioData want = file.sampleRate() == 48000 ? file : Resampler.resample(file, 48000);
                int seconds = (int) Math.ceil(want.seconds()) + 3;
                try (AudioCapture capture = new AudioCapture(name + "-capture", seconds + 2)) {
                    capture.connectFrom(name + ":out_L", name + ":out_R");
                    capture.start();
                    RunCommandTest.waitFor(() -> capture.length() >= 24_000, 10_000);
                    int before = capture.length();
                    float quiet = 0;
                    for (int i = 0; i < before; i++) quiet = Math.max(quiet, Math.abs(capture.sample(0, i)));
                    assertTrue(quiet < 1e-4, "the instrument is silent before the audition (peak " + quiet + ")");

                    long sentAt = capture.lastFrame();
                    HttpResponse<String> r = page.post("/api/live/audition", "{\"id\": \"" + id + "\"}");
                    assertEquals(200, r.statusCode(), r.body() + "; ersatz said: " + Files.readString(err));
                    assertEquals(want.seconds(), ((Number) ((Map<?, ?>) Json.parse(r.body())).get("seconds")).doubleValue(), 0.01, r.body());
                    RunCommandTest.waitFor(() -> capture.length() >= before + want.frames() + 24_000, 30_000);
                    capture.stop();
                    keep(capture, name);

                    // Heard: from its first sound on, the output is the clip (both channels), as the file has it.
                    // Checked window by window (256 recorded frames in a row): each is an exact excerpt of the
                    // file, later in it than the one before, and they reach its end. Exact excerpts rather than
                    // one alignment: on a loaded machine the capture peer may miss a period, and the instrument
                    // itself may (an xrun delays the rest of the take by a period).
                    int heardAt = -1;
                    for (int i = before; i < capture.length() && heardAt < 0; i++) if (Math.abs(capture.sample(0, i)) > 1e-3) heardAt = i;
                    assertTrue(heardAt >= 0, "the auditioned clip is heard");
                    float[][] w = want.channels();
                    float[] srcL = w[0], srcR = w[Math.min(1, w.length - 1)];
                    int windows = 0, excerpts = 0, position = -1;
                    long firstStart = -1;
                    for (int i = heardAt; i + WINDOW <= capture.length() && position + 2 * WINDOW < srcL.length; i += WINDOW) {
                        if (capture.frame(i + WINDOW - 1) - capture.frame(i) != WINDOW - 1) continue; // the capture missed frames here
                        windows++;
                        int at = excerpt(capture, i, srcL, srcR, Math.max(0, position), position < 0 ? srcL.length : 48_000);
                        if (at < 0) continue;
                        if (firstStart < 0) firstStart = capture.frame(i) - at;
                        assertTrue(at > position, "window " + windows + " is later in the file than the one before");
                        position = at;
                        excerpts++;
                    }
                    System.out.printf("audition through JACK: %d of %d windows of %d frames are exact excerpts of the clip, the last at frame %d of %d%n",
                            excerpts, windows, WINDOW, position, srcL.length);
                    // A figure, not a check: request to first frame (HTTP, OSC, the instrument decoding and resampling the file, a period).
                    System.out.printf("audition latency: %d frames (%.1f ms at 48 kHz, 256-frame periods) from the studio's request to the take's first frame, a %.1f s clip%n",
                            firstStart - sentAt, (firstStart - sentAt) / 48.0, want.seconds());
                    assertTrue(excerpts >= 0.9 * windows, excerpts + " of " + windows + " windows are the clip sample for sample");
                    assertTrue(position + 2 * WINDOW >= srcL.length, "the clip is heard to its end (last excerpt at " + position + " of " + srcL.length + ")");
                }

                // Add: the clip joins the corpus the running instrument plays (the sine and it: two).
                HttpResponse<String> added = page.post("/api/live/add", "{\"ids\": [\"" + id + "\"]}");
                assertEquals(200, added.statusCode(), added.body() + "; ersatz said: " + Files.readString(err));
                assertEquals(2, ((Number) ((Map<?, ?>) Json.parse(added.body())).get("clips")).intValue(), added.body());
                HttpResponse<String> both = page.post("/api/live/add", "{\"ids\": [\"" + id + "\", \"" + other.get("id") + "\"]}");
                assertEquals(3, ((Number) ((Map<?, ?>) Json.parse(both.body())).get("clips")).intValue(), "a clip added twice plays once: " + both.body());
                assertEquals(200, page.post("/api/live/stop", "{}").statusCode());
                HttpResponse<String> bad = page.post("/api/live/audition", "{\"id\": 5}");
                assertEquals(400, bad.statusCode(), bad.body());

                // The same from the page, in a real browser: add the shown clips, open one, audition it live.
                if (Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"))) {
                    inTheBrowser(studio.url(), name, (String) clip.get("file"), osc);
                }
            } finally {
                p.destroy();
                p.waitFor(5, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    /**
     * Debian's chromium on the studio's page: "select shown" and "add 2 to instrument", then the
     * clip's page and "audition live", heard on the instrument's outputs by a capture peer.
     */
    private void inTheBrowser(String url, String name, String file, int osc) throws Exception {
        org.openqa.selenium.chrome.ChromeOptions o = new org.openqa.selenium.chrome.ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")), "--window-size=1400,1000");
        org.openqa.selenium.chrome.ChromeDriverService service = new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        org.openqa.selenium.WebDriver browser = new org.openqa.selenium.chrome.ChromeDriver(service, o);
        try {
            var wait = new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get(url);
            wait.until(d -> d.findElements(org.openqa.selenium.By.cssSelector("#plane .cell")).size() == 2);
            wait.until(d -> d.findElement(org.openqa.selenium.By.id("live")).isDisplayed());
            assertEquals("live: 127.0.0.1:" + osc, browser.findElement(org.openqa.selenium.By.id("live-target")).getText());
            browser.findElement(org.openqa.selenium.By.id("select-shown")).click();
            browser.findElement(org.openqa.selenium.By.id("live-add")).click();
            wait.until(d -> !d.findElement(org.openqa.selenium.By.id("live-status")).getText().startsWith("adding"));
            assertEquals("added 2: the instrument plays 3 clips", browser.findElement(org.openqa.selenium.By.id("live-status")).getText());
            screenshot(browser, "live-1-added");
            org.openqa.selenium.WebElement cell = browser.findElements(org.openqa.selenium.By.cssSelector("#plane .cell")).stream()
                    .filter(c -> file.equals(c.getAttribute("title"))).findFirst().orElseThrow();
            new org.openqa.selenium.interactions.Actions(browser).moveToElement(cell).click().perform();
            wait.until(d -> d.findElement(org.openqa.selenium.By.id("clip-view")).isDisplayed() && d.findElement(org.openqa.selenium.By.id("live-audition")).isDisplayed());
            try (AudioCapture capture = new AudioCapture(name + "-page", 12)) {
                capture.connectFrom(name + ":out_L", name + ":out_R");
                capture.start();
                RunCommandTest.waitFor(() -> capture.length() >= 24_000, 10_000);
                int before = capture.length();
                browser.findElement(org.openqa.selenium.By.id("live-audition")).click();
                wait.until(d -> d.findElement(org.openqa.selenium.By.id("live-status")).getText().startsWith("auditioning")
                        || d.findElement(org.openqa.selenium.By.id("live-status")).getAttribute("class").contains("error"));
                String said = browser.findElement(org.openqa.selenium.By.id("live-status")).getText();
                assertTrue(said.matches("auditioning " + java.util.regex.Pattern.quote(file) + " \\([0-9.]+ s\\) through 127\\.0\\.0\\.1:" + osc), said);
                screenshot(browser, "live-2-audition");
                RunCommandTest.waitFor(() -> capture.length() >= before + 96_000, 20_000);
                capture.stop();
                float peakBefore = 0, peakAfter = 0;
                for (int i = 0; i < before; i++) peakBefore = Math.max(peakBefore, Math.abs(capture.sample(0, i)));
                for (int i = before; i < capture.length(); i++) peakAfter = Math.max(peakAfter, Math.abs(capture.sample(0, i)));
                assertTrue(peakBefore < 1e-4 && peakAfter > 0.05, "silent (" + peakBefore + "), then the clip auditioned from the page (" + peakAfter + ")");
            }
        } finally {
            browser.quit();
        }
    }

    private static void screenshot(org.openqa.selenium.WebDriver browser, String name) throws Exception {
        java.io.File f = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.FILE);
        Files.copy(f.toPath(), Files.createDirectories(Path.of("target", "studio-screenshots")).resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static final int WINDOW = 256;

    /**
     * Where in the file (left {@code l}, right {@code r}) the {@link #WINDOW} recorded frames from
     * index {@code i} are, exactly, looking from {@code from} up to {@code span} frames on; -1 when nowhere.
     */
    static int excerpt(AudioCapture capture, int i, float[] l, float[] r, int from, int span) {
        for (int p = from; p + WINDOW <= l.length && p <= from + span; p++) {
            boolean same = true;
            for (int k = 0; k < WINDOW && same; k++) same = capture.sample(0, i + k) == l[p + k] && capture.sample(1, i + k) == r[p + k];
            if (same) return p;
        }
        return -1;
    }

    /** `ersatz run ARGS` as a process of its own on {@code server}, its stderr to {@code err}. */
    private static Process ersatzRun(JackServer server, Path err, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                dev.ersatz.bridge.cli.Main.class.getName(), "run"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(server.environment());
        return pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The recording, to look at and listen to: target/studio-screenshots/NAME.wav. */
    private static void keep(AudioCapture capture, String name) throws Exception {
        float[][] x = new float[2][capture.length()];
        for (int ch = 0; ch < 2; ch++) for (int i = 0; i < x[ch].length; i++) x[ch][i] = capture.sample(ch, i);
        Path out = Files.createDirectories(Path.of("target", "studio-screenshots")).resolve(name + ".wav");
        WavWriter.write(out, new AudioData(x, 48000), SampleFormat.FLOAT_32);
    }
}
