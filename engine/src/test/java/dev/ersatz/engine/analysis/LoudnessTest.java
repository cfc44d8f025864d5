package dev.ersatz.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ersatz.engine.testing.Signals;
import org.junit.jupiter.api.Test;

/** BS.1770-4 / EBU R128 integrated loudness against the standard's coefficients and EBU Tech 3341's test signals. */
class LoudnessTest {
    @Test
    void kWeightingAt48kHzIsTheTablePrintedInBs1770() {
        double[][] k = Loudness.kWeighting(48000);
        double[] shelf = {1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241, 0.73248077421585};
        double[] hp = {1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621};
        for (int i = 0; i < 5; i++) {
            assertEquals(shelf[i], k[0][i], 1e-6, "shelf " + i);
            assertEquals(hp[i], k[1][i], 1e-6, "high-pass " + i);
        }
    }

    /** A stereo 1 kHz sine whose peak is {@code dbfs}, for {@code seconds}. */
    static float[] tone(double dbfs, double seconds, int rate) {
        return Signals.sine(1000, Math.pow(10, dbfs / 20), (int) Math.round(seconds * rate), rate);
    }

    static double stereo(int rate, float[]... parts) {
        float[] x = Signals.concat(parts);
        return Loudness.integrated(new float[][] {x, x}, rate);
    }

    @Test
    void ebuTech3341Cases1To5() {
        for (int rate : new int[] {48000, 44100}) {
            // Case 1 and 2: stereo sine at −23 / −33 dBFS, 20 s → −23 / −33 LUFS (±0.1).
            assertEquals(-23.0, stereo(rate, tone(-23, 20, rate)), 0.1, "case 1 @" + rate);
            assertEquals(-33.0, stereo(rate, tone(-33, 20, rate)), 0.1, "case 2 @" + rate);
            // Case 3: −36, −23, −36 dBFS for 10, 60, 10 s: the relative gate drops the quiet parts → −23.
            assertEquals(-23.0, stereo(rate, tone(-36, 10, rate), tone(-23, 60, rate), tone(-36, 10, rate)), 0.1, "case 3");
            // Case 4: −72, −36, −23, −36, −72 dBFS for 10, 10, 60, 10, 10 s → −23.
            assertEquals(-23.0, stereo(rate, tone(-72, 10, rate), tone(-36, 10, rate), tone(-23, 60, rate),
                    tone(-36, 10, rate), tone(-72, 10, rate)), 0.1, "case 4");
            // Case 5: −26, −20, −26 dBFS for 20, 20.1, 20 s → −23.
            assertEquals(-23.0, stereo(rate, tone(-26, 20, rate), tone(-20, 20.1, rate), tone(-26, 20, rate)), 0.1, "case 5");
        }
    }

    @Test
    void otherRatesMonoAndSilence() {
        for (int rate : new int[] {8000, 22050, 96000, 192000}) {
            assertEquals(-23.0, stereo(rate, tone(-23, 5, rate)), 0.1, "rate " + rate);
        }
        // One channel carries half the power of two identical ones: 3 dB less.
        float[] x = tone(-23, 5, 48000);
        assertEquals(-26.0, Loudness.integrated(new float[][] {x}, 48000), 0.1);
        assertEquals(Double.NEGATIVE_INFINITY, Loudness.integrated(new float[][] {new float[48000]}, 48000));
        assertEquals(Double.NEGATIVE_INFINITY, Loudness.integrated(new float[][] {tone(-10, 0.3, 48000)}, 48000), "shorter than a block");
        // −80 dBFS mono is about −83 LUFS: every block falls under the −70 LUFS absolute gate.
        assertEquals(Double.NEGATIVE_INFINITY, Loudness.integrated(new float[][] {tone(-80, 5, 48000)}, 48000));
    }

    @Test
    void fivePointOneWeighsSurroundsUpAndIgnoresTheLfe() {
        int rate = 48000;
        float[] x = tone(-23, 5, rate), z = new float[x.length];
        double front = Loudness.integrated(new float[][] {x, z, z, z, z, z}, rate);
        double surround = Loudness.integrated(new float[][] {z, z, z, z, x, z}, rate);
        assertEquals(-26.0, front, 0.1);
        assertEquals(front + 10 * Math.log10(1.41), surround, 0.01, "BS.1770 weight 1.41 on Ls/Rs");
        assertEquals(Double.NEGATIVE_INFINITY, Loudness.integrated(new float[][] {z, z, z, x, z, z}, rate), "LFE is not counted");
    }
}
