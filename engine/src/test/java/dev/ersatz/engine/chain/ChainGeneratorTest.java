package dev.ersatz.engine.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.bounce.OfflineRenderer;
import dev.ersatz.engine.bounce.Timeline;
import dev.ersatz.engine.render.AudioConfig;
import dev.ersatz.engine.render.Instrument;
import dev.ersatz.engine.render.Material;
import dev.ersatz.engine.testing.Signals;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chain generator in the real render engine, bounced offline (deterministic mode). */
class ChainGeneratorTest {
    static final int RATE = 48000;
    static final double[] HZ = {200, 300, 400, 500, 600};

    private static float[] render(double temperature, long seed, int seconds) {
        List<AudioData> clips = new ArrayList<>();
        for (double hz : HZ) clips.add(new AudioData(new float[][] {Signals.sine(hz, 0.5, RATE, RATE)}, RATE));
        Similarity s = (a, b) -> 1.0 / (1 + Math.abs(HZ[a] - HZ[b]) / 100);
        NeighbourGraph g = NeighbourGraph.complete(HZ.length, s);
        Instrument instrument = new Instrument();
        instrument.load(Material.of(clips), new ChainGenerator(ChainOrder.best(g, s), g, 0.05), seed);
        instrument.setParameter("temperature", (float) temperature);
        OfflineRenderer r = new OfflineRenderer(instrument, new AudioConfig(RATE, 256, 2), true);
        try {
            r.play(new Timeline.Builder().noteOn(0, 0, 60, 127).build());
            return r.render((long) seconds * RATE, dev.ersatz.engine.util.Progress.NONE).channels()[0];
        } finally {
            r.close();
        }
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
