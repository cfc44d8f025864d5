package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.audio.Resampler;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.resynth.CorpusUnits;
import dev.ersatz.engine.resynth.ResynthProcessor;
import dev.ersatz.engine.resynth.ResynthSource;
import dev.ersatz.engine.resynth.UnitIndex;
import dev.ersatz.engine.testing.DebianSamples;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;

/**
 * `ersatz bench resynth-callback`: the audio callback's cost with resynthesis on, live mode (its worker
 * thread matching beside it), paced in real time so the worker has the time it would have under
 * JACK: sonic-pi's amen break looping into the input, corpora of 10,000 and 1,000,000 units
 * (random clustered descriptors over noise-burst clips: the match's cost is what is measured, not
 * its taste), and the instrument alone as the baseline, in the same run. Wall time (what a period
 * has) and the thread's CPU time (what the code costs: on a loaded machine the wall clock also
 * counts the time the thread was not running, which JACK's SCHED_FIFO thread would not lose).
 */
@CommandLine.Command(name = "resynth-callback", description = "resynthesis: callback cost (p50/p99/p99.9/max of the period) at 10k and 1M corpus units")
public final class ResynthCallbackBenchmark implements Benchmark {
    @CommandLine.Option(names = "--seconds", paramLabel = "S", description = "real-time seconds timed per corpus (default 40)") double seconds = 40;

    @CommandLine.Option(names = "--frames", paramLabel = "N", description = "period, frames (default 128)") int frames = 128;

    static final int RATE = 48_000;

    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench resynth-callback", "--seconds", seconds, 1, 3600);
        OptionRange.check("bench resynth-callback", "--frames", frames, 16, 8192);
        float[] loop = Resampler.resample(AudioFiles.read(DebianSamples.sonicPi().resolve("loop_amen.flac")), RATE).mono();
        double period = frames * 1e9 / RATE;
        io.out().printf(Locale.ROOT, "resynthesis callback cost, %d frames at %d Hz (period %.0f µs), %.0f s real time each, load %.2f%n",
                frames, RATE, period / 1000, seconds, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        io.out().printf("%-22s %-5s %9s %9s %9s %9s %8s %8s %8s%n", "corpus", "clock", "p50", "p99", "p99.9", "max", "units", "late", "dropped");
        row(io, "instrument alone", null, loop, period);
        for (int n : new int[] {10_000, 1_000_000}) {
            long t0 = System.nanoTime();
            ResynthSource s = corpus(n);
            io.out().printf(Locale.ROOT, "  (%,d units: index built in %.2f s)%n", n, (System.nanoTime() - t0) / 1e9);
            row(io, String.format(Locale.ROOT, "%,d units", n), s, loop, period);
        }
        io.out().println("command: ./ersatz bench resynth-callback --seconds " + seconds + " --frames " + frames);
    }

    private void row(Console io, String label, ResynthSource source, float[] loop, double period) {
        Instrument instrument = new Instrument();
        instrument.setParameter("temperature", 0.5f);
        ResynthProcessor r = new ResynthProcessor(instrument, instrument::parameter);
        if (source != null) r.load(source, 1);
        r.setDeterministic(false);
        r.configure(new AudioConfig(RATE, frames, 2));
        float[][] in = new float[2][frames], out = new float[2][frames];
        EventBuffer none = new EventBuffer(4);
        int warm = (int) (5 * RATE / frames), timed = (int) (seconds * RATE / frames);
        long[] cost = new long[timed], cpu = new long[timed];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        int pos = 0;
        long next = System.nanoTime();
        for (int b = 0; b < warm + timed; b++) {
            next += (long) period;
            long wait;
            while ((wait = next - System.nanoTime()) > 0) LockSupport.parkNanos(Math.min(wait, 200_000));
            for (int i = 0; i < frames; i++) {
                in[0][i] = loop[pos];
                in[1][i] = loop[pos];
                pos = (pos + 1) % loop.length;
            }
            long u = mx.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            r.input(in, frames);
            r.process(none, out, frames);
            long c = System.nanoTime() - t;
            long cu = mx.getCurrentThreadCpuTime() - u;
            if (b >= warm) {
                cost[b - warm] = c;
                cpu[b - warm] = cu;
            }
        }
        r.shutdown();
        for (int k = 0; k < 2; k++) {
            long[] x = k == 0 ? cost : cpu;
            Arrays.sort(x);
            io.out().printf(Locale.ROOT, "%-22s %-5s %8.2f%% %8.2f%% %8.2f%% %8.2f%% %8d %8d %8d%n", k == 0 ? label : "", k == 0 ? "wall" : "cpu",
                    pct(x, 0.5, period), pct(x, 0.99, period), pct(x, 0.999, period), 100 * x[x.length - 1] / period,
                    r.unitsMatched(), r.lateDecisions(), r.inputDropped());
        }
    }

    private static double pct(long[] sorted, double q, double period) { return 100 * sorted[(int) Math.min(sorted.length - 1, sorted.length * q)] / period; }

    /** {@code n} units over eight clips of noise bursts, with clustered random descriptors, indexed. */
    public static ResynthSource corpus(int n) {
        SplittableRandom r = new SplittableRandom(n);
        int clips = 8, length = 10 * RATE;
        float[][] audio = new float[clips][length];
        for (float[] a : audio) {
            for (int i = 0; i < length; i++) {
                int phase = i % (RATE / 4);
                a[i] = (float) (Math.exp(-phase / 2000.0) * (2 * r.nextDouble() - 1) * 0.5);
            }
        }
        int dims = CorpusUnits.DIMS;
        int[] clip = new int[n], start = new int[n];
        int per = (n + clips - 1) / clips;
        for (int i = 0; i < n; i++) {
            clip[i] = i / per;
            start[i] = (int) ((long) (i % per) * (length - 2 * CorpusUnits.DESCRIBE_FRAMES) / per);
        }
        float[] desc = ResynthIndexBenchmark.clustered(n, ResynthIndexBenchmark.centres(r), r);
        for (int i = 0; i < n; i++) desc[i * dims + CorpusUnits.ATTACK] = r.nextInt(4) == 0 ? 1 : 0;
        CorpusUnits u = CorpusUnits.given(audio, clip, start, desc, RATE);
        return new ResynthSource(u, new UnitIndex(u.descriptors, n, dims, UnitIndex.DEFAULT_TREES, 1));
    }
}
