package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.engine.analysis.fingerprint.Chromaprint;
import dev.ersatz.engine.analysis.fingerprint.Fingerprint;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * `ersatz bench fingerprint FILE`: our fingerprint of FILE (decode included, in process, after JIT
 * warm-up) against `fpcalc -raw -length 0 FILE` (a process per run, as a user runs it), side by side
 * in one run; medians of several runs, as multiples of real time. Single-threaded on both sides.
 */
@CommandLine.Command(name = "fingerprint", description = "fingerprint throughput of FILE vs fpcalc -raw -length 0 (x real time)")
public final class FingerprintBenchmark implements Benchmark {
    @CommandLine.Parameters(paramLabel = "FILE", arity = "1", description = "the audio file to fingerprint") Path file;

    @CommandLine.Option(names = "--runs", paramLabel = "N", description = "timed runs on each side (default 7; the median is reported)") int runs = 7;

    @CommandLine.Option(names = "--warmup", paramLabel = "N", description = "untimed runs of ours first, for the JIT (default 5)") int warmup = 5;





    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench fingerprint", "--runs", runs, 1, 1000);
        OptionRange.check("bench fingerprint", "--warmup", warmup, 0, 1000);
        AudioData probe = AudioFiles.read(file);
        double seconds = probe.seconds();
        probe = null;

        // Ours: wall time, and this thread's CPU time (the fair figure on a shared machine; the
        // JVM's GC and JIT threads are not in it, the decode is).
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Fingerprint ours = null;
        for (int i = 0; i < warmup; i++) ours = Chromaprint.fingerprint(AudioFiles.read(file));
        double[] oursWall = new double[runs];
        double[] oursCpu = new double[runs];
        double[] decodeCpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            AudioData audio = AudioFiles.read(file);
            long c1 = mx.getCurrentThreadCpuTime();
            ours = Chromaprint.fingerprint(audio);
            oursWall[i] = (System.nanoTime() - t0) / 1e9;
            long c2 = mx.getCurrentThreadCpuTime();
            oursCpu[i] = (c2 - c0) / 1e9;
            decodeCpu[i] = (c1 - c0) / 1e9;
        }

        // fpcalc: a process per run, timed from outside (wall) and by the kernel (user + system CPU
        // of the child, read from the waiting shell's /proc stat).
        double[] fpcalcWall = new double[runs];
        double[] fpcalcCpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            fpcalcCpu[i] = fpcalcCpuSeconds(file);
            fpcalcWall[i] = (System.nanoTime() - t0) / 1e9;
        }
        String fpcalcOut = runFpcalc(file);
        boolean same = fpcalcOut.contains("FINGERPRINT=" + ours.rawText() + "\n");

        AudioData info = AudioFiles.read(file);
        double ow = median(oursWall), oc = median(oursCpu), fw = median(fpcalcWall), fc = median(fpcalcCpu);
        io.out().printf("file     %s (%.1f s of audio, %d Hz, %d ch)%n", file, seconds, info.sampleRate(), info.channelCount());
        io.out().printf("                          wall s   x real time    CPU s   x real time (one core)%n");
        io.out().printf("ersatz (decode incl.)   %8.4f   %9.0f   %8.4f   %9.0f%n", ow, seconds / ow, oc, seconds / oc);
        io.out().printf("fpcalc -raw -length 0   %8.4f   %9.0f   %8.4f   %9.0f%n", fw, seconds / fw, fc, seconds / fc);
        io.out().printf("throughput ersatz/fpcalc: wall %.2f, CPU %.2f   (medians of %d runs, %d warm-up)%n", fw / ow, fc / oc, runs, warmup);
        io.out().printf("ersatz CPU split: decode (AudioFiles.read) %.4f s, fingerprint %.4f s (medians)%n",
                median(decodeCpu), oc - median(decodeCpu));
        io.out().printf("raw fingerprints: %s%n", same ? "identical" : "differ");
    }

    /** Runs fpcalc once under sh and returns the child's user + system CPU seconds. */
    private static double fpcalcCpuSeconds(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "fpcalc -raw -length 0 \"$1\" >/dev/null 2>&1; cat /proc/$$/stat", "sh", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String stat = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // after "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here
        long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
        if (ticks == 0) throw new CliError("bench fingerprint: could not measure fpcalc's CPU time (is fpcalc installed?)");
        return ticks / (double) CLOCK_TICKS;
    }

    /** USER_HZ: the unit of /proc times; 100 on every Linux this runs on. */
    private static final int CLOCK_TICKS = 100;

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
