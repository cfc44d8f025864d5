package dev.ersatz.engine.analysis.fingerprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path for rates that are a whole multiple of 11025 Hz (44.1 kHz and its relatives: one
 * filter phase, a whole step) against swr's resample_common written out directly, sample for sample:
 * output k = clip16((sum_i h[i] x[D k - half + i] + 2^14) >> 15) over the int16 input with the
 * mirrored start. The whole chain is compared with fpcalc itself in ChromaprintTest.
 */
class SwrResamplerTest {
    @Test
    void decimatingPathEqualsSwrsFormula() {
        Random r = new Random(5);
        for (int rate : new int[] {22050, 33075, 44100, 88200, 176400}) {
            SwrResampler swr = new SwrResampler(rate, Chromaprint.SAMPLE_RATE);
            assertEquals(1, swr.phases(), rate + " Hz is one phase");
            int length = swr.taps(0).length, d = rate / Chromaprint.SAMPLE_RATE;
            // around the shortest input that gives an output, and around the 1024-output blocks
            int[] lengths = {length - 1, length, length + 1, length + 2, d * 1024 + length - 2, d * 1024 + length + d,
                d * 2048 + 7 * d + 3, 20_000 + rate % 7};
            for (int n : lengths) {
                float[] x = signal(r, n);
                short[] ours = swr.resample(x);
                assertArrayEquals(reference(swr, d, x), ours, rate + " Hz, " + n + " samples");
            }
        }
    }

    @Test
    void twoChannelsResampleAsEachAlone() {
        Random r = new Random(6);
        for (int rate : new int[] {44100, 48000}) {
            SwrResampler swr = new SwrResampler(rate, Chromaprint.SAMPLE_RATE);
            float[] a = signal(r, 30_011), b = signal(r, 30_011);
            short[][] both = swr.resample(a, b);
            assertArrayEquals(swr.resample(a), both[0], rate + " Hz left");
            assertArrayEquals(swr.resample(b), both[1], rate + " Hz right");
        }
    }

    /** Full-scale noise with runs at the int16 limits (so sums clip), values off the int16 grid and beyond ±1. */
    private static float[] signal(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = (i / 97) % 4;
            x[i] = switch (kind) {
                case 0 -> (r.nextInt(65536) - 32768) / 32768f;
                case 1 -> (i / 3) % 2 == 0 ? 1f : -1f;
                case 2 -> (float) (r.nextGaussian() * 0.4);
                default -> (float) (r.nextDouble() * 3 - 1.5);
            };
        }
        return x;
    }

    private static short[] reference(SwrResampler swr, int d, float[] x) {
        int[] h = swr.taps(0);
        int length = h.length, half = (length - 1) / 2;
        int n = x.length;
        int count = 0;
        if (n > length) while ((long) d * count - half + length <= n) count++;
        short[] out = new short[count];
        for (int k = 0; k < count; k++) {
            int sum = 0;
            for (int i = 0; i < length; i++) {
                int t = d * k - half + i;
                sum += h[i] * FpcalcInput.int16(x[Math.abs(t)]);
            }
            int v = (sum + (1 << 14)) >> 15;
            out[k] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return out;
    }
}
