package dev.ersatz.engine.analysis.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.audio.AudioData;
import dev.ersatz.engine.testing.Signals;
import org.junit.jupiter.api.Test;

class FingerprintCompareTest {
    private static final int RATE = 44100;

    private static int[] fp(float[] mono) {
        return Chromaprint.fingerprint(new AudioData(new float[][] {mono, mono}, RATE)).raw();
    }

    @Test
    void aFileAgainstItselfIsOneAtOffsetZero() {
        int[] a = fp(Signals.music(RATE * 30, RATE, 1));
        Match m = FingerprintCompare.best(a, a);
        assertEquals(1.0, m.similarity());
        assertEquals(0, m.offset());
        assertEquals(1.0, FingerprintCompare.at(a, a, 0));
    }

    /** Delaying by k frame hops (k x 1365 samples at 11025 Hz, x 4 at 44.1 kHz) shifts the items by k. */
    @Test
    void aDelayedCopyIsFoundAtItsOffset() {
        float[] music = Signals.music(RATE * 30, RATE, 2);
        int[] a = fp(music);
        for (int k : new int[] {1, 7, 40}) {
            float[] delayed = Signals.concat(Signals.silence(k * Chromaprint.HOP * (RATE / Chromaprint.SAMPLE_RATE)), music);
            int[] b = fp(delayed);
            Match m = FingerprintCompare.best(a, b);
            System.out.printf("delay %d hops: offset %d, similarity %.4f%n", k, m.offset(), m.similarity());
            assertEquals(k, m.offset(), "offset for a delay of " + k + " hops");
            assertEquals(k * Chromaprint.ITEM_SECONDS, m.offsetSeconds(), 1e-12);
            assertTrue(m.similarity() > 0.97, "similarity " + m.similarity());
            // And the other way round: a is b moved earlier.
            assertEquals(-k, FingerprintCompare.best(b, a).offset());
        }
    }

    /** Random tones, a new random frequency set every 200 ms: unrelated material with no shared harmony. */
    private static float[] randomTones(int frames, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] x = new float[frames];
        int segment = RATE / 5;
        for (int start = 0; start < frames; start += segment) {
            double[] hz = {55 * Math.pow(2, 6 * r.nextDouble()), 55 * Math.pow(2, 6 * r.nextDouble()), 55 * Math.pow(2, 6 * r.nextDouble())};
            for (int i = start; i < Math.min(frames, start + segment); i++) {
                double s = 0;
                for (double f : hz) s += Math.sin(2 * Math.PI * f * i / RATE);
                x[i] = (float) (0.2 * s);
            }
        }
        return x;
    }

    @Test
    void unrelatedMaterialIsAboutOneHalf() {
        int[] a = fp(randomTones(RATE * 30, 11));
        int[] b = fp(randomTones(RATE * 30, 12));
        Match m = FingerprintCompare.best(a, b);
        double fixed = FingerprintCompare.at(a, b, 0);
        System.out.printf("unrelated tones: best %.4f at %d, at offset 0 %.4f%n", m.similarity(), m.offset(), fixed);
        assertTrue(fixed > 0.4 && fixed < 0.6, "at offset 0: " + fixed);
        assertTrue(m.similarity() > 0.45 && m.similarity() < 0.65, "best: " + m.similarity());
    }

    /**
     * Chromaprint sees stationary white noise as one flat chroma, so two unrelated noises score far above
     * 0.5 (fpcalc's fingerprints, which ours equal bit for bit, do the same): a property callers must know.
     */
    @Test
    void whiteNoiseLooksAlikeToChromaprint() {
        int[] a = fp(Signals.noise(0.5, RATE * 30, 11));
        int[] b = fp(Signals.noise(0.5, RATE * 30, 12));
        double fixed = FingerprintCompare.at(a, b, 0);
        System.out.printf("unrelated white noise: at offset 0 %.4f%n", fixed);
        assertTrue(fixed > 0.7, "white noise vs white noise: " + fixed);
    }

    @Test
    void overlapRulesAndEdges() {
        int[] a = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        int[] b = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
        assertEquals(0.0, FingerprintCompare.at(a, b, 0));
        assertEquals(0.0, FingerprintCompare.at(a, b, 10), "no overlap");
        assertEquals(1.0, FingerprintCompare.at(a, a, 3), "7 overlapping equal items");
        assertEquals(8, FingerprintCompare.minOverlap(10, 100));
        assertEquals(50, FingerprintCompare.minOverlap(100, 1000));
        assertEquals(new Match(0, 0), FingerprintCompare.best(new int[0], a));
        // Only half a bit differs per item at offset 0; identical at offset 2 with 8 items of overlap.
        int[] c = {5, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        int[] d = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Match m = FingerprintCompare.best(c, d);
        assertEquals(-2, m.offset());
        assertEquals(1.0, m.similarity());
        assertEquals(2, FingerprintCompare.best(d, c).offset());
        assertEquals(-2, FingerprintCompare.best(c, d, 3).offset());
        assertTrue(Math.abs(FingerprintCompare.best(c, d, 1).offset()) <= 1);
    }
}
