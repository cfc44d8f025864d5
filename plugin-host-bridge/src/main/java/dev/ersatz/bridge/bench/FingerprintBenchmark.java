package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.Args;
import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.engine.analysis.fingerprint.Chromaprint;
import dev.ersatz.engine.analysis.fingerprint.Fingerprint;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * `ersatz bench fingerprint FILE`: our fingerprint of FILE (decode included, in process, after JIT
 * warm-up) against `fpcalc -raw -length 0 FILE` (a process per run, as a user runs it), side by side
 * in one run; medians of several runs, as multiples of real time. Single-threaded on both sides.
 */
public final class FingerprintBenchmark implements Benchmark {

    @Override public String name() { return "fingerprint"; }

    @Override public String summary() { return "fingerprint throughput of FILE vs fpcalc -raw -length 0 (x real time)"; }

    @Override
    public String options() {
        return """
                  fingerprint FILE
                      --runs N         timed runs on each side (default 7; the median is reported)
                      --warmup N       untimed runs of ours first, for the JIT (default 5)
                """;
    }

    @Override
    public void run(Args args, Console io) throws Exception {
        int runs = args.integer("--runs", 7, 1, 1000);
        int warmup = args.integer("--warmup", 5, 0, 1000);
        args.done(2, 2);
        Path file = Path.of(args.positionals().get(1));
        AudioData probe = AudioFiles.read(file);
        double seconds = probe.seconds();
        probe = null;

        Fingerprint ours = null;
        for (int i = 0; i < warmup; i++) ours = Chromaprint.fingerprint(AudioFiles.read(file));
        double[] oursTimes = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            ours = Chromaprint.fingerprint(AudioFiles.read(file));
            oursTimes[i] = (System.nanoTime() - t0) / 1e9;
        }

        double[] fpcalcTimes = new double[runs];
        String fpcalcOut = null;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            fpcalcOut = runFpcalc(file);
            fpcalcTimes[i] = (System.nanoTime() - t0) / 1e9;
        }
        double oursMedian = median(oursTimes);
        double fpcalcMedian = median(fpcalcTimes);
        boolean same = fpcalcOut.contains("FINGERPRINT=" + ours.rawText() + "\n");

        io.out().printf("file               %s (%.1f s of audio, %d Hz, %d ch)%n", file, seconds,
                AudioFiles.read(file).sampleRate(), AudioFiles.read(file).channelCount());
        io.out().printf("ersatz fingerprint %.4f s median of %d (decode included)  %.0fx real time%n", oursMedian, runs, seconds / oursMedian);
        io.out().printf("fpcalc -raw -length 0  %.4f s median of %d (process included)  %.0fx real time%n", fpcalcMedian, runs, seconds / fpcalcMedian);
        io.out().printf("throughput ratio   ersatz / fpcalc = %.2f%n", fpcalcMedian / oursMedian);
        io.out().printf("raw fingerprints   %s%n", same ? "identical" : "differ (see ersatz fingerprint --raw vs fpcalc -raw -length 0)");
        io.out().printf("command            ersatz bench fingerprint %s --runs %d --warmup %d%n", file, runs, warmup);
    }

    private static String runFpcalc(Path file) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("fpcalc", "-raw", "-length", "0", file.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new CliError("bench fingerprint: cannot run fpcalc (Debian package libchromaprint-tools): " + e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new CliError("bench fingerprint: fpcalc did not finish within 600 s");
        }
        // fpcalc 1.5.1 with FFmpeg 5 exits 3 after printing its result (it reports end of file as an error).
        if (p.exitValue() != 0 && p.exitValue() != 3) throw new CliError("bench fingerprint: fpcalc exited " + p.exitValue() + " on " + file);
        return out;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
