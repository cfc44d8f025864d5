package dev.ersatz.bridge.bench;

import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.Bouncer;
import dev.ersatz.engine.bounce.DemoCorpus;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.NonRealtime;
import dev.ersatz.engine.render.Processor;
import dev.ersatz.engine.render.SamplerGenerator;
import dev.ersatz.engine.util.Progress;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * `ersatz bench callback`: what one audio callback costs with 16 voices playing, at 64/128/256
 * frames and 48 kHz, as a fraction of the period; then bounce speed as × real time. The processor
 * runs in a tight loop on this thread (deterministic mode: the generator wait is outside the timing).
 */
@CommandLine.Command(name = "callback", description = "audio callback cost (16 voices) per period, and bounce speed")
public final class CallbackBenchmark implements Benchmark {
    @CommandLine.Option(names = "--blocks", paramLabel = "N", description = "timed blocks per period size (default 50000)") int blocks = 50_000;

    @CommandLine.Option(names = "--density", paramLabel = "D", description = "grains per second per voice (default 8, the instrument default)") double density = 8;

    @CommandLine.Option(names = "--bounce-seconds", paramLabel = "S", description = "length of the timed bounces (default 120)") double bounceSeconds = 120;

    private static final int RATE = 48000;




    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench callback", "--blocks", blocks, 1000, 10000000);
        OptionRange.check("bench callback", "--density", density, 0.5, 200);
        OptionRange.check("bench callback", "--bounce-seconds", bounceSeconds, 1, 1800);
        Material material = Material.of(DemoCorpus.synthesise());
        io.out().printf("callback cost, 16 voices, %d Hz, density %.1f grains/s/voice, %d timed blocks after %d warm-up%n",
                RATE, density, blocks, blocks / 2);
        io.out().println("wall = elapsed time of process() (includes being preempted on a busy machine);");
        io.out().println("cpu  = this thread's CPU time in process() (the callback's own cost)");
        io.out().printf("%-7s %-5s %10s %10s %10s %10s %10s %7s%n", "frames", "clock", "period_us", "p50", "p99", "p99.9", "max", "voices");
        for (int frames : new int[] {64, 128, 256}) {
            long[][] ns = callback(material, frames, blocks, (float) density);
            double period = frames * 1e9 / RATE;
            for (int k = 0; k < 2; k++) {
                long[] t = ns[k].clone();
                Arrays.sort(t);
                io.out().printf("%-7d %-5s %10.0f %9.2f%% %9.2f%% %9.2f%% %9.2f%% %7d%n", frames, k == 0 ? "wall" : "cpu", period / 1000,
                        100 * t[t.length / 2] / period, 100 * pct(t, 0.99) / period, 100 * pct(t, 0.999) / period,
                        100 * t[t.length - 1] / period, ns[2][0]);
            }
        }
        for (int voices : new int[] {1, 16}) {
            Instrument in = instrument(material, (float) density);
            Timeline.Builder tl = new Timeline.Builder();
            for (int v = 0; v < voices; v++) tl.noteOn(v, 0, 48 + v, 100);
            long frames = Math.round(bounceSeconds * RATE);
            long t0 = System.nanoTime();
            AudioData out = Bouncer.render(in, tl.build(), frames, RATE, Progress.NONE);
            double secs = (System.nanoTime() - t0) / 1e9;
            io.out().printf("bounce %2d voice%s: %.0f s of audio in %.2f s = %.0f× real time (peak %.2f)%n", voices,
                    voices == 1 ? " " : "s", bounceSeconds, secs, bounceSeconds / secs, Bouncer.peak(out));
        }
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static Instrument instrument(Material m, float density) {
        Instrument in = new Instrument();
        in.setParameter("density", density);
        in.setParameter("release", 50);
        in.load(m, new SamplerGenerator(), 1);
        return in;
    }

    /** Per-block process() wall and CPU times in ns, and {voices sounding at the end}. */
    private static long[][] callback(Material m, int frames, int blocks, float density) {
        Instrument in = instrument(m, density);
        Timed timed = new Timed(in);
        long[] wall = new long[blocks];
        long[] cpu = new long[blocks];
        try (OfflineRenderer r = new OfflineRenderer(timed, new AudioConfig(RATE, frames, 2), true)) {
            Timeline.Builder t = new Timeline.Builder();
            for (int v = 0; v < 16; v++) t.noteOn(v * 3L, 0, 48 + v, 100);
            long total = (long) (blocks + blocks / 2) * frames;
            // A voice re-struck every half second and the mod wheel moving: live-like event traffic.
            for (long f = RATE / 2; f < total; f += RATE / 2) {
                int n = 48 + (int) (f / (RATE / 2) % 16);
                t.noteOff(f, 0, n).noteOn(f + 1, 0, n, 100).cc(f + 2, 0, 1, (int) (f / (RATE / 2) % 128));
            }
            r.play(t.build());
            float[][] out = new float[2][frames];
            for (int i = 0; i < blocks / 2; i++) r.renderBlock(out, 0, frames);
            for (int i = 0; i < blocks; i++) {
                r.renderBlock(out, 0, frames);
                wall[i] = timed.wall;
                cpu[i] = timed.cpu;
            }
            return new long[][] {wall, cpu, {in.voicesSounding()}};
        }
    }

    /** The instrument with its process() call timed; the generator wait stays outside the timing. */
    private static final class Timed implements Processor, NonRealtime {
        final Instrument in;
        final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long wall;
        long cpu;

        Timed(Instrument in) { this.in = in; }

        @Override public void configure(AudioConfig config) { in.configure(config); }

        @Override
        public void process(EventBuffer events, float[][] outputs, int frames) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            in.process(events, outputs, frames);
            wall = System.nanoTime() - t0;
            cpu = mx.getCurrentThreadCpuTime() - c0;
        }

        @Override public void shutdown() { in.shutdown(); }

        @Override public void setDeterministic(boolean deterministic) { in.setDeterministic(deterministic); }

        @Override public void awaitGenerators() { in.awaitGenerators(); }
    }
}
