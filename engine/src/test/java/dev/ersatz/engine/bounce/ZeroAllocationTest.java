package dev.ersatz.engine.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.chain.ChainGenerator;
import dev.ersatz.engine.chain.ChainOrder;
import dev.ersatz.engine.chain.NeighbourGraph;
import dev.ersatz.engine.chain.Similarity;
import dev.ersatz.engine.model.GrainModel;
import dev.ersatz.engine.model.ModelGenerator;
import dev.ersatz.engine.model.ModelTrainer;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.util.Progress;
import dev.ersatz.engine.testing.Signals;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rendering thread allocates nothing once warm: 10,000 blocks, 16 voices, events flowing (timed ones too). */
class ZeroAllocationTest {

    @Test
    void tenThousandBlocksWithSixteenVoicesAllocateNothing() throws Exception {
        assertRenderingAllocatesNothing(bs -> Rig.sampler(Rig.music(3), 5, bs), true);
    }

    /** The chain: whole-clip equal-power joins, steered notes skipping stale decisions, the wheel moving the walk. */
    @Test
    void theChainAllocatesNothingEither() throws Exception {
        List<AudioData> clips = new ArrayList<>();
        for (int i = 0; i < 8; i++) clips.add(new AudioData(new float[][] {Signals.noise(0.3, 2400 + 700 * i, i)}, Rig.RATE));
        Similarity s = (a, b) -> 1.0 / (1 + Math.abs(a - b));
        NeighbourGraph g = NeighbourGraph.complete(clips.size(), s);
        assertRenderingAllocatesNothing(bs -> new Rig(Material.of(clips), new ChainGenerator(ChainOrder.best(g, s), g, 0.01), 5, bs, true), false);
    }

    /** A learned model (as `ersatz bounce --model` plays it, with a copy bound), the wheel moving its temperature. */
    @Test
    void aLearnedModelAllocatesNothingEither() throws Exception {
        GrainModel m = ModelTrainer.train(List.of(new ModelTrainer.Source(Path.of("m.wav"),
                        new AudioData(new float[][] {Signals.music(20 * Rig.RATE, Rig.RATE, 5)}, Rig.RATE))),
                new ModelTrainer.Options(8, 2, 1, 2048, Rig.RATE), Progress.NONE);
        assertRenderingAllocatesNothing(bs -> new Rig(ModelGenerator.material(m), new ModelGenerator(m, 500), 5, bs, true), false);
    }

    /**
     * {@code timed}: also OSC-time-tag-like events through the control queue (see {@link #block}); for
     * the sampler only, since a parameter moved every few blocks makes a deterministic (inline) model
     * generator refill on this thread, which is generator work, not the instrument's.
     */
    private static void assertRenderingAllocatesNothing(java.util.function.IntFunction<Rig> rigOf, boolean timed) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        int bs = 128;
        int warmBlocks = 20_000; // long enough for tiered compilation to settle (the JIT itself allocates on this thread while it does)
        int blocks = 10_000;
        long total = (long) (warmBlocks + blocks) * bs;
        Timeline.Builder t = new Timeline.Builder().param(0, InstrumentParams.RELEASE, 20)
                .param(0, InstrumentParams.DENSITY, 40);
        for (int i = 0; i < 16; i++) t.noteOn(i * 3L, 0, 48 + i, 100);
        // Keep every path busy all along: re-strike notes, move the wheel and the bend, touch parameters,
        // move sync through off, beat and bar, tie the grain to a tempo that keeps changing.
        for (long f = 4800; f < total + 4800; f += 4800) { // past the end: the offline timeline never runs dry mid-measurement
            int n = 48 + (int) (f / 4800 % 16);
            t.noteOff(f, 0, n).noteOn(f + 7, 0, n, 90).cc(f + 13, 0, 1, (int) (f / 4800 % 128))
                    .pitchBend(f + 21, 0, Math.sin(f)).param(f + 33, InstrumentParams.GAIN, (float) (-6 * Math.abs(Math.cos(f))))
                    .param(f + 41, InstrumentParams.SYNC, f / 4800 % 3) // joins and hits on and off the beat grid
                    .sync(f + 45, InstrumentParams.GRAIN, f / 4800 % 2 == 0 ? 0.25f : Float.NaN) // a tempo-synced grain, on and off
                    .tempo(f + 50, 90 + f / 4800 % 5 * 10); // the transport's tempo moving: the synced grain recomputed
        }
        float[][] out = new float[2][bs];
        long[] allocated = new long[1];
        int[] sounding = new int[1];
        Thread renderThread = new Thread(() -> {
            try (Rig rig = rigOf.apply(bs)) {
                rig.renderer.play(t.build());
                for (int i = 0; i < warmBlocks; i++) block(rig, out, bs, i, timed);
                mx.getCurrentThreadAllocatedBytes(); // warm the measurement itself
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < blocks; i++) block(rig, out, bs, i, timed);
                long after = mx.getCurrentThreadAllocatedBytes();
                allocated[0] = after - before;
                sounding[0] = rig.instrument.voicesSounding();
            }
        }, "render");
        renderThread.start();
        renderThread.join();
        assertEquals(16, sounding[0], "16 voices playing");
        assertEquals(0, allocated[0], "bytes allocated by the rendering thread over " + blocks + " blocks");
    }

    /**
     * One block as a live backend renders it with OSC time tags coming in: the clock published first
     * (as JACK's process callback does), and every few blocks a parameter queued for a frame within a
     * later block and one for a frame already past (late). Queuing is a control thread's job; doing it
     * here too only adds the queue's producer side to what is measured.
     */
    private static void block(Rig rig, float[][] out, int bs, int i, boolean timed) {
        Instrument in = rig.instrument;
        if (!timed) {
            rig.renderer.renderBlock(out, 0, bs);
            return;
        }
        long micros = (long) i * bs * 1_000_000 / Rig.RATE;
        in.clock().publish(bs, micros, micros + (long) bs * 1_000_000 / Rig.RATE);
        if (i % 4 == 0) in.setParameter(in.frameTime() + bs + 37, InstrumentParams.GAIN, -6f - (i % 8) * 0.5f);
        if (i % 4 == 2) in.setParameter(in.frameTime() - 1, InstrumentParams.GAIN, -6f);
        rig.renderer.renderBlock(out, 0, bs);
    }
}
