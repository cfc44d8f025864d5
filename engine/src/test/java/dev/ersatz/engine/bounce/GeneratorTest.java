package dev.ersatz.engine.bounce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.render.Generator;
import dev.ersatz.engine.render.GeneratorContext;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.SamplerGenerator;
import dev.ersatz.engine.render.Segment;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Generators on worker threads: underruns fade, swaps, and determinism of bounces. */
class GeneratorTest {

    /** Decides quickly a few times, then takes {@code slowMillis} per decision: a model that cannot keep up. */
    static final class SlowGenerator implements Generator {
        final int quick;
        final long slowMillis;
        final AtomicInteger decided = new AtomicInteger();
        volatile boolean closed;

        SlowGenerator(int quick, long slowMillis) {
            this.quick = quick;
            this.slowMillis = slowMillis;
        }

        @Override public void prepare(GeneratorContext ctx) { }

        @Override
        public void next(int stream, GeneratorContext ctx, Segment out) {
            if (decided.incrementAndGet() > quick) {
                try {
                    Thread.sleep(slowMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.set(0, ctx.random(stream).nextInt(1000), 0, 0, 1f, 1f, 0f);
        }

        @Override public void close() { closed = true; }
    }

    @Test
    void aDryRingFadesTheVoiceOutWithoutAClickAndCountsAnUnderrun() throws Exception {
        int r = Rig.RATE;
        // 2 decisions per voice stream (its lookahead) arrive at once; after that one every 200 ms: far too slow.
        SlowGenerator slow = new SlowGenerator(2 * 32, 200);
        try (Rig rig = new Rig(Rig.constant(0.5f, 4), slow, 1, 128, false)) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (slow.decided.get() < 2 * 32 && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals(2 * 32, slow.decided.get(), "every ring filled to its lookahead before the note");
            Timeline t = new Timeline.Builder().param(0, InstrumentParams.PAN_SPREAD, 0).noteOn(0, 0, 60, 127).build();
            AudioData out = rig.render(t, r);
            assertTrue(rig.instrument.underruns() >= 1, "underrun counted");
            assertEquals(0, rig.instrument.voicesSounding(), "the voice faded out");
            float[] x = out.channels()[0];
            int lastSound = -1;
            float maxStep = 0f;
            float peak = 0f;
            for (int i = 1; i < x.length; i++) {
                maxStep = Math.max(maxStep, Math.abs(x[i] - x[i - 1]));
                peak = Math.max(peak, Math.abs(x[i]));
                if (x[i] != 0f) lastSound = i;
            }
            assertTrue(peak > 0.2f, "it sounded first (peak " + peak + ")");
            // A cut at this level would jump by ~0.35; the fade moves at most level / (4 ms) per sample.
            assertTrue(maxStep < 0.01f, "no click: largest sample step " + maxStep);
            assertTrue(lastSound > 0 && lastSound < r / 2, "silent after the fade (last sound at " + lastSound + ")");
        }
    }

    @Test
    void anIdleInstrumentLeavesItsWorkerAsleepAndANoteWakesIt() throws Exception {
        // Live mode, as under JACK: the worker fills every ring once, then sleeps until a voice uses a decision.
        try (Rig rig = new Rig(Rig.music(3), new SamplerGenerator(), 1, 128, false)) {
            float[][] block = new float[2][128];
            rig.renderer.renderBlock(block, 0, 128); // the audio thread meets the program: one wake-up for it
            long deadline = System.nanoTime() + 5_000_000_000L;
            long w0;
            do {
                w0 = rig.instrument.generatorWakeups();
                Thread.sleep(50);
            } while ((w0 == 0 || rig.instrument.generatorWakeups() != w0) && System.nanoTime() < deadline);
            assertTrue(w0 > 0, "the worker filled the rings");
            assertEquals(w0, rig.instrument.generatorWakeups(), "the worker settled within 5 s");
            // 200 idle periods of 128 frames at about the pace JACK calls them: no notes, nothing used.
            for (int i = 0; i < 200; i++) {
                rig.renderer.renderBlock(block, 0, 128);
                Thread.sleep(1);
            }
            assertEquals(w0, rig.instrument.generatorWakeups(), "the worker slept through 200 idle periods");
            rig.renderer.play(new Timeline.Builder().noteOn(rig.renderer.position(), 0, 60, 100).build());
            for (int i = 0; i < 400; i++) {
                rig.renderer.renderBlock(block, 0, 128);
                Thread.sleep(1);
            }
            assertTrue(rig.instrument.generatorWakeups() > w0, "a sounding voice's used decisions woke the worker");
            assertEquals(0, rig.instrument.underruns(), "and it kept the rings ahead");
            assertEquals(1, rig.instrument.voicesSounding());
        }
    }

    @Test
    void aNewProgramSwapsInAndTheOldGeneratorIsClosedOffTheAudioThread() throws Exception {
        SlowGenerator first = new SlowGenerator(Integer.MAX_VALUE, 0);
        try (Rig rig = new Rig(Rig.square(1), first, 1, 256, true)) {
            rig.render(new Timeline.Builder().noteOn(0, 0, 60, 100).build(), 4096);
            assertEquals(1, rig.instrument.voicesSounding());
            rig.instrument.load(Rig.sine(440, 1), new SamplerGenerator(), 2);
            rig.render(Timeline.empty(), 4096);
            assertEquals(0, rig.instrument.voicesSounding(), "voices of the old program fade out");
            assertTrue(first.closed, "the worker closed the replaced generator");
            AudioData out = rig.render(new Timeline.Builder().noteOn(8192 + 100, 0, 60, 100).build(), 4096);
            assertEquals(100, firstNonZero(out.channels()[0]), "the new program plays at once");
        }
    }

    @Test
    void generatorsSeeTheNoteThatStartedTheirStream() {
        java.util.List<Long> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Generator watching = new Generator() {
            @Override public void prepare(GeneratorContext ctx) { }

            @Override
            public void next(int stream, GeneratorContext ctx, Segment out) {
                if (stream == 0) seen.add(ctx.lastNote(0));
                out.set(0, 0, 0, 0, 1f, 1f, 0f);
            }
        };
        try (Rig rig = new Rig(Rig.square(2), watching, 1, 256, true)) {
            rig.render(new Timeline.Builder().noteOn(1000, 0, 64, 99).build(), Rig.RATE);
        }
        assertEquals(-1L, (long) seen.get(0), "no note before the first note-on");
        long last = seen.get(seen.size() - 1);
        assertEquals(64, GeneratorContext.note(last));
        assertEquals(99, GeneratorContext.velocity(last));
        assertEquals(1, GeneratorContext.sequence(last));
    }

    @Test
    void generatorsReadTheTransportAndDeclareTheirLatency() {
        java.util.List<double[]> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        dev.ersatz.engine.render.TransportState.Snapshot snap = new dev.ersatz.engine.render.TransportState.Snapshot();
        Generator tempoAware = new Generator() {
            @Override public void prepare(GeneratorContext ctx) { }

            @Override
            public void next(int stream, GeneratorContext ctx, Segment out) {
                ctx.transport().read(snap);
                if (stream == 0) seen.add(new double[] {snap.frame, snap.bpm, snap.rolling ? 1 : 0});
                out.set(0, 0, 0, (int) (60.0 / snap.bpm * ctx.sampleRate() / 4), 1f, 1f, 0f); // a grain per 16th note
            }

            @Override public int latencyFrames() { return 512; }
        };
        try (Rig rig = new Rig(Rig.square(2), tempoAware, 1, 256, true)) {
            rig.renderer.setTempo(90);
            assertEquals(512, rig.instrument.latencyFrames());
            rig.render(new Timeline.Builder().noteOn(0, 0, 60, 100).build(), Rig.RATE);
        }
        double[] last = seen.get(seen.size() - 1);
        assertEquals(90, last[1], 0);
        assertEquals(1, last[2], 0);
        assertTrue(last[0] > 0 && last[0] < Rig.RATE, "the frame position moves: " + last[0]);
    }

    @Test
    void aFailingGeneratorStopsABounceWithItsReason() {
        Generator broken = new Generator() {
            @Override public void prepare(GeneratorContext ctx) { }

            @Override
            public void next(int stream, GeneratorContext ctx, Segment out) { throw new IllegalStateException("model file vanished"); }
        };
        dev.ersatz.engine.render.Instrument in = new dev.ersatz.engine.render.Instrument();
        in.load(Rig.square(1), broken, 1);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Bouncer.render(in, Bouncer.hold(60, 100), Rig.RATE, Rig.RATE, dev.ersatz.engine.util.Progress.NONE));
        assertTrue(e.getMessage().contains("model file vanished"), e.getMessage());
    }

    @Test
    void theSameSeedGivesTheSameBounceAndAnotherSeedAnotherOne() {
        float[] a = bounce(42, 1.5f);
        float[] b = bounce(42, 1.5f);
        float[] c = bounce(43, 1.5f);
        assertArrayEquals(a, b, "same seed, same samples");
        assertFalse(java.util.Arrays.equals(a, c), "another seed, other samples");
    }

    private static float[] bounce(long seed, float temperature) {
        int r = Rig.RATE;
        Rig rig = Rig.sampler(Rig.music(9), seed, 256);
        try (rig) {
            Timeline.Builder t = new Timeline.Builder().param(0, InstrumentParams.TEMPERATURE, temperature);
            for (int i = 0; i < 6; i++) {
                t.noteOn(i * 7919L, 0, 55 + i * 2, 90);
                t.noteOff(i * 7919L + r / 2, 0, 55 + i * 2);
            }
            t.cc(r / 3, 0, 1, 100).pitchBend(r / 2, 0, -0.5);
            AudioData out = rig.render(t.build(), 2L * r);
            float[] both = new float[out.frames() * 2];
            System.arraycopy(out.channels()[0], 0, both, 0, out.frames());
            System.arraycopy(out.channels()[1], 0, both, out.frames(), out.frames());
            return both;
        }
    }

    @Test
    void temperatureZeroCarriesStraightOnAndHighTemperatureJumps() {
        // The sampler's decisions at T = 0 walk contiguously; at T = 4 most decisions jump.
        int cold = jumps(0f);
        int warm = jumps(1f);
        int hot = jumps(4f);
        assertEquals(0, cold, "T = 0 never jumps");
        assertTrue(warm > 0 && hot > warm, "jumps rise with temperature: T=1 " + warm + ", T=4 " + hot);
    }

    /** Jumps among voice stream 0's decisions over 10 s of one held note at temperature {@code t}. */
    private static int jumps(float t) {
        java.util.List<int[]> decisions = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        SamplerGenerator sampler = new SamplerGenerator();
        Generator recording = new Generator() {
            @Override public void prepare(GeneratorContext ctx) { sampler.prepare(ctx); }

            @Override
            public void next(int stream, GeneratorContext ctx, Segment out) {
                sampler.next(stream, ctx, out);
                if (stream == 0) decisions.add(new int[] {out.clip, out.start});
            }
        };
        try (Rig rig = new Rig(Rig.sine(220, 30), recording, 11, 512, true)) {
            rig.instrument.setParameter("temperature", t);
            rig.render(new Timeline.Builder().noteOn(0, 0, 60, 100).build(), 10L * Rig.RATE);
        }
        int hop = (int) (Rig.RATE / InstrumentParams.SET.get(InstrumentParams.DENSITY).defaultValue());
        int jumps = 0;
        for (int i = 1; i < decisions.size(); i++) {
            int expected = decisions.get(i - 1)[1] + hop;
            if (decisions.get(i)[1] != expected) jumps++;
        }
        assertTrue(decisions.size() > 70, "decisions made: " + decisions.size());
        return jumps;
    }

    private static int firstNonZero(float[] x) {
        for (int i = 0; i < x.length; i++) if (x[i] != 0f) return i;
        return -1;
    }
}
