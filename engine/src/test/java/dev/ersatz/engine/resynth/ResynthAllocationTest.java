package dev.ersatz.engine.resynth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.audio.AudioFiles;
import dev.ersatz.engine.corpus.CorpusLoader;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.EventBuffer;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.testing.DebianSamples;
import dev.ersatz.engine.util.Progress;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The resynthesis's audio-thread half ({@link ResynthProcessor#input} and {@link ResynthProcessor#process})
 * allocates nothing once warm: 10,000 blocks of a real drum loop, pitch follow on, units starting
 * and fading all the time. The worker's half, run between the blocks (deterministic mode), allocates
 * nothing either: a live input makes no garbage, so no collection pause stalls the JACK thread.
 */
class ResynthAllocationTest {
    @Test
    void tenThousandBlocksOfResynthesisAllocateNothingOnTheAudioThread() throws Exception {
        AudioData loop = AudioFiles.read(DebianSamples.sonicPi().resolve("loop_amen.flac"));
        int rate = loop.sampleRate(), block = 128;
        var clips = CorpusLoader.load(List.of(DebianSamples.hydrogenKit("ColomboAcousticDrumkit")), rate,
                e -> { throw new AssertionError(e.getMessage()); }, Progress.NONE);
        Instrument instrument = new Instrument();
        instrument.setParameter("temperature", 1f);
        instrument.setParameter("pitch_follow", 0.5f);
        instrument.setParameter("dry_wet", 0.8f);
        instrument.setParameter("resynth_continuity", 0f);
        ResynthProcessor r = new ResynthProcessor(instrument, instrument::parameter);
        r.setDeterministic(true);
        r.load(ResynthSource.of(clips, rate, rate / 8, 1, Progress.NONE), 2);
        r.configure(new AudioConfig(rate, block, 2));
        // As every backend (JACK's, the offline renderer) does before its audio thread runs: the code's
        // string literals interned here, not by this thread's first C2 compile request (88 bytes then).
        dev.ersatz.engine.render.StringConstants.internCodeOf(ResynthProcessor.class);
        float[] x = loop.mono();
        float[][] in = new float[2][block], out = new float[2][block];
        EventBuffer none = new EventBuffer(4);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        long bytes = 0, workerBytes = 0;
        int pos = 0;
        for (int b = 0; b < 50_000; b++) { // 40,000 to warm up (JIT: every branch taken, compiled and not deoptimised again), 10,000 measured
            for (int i = 0; i < block; i++) {
                in[0][i] = x[pos];
                in[1][i] = -x[pos];
                pos = (pos + 1) % x.length;
            }
            long w0 = mx.getCurrentThreadAllocatedBytes();
            r.awaitGenerators(); // the worker's turn, between blocks: describing, pitch, matching
            long t0 = mx.getCurrentThreadAllocatedBytes();
            if (b >= 40_000) workerBytes += t0 - w0;
            r.input(in, block);
            r.process(none, out, block);
            long t1 = mx.getCurrentThreadAllocatedBytes();
            if (b >= 40_000) bytes += t1 - t0;
            if (t1 - t0 > 0 && b >= 40_000) System.out.println("block " + b + ": " + (t1 - t0) + " bytes");
        }
        r.shutdown();
        long played = r.unitsPlayed();
        System.out.printf("resynthesis: audio thread %d bytes, worker %d bytes over 10,000 blocks of %d frames; %d units started, %d late%n",
                bytes, workerBytes, block, played, r.lateDecisions());
        assertTrue(played > 200, "units started: " + played);
        assertEquals(0, r.lateDecisions(), "deterministic mode is never late");
        assertEquals(0, bytes, "bytes allocated by input() and process()");
        assertEquals(0, workerBytes, "bytes the worker allocated describing, pitching and matching units (no garbage: no collection pauses)");
    }
}
