package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.bridge.web.Studio;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.testing.DebianSamples;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import picocli.CommandLine;

/**
 * `ersatz bench studio`: the curation studio on N clips (default 1,000, as many as the seed album's
 * songs). Makes N distinct WAVs from real Debian samples (LMMS and Sonic Pi, each cut to at most
 * 4 s and given its own small gain, so every file has its own content hash), opens the studio once
 * cold (analysis and thumbnails drawn and cached), closes it, opens it again warm, then measures in
 * headless chromium how long the map takes from navigation to every thumbnail placed and decoded,
 * and how long a zoom takes to show. Main thread; prints figures only.
 */
@CommandLine.Command(name = "studio", description = "the studio's map on 1,000 clips: cold analysis, warm open, time to an interactive map in chromium")
public final class StudioBenchmark implements Benchmark {
    @CommandLine.Option(names = "--clips", paramLabel = "N", description = "how many clips (default 1000)") int clips = 1000;

    @CommandLine.Option(names = "--dir", paramLabel = "DIR", description = "keep the clips, cache and database here and reuse them next time") Path keep;

    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench studio", "--clips", clips, 1, 100_000);
        PrintStream out = io.out();
        Path dir = keep != null ? keep : Files.createTempDirectory("ersatz-bench-studio");
        Path corpus = dir.resolve("clips"), cache = dir.resolve("cache"), db = dir.resolve("curation.mv.db");
        long t = System.nanoTime();
        int made = generate(corpus, clips);
        if (made > 0) out.printf(Locale.ROOT, "made %d clips from Debian samples in %.0f s%n", made, (System.nanoTime() - t) / 1e9);
        out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());

        t = System.nanoTime();
        try (Studio s = Studio.open(List.of(corpus), cache, db, 0, 2, io::warn)) {
            s.awaitIdle(2, TimeUnit.HOURS);
            out.printf(Locale.ROOT, "first open (%s): %d clips analysed and drawn in %.1f s on 2 workers, %d failed%n",
                    made > 0 ? "cold" : "cache from an earlier run", s.clips(), (System.nanoTime() - t) / 1e9, s.progress()[2]);
        }
        t = System.nanoTime();
        try (Studio s = Studio.open(List.of(corpus), cache, db, 0, 2, io::warn)) {
            s.awaitIdle(10, TimeUnit.MINUTES);
            out.printf(Locale.ROOT, "warm open: every clip listed, analysis and thumbnail found in the caches, in %.2f s%n", (System.nanoTime() - t) / 1e9);
            String token = s.url().substring(s.url().indexOf("token=") + 6), base = "http://127.0.0.1:" + s.port();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 3; i++) {
                long a = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/clips")).header("Authorization", "token " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
                out.printf(Locale.ROOT, "GET /api/clips: %.0f ms, %d kB%n", (System.nanoTime() - a) / 1e6, r.body().length() / 1024);
            }
            browse(out, s, dir);
        }
        out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
        if (keep == null) out.println("(the clips and caches are in " + dir + "; pass --dir to keep and reuse them)");
    }

    private void browse(PrintStream out, Studio s, Path dir) throws Exception {
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"), "--window-size=1400,1000", "--mute-audio");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, o);
        try {
            JavascriptExecutor js = (JavascriptExecutor) browser;
            for (int run = 1; run <= 3; run++) {
                // A fresh page each time (the cookie stays; the token URL sets it on the first run).
                long a = System.nanoTime();
                browser.get(run == 1 ? s.url() : "http://127.0.0.1:" + s.port() + "/");
                String ready = "return document.querySelectorAll('#plane .cell').length === " + s.clips()
                        + " && [...document.querySelectorAll('#plane .cell')].every(c => c.dataset.drawn === 'true')";
                while (!Boolean.TRUE.equals(js.executeScript(ready))) {
                    if (System.nanoTime() - a > 120e9) throw new IllegalStateException("map not ready after 120 s");
                    Thread.sleep(20);
                }
                double ms = (System.nanoTime() - a) / 1e6;
                // A zoom: one wheel step over the map, until the next frame has painted.
                long z = System.nanoTime();
                new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromViewport(600, 400), 0, -300).perform();
                js.executeAsyncScript("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(done));");
                double zoomMs = (System.nanoTime() - z) / 1e6;
                out.printf(Locale.ROOT, "chromium, page load %d: map of %d clips with every thumbnail decoded in %.0f ms; a wheel zoom painted in %.0f ms%n",
                        run, s.clips(), ms, zoomMs);
                out.printf(Locale.ROOT, "  in the page, ms since navigation: %s; load average %s%n",
                        js.executeScript("const t = Studio.timings, n = performance.getEntriesByType('navigation')[0]; return JSON.stringify({html: Math.round(n.responseEnd), "
                                + "script: Math.round(n.domContentLoadedEventEnd), clips: Math.round(t.clips), atlas: Math.round(t.atlas), drawn: Math.round(t.drawn)})"), loadAverage());
            }
            Path shot = dir.resolve("studio-1000.png");
            Files.write(shot, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            out.println("screenshot: " + shot);
        } finally {
            browser.quit();
        }
    }

    /** Writes {@code n} WAVs into {@code dir} unless it already holds them; returns how many it made. */
    private static int generate(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        try (var existing = Files.list(dir)) {
            if (existing.filter(p -> p.toString().endsWith(".wav")).count() >= n) return 0;
        }
        List<Path> sources = new ArrayList<>();
        for (String f : List.of("beats", "drums", "stringsnpads", "bassloops", "basses", "instruments", "effects", "latin", "misc")) {
            Path d = DebianSamples.lmms(f);
            if (Files.isDirectory(d)) sources.addAll(DebianSamples.audioFiles(d));
        }
        sources.addAll(DebianSamples.audioFiles(DebianSamples.sonicPi()));
        List<AudioData> decoded = new ArrayList<>();
        for (Path p : sources) {
            try {
                AudioData a = AudioFiles.read(p);
                int frames = Math.min(a.frames(), 4 * a.sampleRate());
                float[][] ch = new float[a.channelCount()][];
                for (int c = 0; c < ch.length; c++) ch[c] = java.util.Arrays.copyOf(a.channels()[c], frames);
                decoded.add(new AudioData(ch, a.sampleRate()));
            } catch (Exception e) {
                // A sample this build cannot decode is left out of the pool.
            }
        }
        for (int i = 0; i < n; i++) {
            AudioData a = decoded.get(i % decoded.size());
            float gain = (float) Math.pow(10, -(i / decoded.size()) * 0.5 / 20);   // each pass 0.5 dB quieter: new bytes, same sound
            float[][] ch = new float[a.channelCount()][];
            for (int c = 0; c < ch.length; c++) {
                ch[c] = a.channels()[c].clone();
                for (int k = 0; k < ch[c].length; k++) ch[c][k] *= gain;
            }
            WavWriter.write(dir.resolve(String.format(Locale.ROOT, "clip-%04d.wav", i)), new AudioData(ch, a.sampleRate()), SampleFormat.PCM_16);
        }
        return n;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
