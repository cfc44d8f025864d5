package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFileException;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.Resampler;
import dev.ersatz.engine.corpus.Clip;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.util.Progress;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * `ersatz bench decode FILE...`: decode throughput per file (one thread), resampler throughput to a
 * target rate, and the corpus loader's throughput over all files (decode + resample on its worker
 * pool), each as × real time. Runs on the command line's thread.
 */
@CommandLine.Command(name = "decode", description = "decode and resample speed per file, × real time (FILE...)")
public final class DecodeBenchmark implements Benchmark {
    @CommandLine.Parameters(paramLabel = "FILE", arity = "1..*", description = "audio files to decode") List<String> fileNames = new ArrayList<>();

    @CommandLine.Option(names = "--rate", paramLabel = "HZ", description = "also resample to HZ (default 22050; 0 skips resampling)") int rate = 22050;

    @CommandLine.Option(names = "--repeat", paramLabel = "N", description = "timed runs per measurement, best kept (default 3)") int repeat = 3;




    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench decode", "--rate", rate, 0, 1536000);
        OptionRange.check("bench decode", "--repeat", repeat, 1, 1000);
        List<Path> files = new ArrayList<>();
        for (String s : fileNames) files.add(Path.of(s));
        files = CorpusLoader.audioFiles(files);

        io.out().printf("decode (one thread, best of %d after a warm-up run; CPU time of this thread, and wall time,%n", repeat);
        io.out().printf("since the machine may be shared: CPU time is what the work costs, wall time what it took)%n");
        io.out().printf("%-40s %4s %7s %9s %10s %12s %12s%n", "file", "ch", "rate", "seconds", "cpu ms", "x real (cpu)", "x real (wall)");
        double audioSeconds = 0, decodeSeconds = 0, resampleSeconds = 0, resampledAudio = 0;
        for (Path f : files) {
            AudioData a;
            try {
                a = AudioFiles.read(f); // warm-up, and the check that the file reads at all
            } catch (AudioFileException e) {
                io.warn(e.getMessage() + " (skipped)");
                continue;
            }
            double[] best = time(repeat, () -> AudioFiles.read(f));
            audioSeconds += a.seconds();
            decodeSeconds += best[0];
            io.out().printf("%-40s %4d %7d %9.2f %10.1f %12.0f %12.0f%n", shorten(f.toString(), 40), a.channelCount(), a.sampleRate(),
                    a.seconds(), best[0] * 1e3, a.seconds() / best[0], a.seconds() / best[1]);
            if (rate != 0 && rate != a.sampleRate()) {
                AudioData in = a;
                Resampler.resample(in, rate); // warm-up for this rate pair (builds its table)
                double[] bestR = time(repeat, () -> Resampler.resample(in, rate));
                resampleSeconds += bestR[0];
                resampledAudio += a.seconds();
                io.out().printf("%-40s %4s %7s %9s %10.1f %12.0f %12.0f%n", "  resample " + a.sampleRate() + " -> " + rate, "", "", "",
                        bestR[0] * 1e3, a.seconds() / bestR[0], a.seconds() / bestR[1]);
            }
        }
        if (decodeSeconds == 0) return;
        io.out().printf("%ntotal decode: %.1f s of audio in %.3f s of CPU = %.0fx real time per core%n",
                audioSeconds, decodeSeconds, audioSeconds / decodeSeconds);
        if (resampleSeconds > 0) {
            io.out().printf("total resample to %d Hz: %.1f s of audio in %.3f s of CPU = %.0fx real time per core (all channels)%n",
                    rate, resampledAudio, resampleSeconds, resampledAudio / resampleSeconds);
        }
        long t0 = System.nanoTime();
        long cpu0 = processCpu();
        List<Clip> clips = CorpusLoader.load(files, rate, e -> { }, Progress.NONE);
        double load = (System.nanoTime() - t0) / 1e9;
        double loadCpu = (processCpu() - cpu0) / 1e9;
        double loaded = clips.stream().mapToDouble(c -> c.audio().seconds()).sum();
        io.out().printf("corpus load (decode%s, %d workers): %.1f s of audio in %.3f s wall = %.0fx real time (%.3f s of process CPU)%n",
                rate == 0 ? "" : " + resample to " + rate, Math.min(2, Runtime.getRuntime().availableProcessors()), loaded, load,
                loaded / load, loadCpu);
    }

    private interface Work {
        void run() throws Exception;
    }

    /** The best {cpu, wall} seconds of {@code repeat} runs on this thread. */
    private static double[] time(int repeat, Work work) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double cpu = Double.MAX_VALUE, wall = Double.MAX_VALUE;
        for (int i = 0; i < repeat; i++) {
            long c0 = mx.getCurrentThreadCpuTime(), w0 = System.nanoTime();
            work.run();
            cpu = Math.min(cpu, (mx.getCurrentThreadCpuTime() - c0) / 1e9);
            wall = Math.min(wall, (System.nanoTime() - w0) / 1e9);
        }
        return new double[] {cpu, wall};
    }

    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : "..." + s.substring(s.length() - n + 3);
    }
}
