package dev.ersatz.engine.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.Signals;
import org.junit.jupiter.api.Test;

class ChainPlayerTest {

    private static final int FADE = 100;

    /** Twelve noise clips of different lengths, and a walker over a complete graph of made-up similarities. */
    private static float[][][] clips() {
        float[][][] c = new float[12][][];
        for (int i = 0; i < 12; i++) c[i] = new float[][] {Signals.noise(0.5, 1000 + 97 * i, i)};
        return c;
    }

    private static ChainWalker walker(long seed) {
        Similarity s = (a, b) -> 1.0 / (1 + Math.abs(a - b)); // neighbours by index: best order 0..11
        return new ChainWalker(ChainOrder.best(NeighbourGraph.complete(12, s), s), NeighbourGraph.complete(12, s), seed);
    }

    @Test
    void playsThroughTheChainWithSampleAccurateFades() {
        float[][][] c = clips();
        ChainWalker w = walker(1);
        ChainPlayer p = new ChainPlayer(c, w, FADE, 1);
        int first = p.current();
        int len0 = c[first][0].length;
        float[][] out = new float[1][len0 + 2000];
        // render in odd block sizes: the result must not depend on them
        for (int at = 0; at < out[0].length; ) {
            int n = Math.min(37, out[0].length - at);
            p.render(out, at, n);
            at += n;
        }
        int second = (first == 0) ? 1 : (first == 11 ? 10 : -1);
        assertTrue(second >= 0, "best order starts at an end: " + first);
        for (int k = 0; k < len0 - FADE; k++) assertEquals(c[first][0][k], out[0][k], 0f);
        for (int k = 0; k < FADE; k++) {
            float want = Crossfade.gainOut(k, FADE) * c[first][0][len0 - FADE + k] + Crossfade.gainIn(k, FADE) * c[second][0][k];
            assertEquals(want, out[0][len0 - FADE + k], 1e-6f);
        }
        for (int k = FADE; k < 500; k++) assertEquals(c[second][0][k], out[0][len0 - FADE + k], 0f);
    }

    @Test
    void aNoteJumpsToItsRegionAtItsFrame() {
        float[][][] c = clips();
        ChainPlayer p = new ChainPlayer(c, walker(1), FADE, 1);
        int first = p.current();
        float[][] out = new float[1][900];
        p.noteOn(60 + 7, 300); // pitch class 7: region 7 of 12 = the 8th clip of the best order
        p.render(out, 0, 900);
        int target = first == 0 ? 7 : 4;
        for (int k = 0; k < 300; k++) assertEquals(c[first][0][k], out[0][k], 0f);
        for (int k = FADE; k < 600; k++) assertEquals(c[target][0][k], out[0][300 + k], 0f);
    }

    @Test
    void temperatureMakesTheWalkWanderReproducibly() {
        ChainWalker cold = walker(3);
        int x = cold.first();
        int[] seq = new int[30];
        for (int i = 0; i < 30; i++) seq[i] = x = cold.next(x);
        // T = 0: the best order, round and round
        for (int i = 1; i < 30; i++) {
            int step = Math.abs(seq[i] - seq[i - 1]);
            assertTrue(step == 1 || step == 11, "step " + seq[i - 1] + " → " + seq[i]);
        }
        int[] a = hotWalk(5), b = hotWalk(5), d = hotWalk(6);
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(d));
        assertEquals(2.0, ChainWalker.temperatureOfModWheel(127), 1e-12);
        assertEquals(0.0, ChainWalker.temperatureOfModWheel(0), 1e-12);
    }

    private static int[] hotWalk(long seed) {
        ChainWalker w = walker(seed);
        w.setTemperature(1.0);
        int x = w.first();
        int[] seq = new int[40];
        for (int i = 0; i < 40; i++) {
            int y = w.next(x);
            assertNotEquals(x, y);
            seq[i] = x = y;
        }
        return seq;
    }
}
