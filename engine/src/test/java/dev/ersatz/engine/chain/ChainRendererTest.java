package dev.ersatz.engine.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.Signals;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainRendererTest {

    @Test
    void alignmentFindsAKnownShiftEitherWay() {
        float[] x = Signals.noise(0.5, 20_000, 9);
        int fade = 400;
        for (int shift : new int[] {0, 37, 150, -90, -211}) {
            // a ends at 10 000. A positive shift: b opens with the `fade` samples that end `shift`
            // before a's end, then goes elsewhere; a negative one: b opens with -shift samples of
            // something else, then a's last `fade` samples. Only one lag matches exactly.
            float[] a = Arrays.copyOfRange(x, 0, 10_000);
            float[] other = Signals.noise(0.5, 5_000, 100 + shift);
            float[] b = shift >= 0
                    ? Signals.concat(Arrays.copyOfRange(x, 10_000 - fade - shift, 10_000 - shift), other)
                    : Signals.concat(Arrays.copyOf(other, -shift), Arrays.copyOfRange(x, 10_000 - fade, 20_000));
            assertEquals(shift, Crossfade.bestLag(a, b, fade, 300), "shift " + shift);
        }
    }

    @Test
    void equalPowerFadeKeepsTheEnergyOfAnUncorrelatedJoin() {
        int rate = 8000, fade = 4000;
        float[] a = Signals.noise(0.5, 20_000, 1);
        float[] b = Signals.noise(0.5, 20_000, 2);
        ChainRenderer.Result r = ChainRenderer.render(List.of(new float[][] {a}, new float[][] {b}), rate, fade, 0);
        float[] y = r.audio().channels()[0];
        assertEquals(40_000 - fade, y.length);
        double outside = meanSquare(y, 2000, 14_000);
        int joinAt = r.placements().get(1).at();
        assertEquals(20_000 - fade, joinAt);
        for (int w = 0; w < fade; w += 1000) {
            double inside = meanSquare(y, joinAt + w, joinAt + w + 1000);
            assertEquals(1.0, inside / outside, 0.08, "window at " + w);
        }
        // the gains themselves: cos² + sin² = 1 at every sample
        for (int k = 0; k < fade; k++) {
            double p = Math.pow(Crossfade.gainOut(k, fade), 2) + Math.pow(Crossfade.gainIn(k, fade), 2);
            assertEquals(1.0, p, 1e-6);
        }
    }

    @Test
    void placementsSayWhichSamplesPlayWhere() {
        int rate = 8000;
        float[] x = Signals.noise(0.5, 30_000, 3);
        float[] a = Arrays.copyOfRange(x, 0, 12_000);
        // b opens with the 200 samples that end 55 before a's end: the join is best made 55 early
        float[] b = Signals.concat(Arrays.copyOfRange(x, 12_000 - 255, 12_000 - 55), Signals.noise(0.5, 9_000, 5));
        float[] c = Signals.noise(0.5, 9_000, 4);
        ChainRenderer.Result r = ChainRenderer.render(
                List.of(new float[][] {a}, new float[][] {b}, new float[][] {c}), rate, 200, 100);
        float[] y = r.audio().channels()[0];
        List<ChainRenderer.Placement> p = r.placements();
        assertEquals(12_000 - 55, p.get(0).end());
        assertEquals(0, p.get(1).start());
        float[][] src = {a, b, c};
        for (int i = 0; i < 3; i++) {
            ChainRenderer.Placement q = p.get(i);
            // between the fades, the output is the clip's own samples, bit for bit
            for (int k = q.fadeIn(); k < q.end() - q.start() - q.fadeOut(); k++) {
                assertEquals(src[i][q.start() + k], y[q.at() + k], 0f);
            }
        }
        assertEquals(p.get(2).at() + p.get(2).end() - p.get(2).start(), y.length);
    }

    @Test
    void shortClipsGetShorterFadesAndStereoFollowsTheWidestClip() {
        float[][] mono = {Signals.sine(440, 0.5, 100, 8000)};
        float[][] stereo = {Signals.sine(220, 0.5, 1000, 8000), Signals.sine(330, 0.5, 1000, 8000)};
        ChainRenderer.Result r = ChainRenderer.render(List.of(mono, stereo), 8000, 400, 50);
        assertEquals(2, r.audio().channelCount());
        assertEquals(25, r.placements().get(1).fadeIn());
        assertTrue(r.audio().frames() > 1000);
    }

    private static double meanSquare(float[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += y[i] * y[i];
        return s / (to - from);
    }
}
