package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.Main;
import dev.ersatz.engine.analysis.Analyzer;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.SampleFormat;
import dev.ersatz.engine.audio.WavWriter;
import dev.ersatz.engine.util.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;

/**
 * `ersatz bench analyze`: analysis throughput as × real time. First in memory (Analyzer alone, one
 * thread, then one analysis per core at once), then end to end: `ersatz analyze --no-cache` over a
 * folder of generated 5-minute 44.1 kHz stereo 16-bit WAVs on 1 and 2 threads, and the same folder
 * again with a warm cache. Runs on the main thread; prints figures only.
 */
@CommandLine.Command(name = "analyze", description = "analysis throughput (× real time), in memory and over generated files")
public final class AnalyzeBenchmark implements Benchmark {
    @CommandLine.Option(names = "--hours", paramLabel = "H", description = "hours of generated files for the end-to-end run (default 0.5; 0 skips it)") double hours = 0.5;

    @CommandLine.Option(names = "--dir", paramLabel = "DIR", description = "keep the generated files here and reuse them next time") Path keep;

    private static final int RATE = 44100;
    private static final int FILE_SECONDS = 300;




    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench analyze", "--hours", hours, 0, 100);
        PrintStream out = io.out();
        int cores = Math.min(2, Runtime.getRuntime().availableProcessors());

        AudioData clip = new AudioData(new float[][] {music(RATE * 60, 1), music(RATE * 60, 2)}, RATE);
        for (int i = 0; i < 3; i++) Analyzer.analyze(clip, Progress.NONE); // warm up the JIT
        int reps = 5;
        out.printf(Locale.ROOT, "load average before: %s (this machine is shared: wall-clock figures suffer, CPU-time ones less)%n", loadAverage());
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) Analyzer.analyze(clip, Progress.NONE);
        double single = reps * clip.seconds() / ((System.nanoTime() - t0) / 1e9);
        double perCpu = reps * clip.seconds() / ((cpu.getCurrentThreadCpuTime() - c0) / 1e9);
        out.printf(Locale.ROOT, "in memory, 1 thread:  %.0f× real time by the wall clock, %.0f× per CPU-second (60 s stereo 44.1 kHz, %d runs)%n",
                single, perCpu, reps);
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < reps * cores; i++) fs.add(pool.submit(() -> Analyzer.analyze(clip, Progress.NONE)));
            for (Future<?> f : fs) f.get();
            double multi = reps * cores * clip.seconds() / ((System.nanoTime() - t0) / 1e9);
            out.printf(Locale.ROOT, "in memory, %d threads: %.0f× real time%n", cores, multi);
            out.printf(Locale.ROOT, "  → 26 h of audio in memory: %.0f s on %d threads%n", 26 * 3600 / multi, cores);
        } finally {
            pool.shutdownNow();
        }
        if (hours <= 0) return;

        Path dir = keep != null ? keep : Files.createTempDirectory("ersatz-bench-analyze");
        try {
            int files = (int) Math.ceil(hours * 3600 / FILE_SECONDS);
            long t = System.nanoTime();
            int made = generate(dir, files);
            if (made > 0) out.printf(Locale.ROOT, "generated %d × %d s WAVs in %s (%.0f s)%n", made, FILE_SECONDS, dir, (System.nanoTime() - t) / 1e9);
            double audioSeconds = files * (double) FILE_SECONDS;
            Path cache = Files.createTempDirectory("ersatz-bench-cache");
            for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                long cpu0 = processCpuNanos();
                double s = timeAnalyze(dir, "--no-cache", "--threads", Integer.toString(threads));
                double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
                out.printf(Locale.ROOT, "ersatz analyze, %d thread%s: %.1f s wall for %.2f h → %.0f× real time; 26 h would take %.0f s%n",
                        threads, threads == 1 ? "" : "s", s, audioSeconds / 3600, audioSeconds / s, 26 * 3600 * s / audioSeconds);
                if (cpuSeconds > 0) {
                    out.printf(Locale.ROOT, "  CPU time %.1f s → %.0f× real time per CPU-second; on %d idle core%s 26 h would take about %.0f s%n",
                            cpuSeconds, audioSeconds / cpuSeconds, threads, threads == 1 ? "" : "s", 26 * 3600 * cpuSeconds / audioSeconds / threads);
                }
            }
            double fill = timeAnalyze(dir, "--cache", cache.toString(), "--threads", Integer.toString(cores));
            double warm = timeAnalyze(dir, "--cache", cache.toString(), "--threads", Integer.toString(cores));
            out.printf(Locale.ROOT, "with the cache: first run %.1f s, second run %.2f s (%d files)%n", fill, warm, files);
            out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
            deleteTree(cache);
        } finally {
            if (keep == null) deleteTree(dir);
        }
    }

    /** CPU time of the whole process (all threads, JIT and GC included), or 0 where the JVM cannot say. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double timeAnalyze(Path dir, String... options) {
        List<String> argv = new ArrayList<>(List.of("analyze", dir.toString(), "--json"));
        argv.addAll(List.of(options));
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        long t = System.nanoTime();
        int code = Main.run(argv.toArray(String[]::new), new Console(nowhere, System.err, false));
        if (code != 0) throw new IllegalStateException("ersatz analyze exited " + code);
        return (System.nanoTime() - t) / 1e9;
    }

    /** Files bench-0000.wav ... that are missing; returns how many were written. */
    private static int generate(Path dir, int files) throws Exception {
        Files.createDirectories(dir);
        int made = 0;
        for (int i = 0; i < files; i++) {
            Path f = dir.resolve(String.format("bench-%04d.wav", i));
            if (Files.exists(f)) continue;
            AudioData a = new AudioData(new float[][] {music(RATE * FILE_SECONDS, 2L * i), music(RATE * FILE_SECONDS, 2L * i + 1)}, RATE);
            WavWriter.write(f, a, SampleFormat.PCM_16);
            made++;
        }
        return made;
    }

    /** Something music-like: decaying chords on a beat at a random tempo, a little noise. */
    static float[] music(int frames, long seed) {
        Random r = new Random(seed);
        float[] x = new float[frames];
        int beat = (int) (RATE * 60 / (70 + r.nextInt(90)));
        double[] roots = {110, 123.47, 130.81, 146.83, 164.81, 98};
        for (int start = 0; start < frames; start += beat) {
            double root = roots[r.nextInt(roots.length)] * (1 << r.nextInt(3));
            double amp = 0.1 + 0.3 * r.nextDouble();
            for (int i = start; i < Math.min(frames, start + beat * 2); i++) {
                double t = (i - start) / (double) RATE;
                double env = amp * Math.exp(-4 * t);
                x[i] += (float) (env * (Math.sin(2 * Math.PI * root * t) + 0.5 * Math.sin(2 * Math.PI * root * 1.5 * t)
                        + 0.25 * Math.sin(2 * Math.PI * root * 2.01 * t)) / 1.75);
            }
        }
        for (int i = 0; i < frames; i++) x[i] += (float) (0.005 * (2 * r.nextDouble() - 1));
        return x;
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
