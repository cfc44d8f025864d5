package dev.ersatz.engine.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Generator;
import dev.ersatz.engine.render.GeneratorContext;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.InstrumentParams;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.render.Segment;
import dev.ersatz.engine.testing.Signals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chain generator in the real render engine (Instrument on the offline renderer, deterministic mode). */
class ChainGeneratorTest {
    static final int RATE = 48000;
    static final int BLOCK = 256;
    static final double[] HZ = {200, 300, 400, 500, 600};
    /** The join: 10 ms. */
    static final int FADE = 480;
    /** A voice's attack at the shortest setting (0.5 ms): compare after it. */
    static final int ATTACK = 24;
    /** Centre pan: each side carries cos(pi/4) of a voice. */
    static final double PAN = Math.cos(Math.PI / 4);

    // ------------------------------------------------------------------ fixtures

    /** {@code n} noise clips of different lengths; similarity by index, so the best order is 0..n-1 or its reverse. */
    static List<float[]> noiseClips(int n) {
        List<float[]> c = new ArrayList<>();
        for (int i = 0; i < n; i++) c.add(Signals.noise(0.5, 4800 + 397 * i, 100 + i));
        return c;
    }

    static Similarity byIndex() { return (a, b) -> 1.0 / (1 + Math.abs(a - b)); }

    static int[] bestOrder(int n) { return ChainOrder.best(NeighbourGraph.complete(n, byIndex()), byIndex()); }

    static Material material(List<float[]> clips) {
        List<AudioData> a = new ArrayList<>();
        for (float[] x : clips) a.add(new AudioData(new float[][] {x}, RATE));
        return Material.of(a);
    }

    /** Bounces {@code t} through the chain over {@code clips} and returns the left channel. */
    static float[] bounce(List<float[]> clips, Generator g, float temperature, long seed, Timeline t, long frames) {
        Instrument instrument = new Instrument();
        instrument.load(material(clips), g, seed);
        instrument.setParameter("temperature", temperature);
        instrument.setParameter("attack", 0.5f);
        instrument.setParameter("release", 1f);
        OfflineRenderer r = new OfflineRenderer(instrument, new AudioConfig(RATE, BLOCK, 2), true);
        try {
            r.play(t);
            return r.render(frames, dev.ersatz.engine.util.Progress.NONE).channels()[0];
        } finally {
            r.close();
        }
    }

    static float[] bounceChain(List<float[]> clips, float temperature, long seed, Timeline t, long frames) {
        int n = clips.size();
        return bounce(clips, new ChainGenerator(bestOrder(n), NeighbourGraph.complete(n, byIndex()), FADE / (double) RATE), temperature, seed, t, frames);
    }

    /**
     * What one voice playing {@code sequence} from {@code at} must sound like, written from the spec:
     * each clip whole, the next starting FADE frames before it ends, the outgoing clip faded by
     * cos(pi/2 k/FADE) and the incoming by sin(pi/2 k/FADE) over those frames; the first clip starts whole.
     */
    static void addVoice(double[] y, List<float[]> clips, int[] sequence, long at) {
        for (int q = 0; q < sequence.length && at < y.length; q++) {
            float[] x = clips.get(sequence[q]);
            for (int j = 0; j < x.length && at + j < y.length; j++) {
                double w = 1;
                if (q > 0 && j < FADE) w = Math.sin(0.5 * Math.PI * j / FADE);
                else if (j >= x.length - FADE) w = Math.cos(0.5 * Math.PI * (j - (x.length - FADE)) / FADE);
                y[(int) (at + j)] += PAN * w * x[j];
            }
            at += x.length - FADE;
        }
    }

    /** The walk at T = 0 from position {@code from} of the best order, {@code count} clips. */
    static int[] walk(int[] order, int from, int count) {
        int[] s = new int[count];
        for (int i = 0; i < count; i++) s[i] = order[(from + i) % order.length];
        return s;
    }

