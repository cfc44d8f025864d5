package dev.ersatz.bridge.jack;

import dev.ersatz.bridge.bench.Benchmark;
import dev.ersatz.bridge.cli.OptionRange;
import dev.ersatz.bridge.cli.CliError;
import dev.ersatz.bridge.cli.Console;
import dev.ersatz.bridge.midi.MidiInbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * `ersatz bench callback-jack`: the cost of our JACK process callback, measured inside the real
 * callback (System.nanoTime at entry and exit of our Java code, every period), on the running JACK
 * server, with what `ersatz run` plays and 16 notes held. For each period size: p50, p99, p99.9 and
 * max as a fraction of the period, xruns and JACK's DSP load. Changes the server's period while it
 * runs and puts the original back. Control thread.
 */
@CommandLine.Command(name = "callback-jack", description = "JACK process-callback cost per period (needs a running JACK server)")
public final class CallbackJackBenchmark implements Benchmark {
    @CommandLine.Option(names = "--corpus", paramLabel = "DIR", description = "the corpus `ersatz run` would play") Path corpus;

    @CommandLine.Option(names = "--seconds", paramLabel = "N", description = "seconds measured per period size (default 20)") int seconds = 20;

    @CommandLine.Option(names = "--periods", paramLabel = "LIST", description = "period sizes in frames (default 64,128,256)") String list = "64,128,256";

    @CommandLine.Option(names = "--notes", paramLabel = "N", description = "notes held, 0 to 16 (default 16; 0 measures an idle instrument)") int notes = 16;




    @CommandLine.Option(names = "--resynth-units", paramLabel = "N",
            description = "also resynthesize a looping drum break played into in_L/in_R by a peer, over N corpus units (random descriptors; default 0: off)")
    int resynthUnits;

    @Override
    public void measure(Console io) throws Exception {
        OptionRange.check("bench callback-jack", "--seconds", seconds, 1, 86400);
        OptionRange.check("bench callback-jack", "--notes", notes, 0, 16);
        if (corpus == null) throw CliError.usage("bench callback-jack: --corpus DIR is required");
        if (!Files.isDirectory(corpus)) throw new CliError(corpus + ": not a directory");
        List<Integer> periods = new ArrayList<>();
        for (String p : list.split(",")) {
            try {
                periods.add(Integer.parseInt(p.strip()));
            } catch (NumberFormatException e) {
                throw CliError.usage("bench callback-jack: --periods wants frame counts like 64,128,256, not '" + list + "'");
            }
        }
        MidiInbox inbox = new MidiInbox(256);
        OptionRange.check("bench callback-jack", "--resynth-units", resynthUnits, 0, 10_000_000);
        try (Playable playable = LiveRun.instrument(corpus, null, io)) {
            dev.ersatz.engine.render.Processor processor = playable.processor();
            dev.ersatz.engine.resynth.ResynthProcessor resynth = null;
            if (resynthUnits > 0) {
                long t0 = System.nanoTime();
                dev.ersatz.engine.render.Instrument instrument = ((SessionPlayable) playable).session().instrument();
                resynth = new dev.ersatz.engine.resynth.ResynthProcessor(processor, instrument::parameter);
                resynth.load(dev.ersatz.bridge.bench.ResynthCallbackBenchmark.corpus(resynthUnits), 1);
                processor = resynth;
                io.out().printf(Locale.ROOT, "callback-jack: resynthesis over %,d units (index built in %.1f s)%n", resynthUnits, (System.nanoTime() - t0) / 1e9);
            }
            JitWarmup.run(resynth != null, false); // as ersatz run does
            JackBackend jack;
            try {
                jack = JackBackend.open("ersatz-bench", processor, inbox, playable.transportListener());
            } catch (NoJackServerException e) {
                throw new CliError(e.getMessage());
            }
            AudioPlayer player = null;
            if (resynth != null) {
                dev.ersatz.engine.audio.AudioData loop = dev.ersatz.engine.audio.Resampler.resample(dev.ersatz.engine.audio.AudioFiles.read(
                        dev.ersatz.engine.testing.DebianSamples.sonicPi().resolve("loop_amen.flac")), jack.stats().sampleRate());
                float[] m = loop.mono();
                player = new AudioPlayer("ersatz-bench-input", new float[][] {m, m}, true);
                player.connectTo("ersatz-bench:in_L", "ersatz-bench:in_R");
                player.start();
            }
            try (jack; AutoCloseable p = player == null ? () -> { } : player) {
                int original = jack.stats().bufferSize();
                for (int note = 48; note < 48 + notes; note++) inbox.offer(0x90, note, 100);
                io.out().printf(Locale.ROOT, "callback-jack: %s, %d s per period size, %d notes held, %d Hz%n",
                        corpus, seconds, notes, jack.stats().sampleRate());
                io.out().println("period  periods    p50            p99            p99.9          max            (µs, rounded up; % of period)  xruns  late  DSP load");
                try {
                    for (int frames : periods) measure(jack, frames, seconds, io);
                    if (resynth != null) {
                        io.out().printf(Locale.ROOT, "resynthesis: %d units matched, %d decisions late, %d input samples dropped%n",
                                resynth.unitsMatched(), resynth.lateDecisions(), resynth.inputDropped());
                    }
                } finally {
                    jack.requestBufferSize(original);
                }
            }
        }
    }

    private static void measure(JackBackend jack, int frames, int seconds, Console io) throws InterruptedException {
        if (jack.stats().bufferSize() != frames && !jack.requestBufferSize(frames)) {
            io.warn("bench callback-jack: the server refused a period of " + frames + " frames");
            return;
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (jack.stats().bufferSize() != frames && System.currentTimeMillis() < deadline) Thread.sleep(10);
        Thread.sleep(2000); // settle: the first periods after a change are not steady state
        JackBackend.Stats s0 = jack.stats();
        long[] h0 = jack.timings().histogram();
        float loadSum = 0;
        int loads = 0;
        for (int i = 0; i < seconds * 4; i++) {
            Thread.sleep(250);
            loadSum += jack.stats().cpuLoadPercent();
            loads++;
        }
        JackBackend.Stats s1 = jack.stats();
        long[] h = jack.timings().histogram();
        long n = 0;
        for (int i = 0; i < h.length; i++) {
            h[i] -= h0[i];
            n += h[i];
        }
        double periodNanos = frames * 1e9 / s1.sampleRate();
        long late = 0;
        for (int i = (int) Math.floor(periodNanos / 1000); i < h.length; i++) late += h[i];
        io.out().printf(Locale.ROOT, "%6d  %7d  %s  %s  %s  %s  %5d  %4d  %5.1f%%%n", frames, n,
                cell(pct(h, n, 0.50), periodNanos), cell(pct(h, n, 0.99), periodNanos), cell(pct(h, n, 0.999), periodNanos),
                cell(max(h), periodNanos), s1.xruns() - s0.xruns(), late, loadSum / loads);
    }

    /** The upper edge (ns) of the 1 µs bin holding quantile {@code q}: percentiles are rounded up to the µs. */
    private static long pct(long[] bins, long n, double q) {
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < bins.length; i++) {
            seen += bins[i];
            if (seen >= rank) return (i + 1) * 1000L;
        }
        return 0;
    }

    private static long max(long[] bins) {
        for (int i = bins.length - 1; i >= 0; i--) if (bins[i] > 0) return (i + 1) * 1000L;
        return 0;
    }

    private static String cell(long nanos, double periodNanos) {
        return String.format(Locale.ROOT, "%5.1f %5.2f%%", nanos / 1000.0, 100.0 * nanos / periodNanos);
    }
}