    static void assertMatches(double[] want, float[] got, long from, long to) {
        for (long i = from; i < to; i++) {
            assertEquals(want[(int) i], got[(int) i], 2e-5, "frame " + i);
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void wholeClipsJoinSampleAccuratelyWithEqualPowerTapers() {
        List<float[]> clips = noiseClips(12);
        int[] order = bestOrder(12);
        long note = 1000 + 37; // mid-block
        long frames = note + 5 * 6000;
        float[] y = bounceChain(clips, 0f, 1, new Timeline.Builder().noteOn(note, 0, 60, 127).build(), frames);
        for (int i = 0; i < note; i++) assertEquals(0f, y[i], 0f, "before the note, frame " + i);
        assertNotEquals(0f, y[(int) note], "the note sounds at its frame");
        double[] want = new double[(int) frames];
        addVoice(want, clips, walk(order, 0, 8), note);
        // every frame of every clip, in the best order, joined where the spec says
        assertMatches(want, y, note + ATTACK, frames);
    }

    @Test
    void aNoteSendsTheChainToItsRegionAtItsFrameWhileHeldVoicesFlowOn() {
        List<float[]> clips = noiseClips(12); // twelve clips: region k is clip k of the best order
        int[] order = bestOrder(12);
        long a = 600, off = 20_000, b = 24_000 + 37, c = 40_000 + 101, end = 60_000;
        Timeline t = new Timeline.Builder()
                .noteOn(a, 0, 60, 127).noteOff(off, 0, 60)
                // the root follows each note so that nothing is transposed and the output can be compared exactly
                .param(b - 1, InstrumentParams.ROOT_NOTE, 67).noteOn(b, 0, 67, 127) // pitch class 7, on the same voice stream
                .param(c - 1, InstrumentParams.ROOT_NOTE, 64).noteOn(c, 0, 64, 127) // pitch class 4, a second voice
                .build();
        float[] y = bounceChain(clips, 0f, 1, t, end);
        for (long i = off + 100; i < b; i++) assertEquals(0f, y[(int) i], 0f, "released before the second note, frame " + i);
        assertNotEquals(0f, y[(int) b]);
        double[] want = new double[(int) end];
        addVoice(want, clips, walk(order, 7, 8), b);
        assertMatches(want, y, b + ATTACK, c);
        // note 67 held: its chain flows on; note 64 starts region 4 at its frame beside it
        addVoice(want, clips, walk(order, 4, 8), c);
        assertMatches(want, y, c + ATTACK, end);
    }

    /** The clip of {@code clips} a solo voice started at {@code at} plays first, found by matching samples; -1 if none. */
    static int clipAt(List<float[]> clips, float[] y, long at) { return clipAt(clips, y, at, ATTACK); }

    /** The clip whose frames from {@code from} on are what a solo voice plays from {@code at + from}; -1 if none. */
    static int clipAt(List<float[]> clips, float[] y, long at, int from) {
        for (int k = 0; k < clips.size(); k++) {
            float[] x = clips.get(k);
            boolean same = true;
            for (int j = from; j < from + 200 && same; j++) same = Math.abs(PAN * x[j] - y[(int) at + j]) < 2e-5;
            if (same) return k;
        }
        return -1;
    }

    @Test
    void aHotWalkWandersByNeighboursWithoutComingBackSoon() {
        List<float[]> clips = noiseClips(12);
        long note = 500;
        long frames = 400_000;
        float[] y = bounceChain(clips, 2f, 11, new Timeline.Builder().noteOn(note, 0, 60, 127).build(), frames);
        List<Integer> walked = new ArrayList<>();
        long at = note;
        int c = clipAt(clips, y, at);
        while (c >= 0) {
            walked.add(c);
            at += clips.get(c).length - FADE; // the next clip starts a join before this one ends
            if (at + FADE + 200 >= frames) break;
            c = clipAt(clips, y, at, FADE);
        }
        assertTrue(walked.size() > 30, "followed whole clips through the output: " + walked);
        boolean leftTheOrder = false;
        for (int i = 1; i < walked.size(); i++) {
            int step = Math.abs(walked.get(i) - walked.get(i - 1));
            if (step != 1 && step != 11) leftTheOrder = true;
            // the last 8 clips played are left out of each draw
            for (int back = 1; back <= 8 && back <= i; back++) assertNotEquals(walked.get(i), walked.get(i - back), "walk " + walked);
        }
        assertTrue(leftTheOrder, "T = 2 wanders off the best order: " + walked);
    }

    @Test
    void aboveZeroANotePicksAnyClipOfItsRegionAndTheSameSeedPicksTheSame() {
        List<float[]> clips = noiseClips(24); // twelve regions of two clips
        int[] order = bestOrder(24);
        Timeline.Builder tb = new Timeline.Builder();
        int notes = 16;
        long[] at = new long[notes];
        for (int i = 0; i < notes; i++) {
            at[i] = 1000 + 9000L * i + 13 * i;
            int pitch = 60 + (5 * i) % 12;
            tb.param(at[i] - 1, InstrumentParams.ROOT_NOTE, pitch).noteOn(at[i], 0, pitch, 127).noteOff(at[i] + 6000, 0, pitch);
        }
        Timeline t = tb.build();
        long frames = at[notes - 1] + 7000;
        float[] y = bounceChain(clips, 2f, 7, t, frames);
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < notes; i++) {
            int region = (5 * i) % 12;
            int clip = clipAt(clips, y, at[i]);
            assertTrue(clip == order[2 * region] || clip == order[2 * region + 1],
                    "note " + i + " (region " + region + ") started clip " + clip);
            picked.add(clip == order[2 * region] ? 0 : 1);
        }
        assertEquals(2, picked.size(), "a hot walk enters regions anywhere, not only at their start");
        assertArrayEquals(y, bounceChain(clips, 2f, 7, t, frames));
        float[] cold = bounceChain(clips, 0f, 7, t, frames);
        for (int i = 0; i < notes; i++) assertEquals(order[2 * ((5 * i) % 12)], clipAt(clips, cold, at[i]), "T = 0: the region's start");
    }

    @Test
    void inClipNoteModeANotePicksItsRegionWithoutTransposing() {
        List<float[]> clips = noiseClips(12);
        int[] order = bestOrder(12);
        Timeline t = new Timeline.Builder().param(0, InstrumentParams.NOTE_MODE, InstrumentParams.MODE_CLIP)
                .noteOn(1000, 0, 69, 127).noteOff(7000, 0, 69).noteOn(10_000, 0, 50, 127).build();
        float[] y = bounceChain(clips, 0f, 1, t, 16_000);
        assertEquals(order[9], clipAt(clips, y, 1000), "note 69: pitch class 9, at its own speed");
        assertEquals(order[2], clipAt(clips, y, 10_000), "note 50: pitch class 2, at its own speed");
    }

    @Test
    void theModWheelSetsTheWalksTemperature() {
        List<float[]> clips = noiseClips(12);
        long frames = 80_000;
        // the instrument's temperature is 1 here; CC 1 at 0 brings it to 0, at 127 to its top
        float[] wheelDown = bounceChain(clips, 1f, 5, new Timeline.Builder().cc(0, 0, 1, 0).noteOn(1000, 0, 60, 127).build(), frames);
        float[] cold = bounceChain(clips, 0f, 5, new Timeline.Builder().noteOn(1000, 0, 60, 127).build(), frames);
        assertArrayEquals(cold, wheelDown, "mod wheel at 0: the best order, as at T = 0");
        float[] wheelUp = bounceChain(clips, 0f, 5, new Timeline.Builder().cc(0, 0, 1, 127).noteOn(1000, 0, 60, 127).build(), frames);
        assertFalse(java.util.Arrays.equals(cold, wheelUp), "mod wheel up: the walk leaves the best order");
    }

    /** Power in windows of {@code w} frames across [from, to). */
    static double[] power(float[] y, long from, long to, int w) {
        double[] p = new double[(int) ((to - from) / w)];
        for (int k = 0; k < p.length; k++) {
            double s = 0;
            for (int i = 0; i < w; i++) s += y[(int) from + k * w + i] * (double) y[(int) from + k * w + i];
            p[k] = s / w;
        }
        return p;
    }

    /** Two clips of uncorrelated noise, joined over half a second by a generator alternating them in {@code shape}. */
    static float[] uncorrelatedJoin(int shape, int fade) {
        List<float[]> clips = List.of(Signals.noise(0.5, 2 * RATE, 1), Signals.noise(0.5, 2 * RATE, 2));
        Generator g = new Generator() {
            int[] next;
            @Override public void prepare(GeneratorContext ctx) { next = new int[ctx.streams()]; }
            @Override public void next(int stream, GeneratorContext ctx, Segment out) {
                out.set(next[stream], 0, Segment.TO_END, 0, 1f, 1f, 0f).join(fade, shape);
                next[stream] ^= 1;
            }
            @Override public int lookahead(GeneratorContext ctx) { return 2; }
        };
        return bounce(clips, g, 0f, 1, new Timeline.Builder().noteOn(0, 0, 60, 127).build(), 3 * RATE);
    }

    @Test
    void anEqualPowerJoinKeepsTheEnergyOfUncorrelatedClipsConstant() {
        int fade = RATE / 2;
        int w = 2400;
        long joinStart = 2L * RATE - fade;
        float[] y = uncorrelatedJoin(Segment.EQUAL_POWER, fade);
        double before = mean(power(y, RATE / 4, joinStart - RATE / 4, w));
        double[] through = power(y, joinStart, joinStart + fade, w);
        for (double p : through) assertEquals(1.0, p / before, 0.15, "power through the join relative to before it");
        // the other shape dips by 3 dB in the middle of the same join: the shape is what keeps the power
        double[] dip = power(uncorrelatedJoin(Segment.CONSTANT_AMPLITUDE, fade), joinStart + fade / 2 - w / 2, joinStart + fade / 2 + w / 2, w);
        assertEquals(0.5, dip[0] / before, 0.1, "constant-amplitude tapers mid-join");
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    @Test
    void aPitchBendOverAClipsEndNeitherCutsNorClicks() {
        // smooth clips, so that any click stands out: sines of different lengths, the chain bent a tone up over a join
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < 5; i++) clips.add(Signals.sine(HZ[i], 0.5, 6060 + 500 * i, RATE)); // ending off a zero crossing
        Timeline t = new Timeline.Builder().noteOn(0, 0, 60, 127).pitchBend(3000, 0, 1.0).build();
        float[] y = bounceChain(clips, 0f, 1, t, 40_000);
        double maxStep = 0;
        for (int i = ATTACK + 1; i < y.length; i++) maxStep = Math.max(maxStep, Math.abs(y[i] - y[i - 1]));
        // a sine of 0.5 at 600 Hz, a tone up, moves at most 0.05 a frame; a cut would jump by up to 0.35
        assertTrue(maxStep < 0.07, "largest step " + maxStep);
        int w = RATE / 100;
        for (int at = RATE / 10; at + w <= y.length; at += w) {
            double ms = 0;
            for (int i = at; i < at + w; i++) ms += y[i] * y[i];
            assertTrue(ms / w > 0.01, "quiet at " + at + ": " + ms / w);
        }
    }

    // ------------------------------------------------------------------ sines, heard by pitch

    private static float[] render(double temperature, long seed, int seconds) {
        List<float[]> clips = new ArrayList<>();
        for (double hz : HZ) clips.add(Signals.sine(hz, 0.5, RATE, RATE));
        Similarity s = (a, b) -> 1.0 / (1 + Math.abs(HZ[a] - HZ[b]) / 100);
        NeighbourGraph g = NeighbourGraph.complete(HZ.length, s);
        return bounce(clips, new ChainGenerator(ChainOrder.best(g, s), g, 0.05), (float) temperature, seed,
                new Timeline.Builder().noteOn(0, 0, 60, 127).build(), (long) seconds * RATE);
    }

    /** The clip playing in each 50 ms window: the tone holding over 90 % of the power at the five pitches; fades are skipped. */
    private static List<Integer> clipsHeard(float[] y) {
        List<Integer> heard = new ArrayList<>();
        int w = RATE / 20;
        for (int at = w; at + w <= y.length; at += w) {
            double[] p = new double[HZ.length];
            double total = 0;
            int best = 0;
            for (int k = 0; k < HZ.length; k++) {
                p[k] = goertzel(y, at, w, HZ[k]);
                total += p[k];
                if (p[k] > p[best]) best = k;
            }
            if (p[best] < 0.9 * total) continue;
            if (heard.isEmpty() || heard.get(heard.size() - 1) != best) heard.add(best);
        }
        return heard;
    }

    private static double goertzel(float[] y, int from, int n, double hz) {
        double c = 2 * Math.cos(2 * Math.PI * hz / RATE), s1 = 0, s2 = 0;
        for (int i = from; i < from + n; i++) {
            double s0 = y[i] + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }

    @Test
    void atTemperatureZeroTheVoiceFlowsThroughTheBestOrderWithoutGaps() {
        float[] y = render(0, 1, 9);
        List<Integer> heard = clipsHeard(y);
        // best order for these similarities is by pitch, one way or the other, then round again
        assertTrue(heard.size() >= 8, "heard " + heard);
        int dir = heard.get(1) - heard.get(0);
        assertEquals(1, Math.abs(dir), "heard " + heard);
        for (int i = 1; i < heard.size(); i++) {
            int step = heard.get(i) - heard.get(i - 1);
            assertTrue(step == dir || Math.abs(step) == HZ.length - 1, "heard " + heard);
        }
        // the chain keeps flowing: no 10 ms stretch after the attack is silent
        int w = RATE / 100;
        for (int at = RATE / 10; at + w <= y.length; at += w) {
            double ms = 0;
            for (int i = at; i < at + w; i++) ms += y[i] * y[i];
            assertTrue(ms / w > 0.01, "quiet at " + at + ": " + ms / w);
        }
    }

    @Test
    void builtFromAudioTheChainGroupsSimilarClips() {
        // two families (low sines, noise bursts) interleaved: the chain must visit each family in one run
        List<AudioData> clips = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            float[] x = i % 2 == 0 ? Signals.sine(220 + 5 * i, 0.5, RATE, RATE) : Signals.noise(0.5, RATE, i);
            clips.add(new AudioData(new float[][] {x}, RATE));
        }
        ChainGenerator g = ChainGenerator.of(clips, ClipFeatures.Measure.TIMBRE, 0.05, 1);
        int changes = 0;
        for (int i = 1; i < g.order().length; i++) if (g.order()[i] % 2 != g.order()[i - 1] % 2) changes++;
        assertEquals(1, changes, java.util.Arrays.toString(g.order()));
    }

    @Test
    void sameSeedSameBounceAndTemperatureWanders() {
        assertArrayEquals(render(1.5, 3, 4), render(1.5, 3, 4));
        assertFalse(java.util.Arrays.equals(render(1.5, 3, 6), render(1.5, 4, 6)));
    }
}
