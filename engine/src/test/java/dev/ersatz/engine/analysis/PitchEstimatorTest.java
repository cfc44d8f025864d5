package dev.ersatz.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.Signals;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** YIN on synthetic tones whose pitch is known exactly; silence, noise and bad samples; no allocation. */
class PitchEstimatorTest {
    static final int RATE = 44100, WINDOW = 2048;

    static double cents(double hz, double truth) { return 1200 * Math.log(hz / truth) / Math.log(2); }

    /** Sum of harmonics {@code h} (1 = the fundamental) with amplitudes {@code a}, random phases. */
    static float[] harmonics(double f0, int[] h, double[] a, int frames, int rate, long seed) {
        Random r = new Random(seed);
        float[] x = new float[frames];
        for (int k = 0; k < h.length; k++) {
            double phase = 2 * Math.PI * r.nextDouble();
            for (int i = 0; i < frames; i++) x[i] += (float) (a[k] * Math.sin(2 * Math.PI * f0 * h[k] * i / rate + phase));
        }
        return x;
    }

    static float[] sawtooth(double f0, double amplitude, int frames, int rate) {
        float[] x = new float[frames];
        for (int i = 0; i < frames; i++) {
            double p = f0 * i / rate;
            x[i] = (float) (amplitude * (2 * (p - Math.floor(p)) - 1));
        }
        return x;
    }

    @Test
    void sinesAcrossTheRangeAtTwoRates() {
        for (int rate : new int[] {44100, 48000}) {
            PitchEstimator p = new PitchEstimator(WINDOW, rate);
            for (double hz : new double[] {50, 65.41, 110, 220, 261.63, 440, 1000, 1760, 1990}) {
                float[] x = Signals.sine(hz, 0.5, WINDOW, rate);
                double got = p.estimate(x, 0, WINDOW);
                System.out.printf(Locale.ROOT, "sine %7.2f Hz at %d: %8.3f Hz (%+.2f cents), confidence %.4f%n", hz, rate, got, cents(got, hz), p.confidence());
                assertTrue(Math.abs(cents(got, hz)) < 3, hz + " Hz at " + rate + ": " + got);
                assertTrue(p.confidence() > 0.95, hz + " Hz confidence " + p.confidence());
                assertEquals(got, p.hz());
            }
        }
    }

    @Test
    void aSawtoothAtItsFundamental() {
        PitchEstimator p = new PitchEstimator(WINDOW, RATE);
        for (double hz : new double[] {55, 98, 110, 330, 880}) {
            double got = p.estimate(sawtooth(hz, 0.5, WINDOW, RATE), 0, WINDOW);
            System.out.printf(Locale.ROOT, "sawtooth %6.1f Hz: %8.3f Hz (%+.2f cents), confidence %.4f%n", hz, got, cents(got, hz), p.confidence());
            assertTrue(Math.abs(cents(got, hz)) < 5, "sawtooth " + hz + ": " + got);
            assertTrue(p.confidence() > 0.9);
        }
    }

    /** The octave errors YIN's first-dip rule guards against, and the ones its normalisation does. */
    @Test
    void noOctaveErrors() {
        PitchEstimator p = new PitchEstimator(WINDOW, RATE);
        // A missing fundamental: harmonics 2–6 only; the period is still the fundamental's.
        double got = p.estimate(harmonics(150, new int[] {2, 3, 4, 5, 6}, new double[] {1, 0.8, 0.6, 0.5, 0.4}, WINDOW, RATE, 1), 0, WINDOW);
        assertTrue(Math.abs(cents(got, 150)) < 5, "missing fundamental 150 Hz: " + got);
        // A second harmonic twice as loud as the fundamental: not the octave above.
        got = p.estimate(harmonics(110, new int[] {1, 2}, new double[] {0.5, 1}, WINDOW, RATE, 2), 0, WINDOW);
        assertTrue(Math.abs(cents(got, 110)) < 5, "strong 2nd harmonic over 110 Hz: " + got);
        // A strictly periodic tone dips as low at 2T, 3T, ...: the first dip wins, not the octave below.
        for (double hz : new double[] {100, 200, 400, 800}) {
            got = p.estimate(harmonics(hz, new int[] {1, 2, 3}, new double[] {1, 0.5, 0.3}, WINDOW, RATE, 3), 0, WINDOW);
            assertTrue(Math.abs(cents(got, hz)) < 5, "three harmonics over " + hz + ": " + got);
        }
        // Odd harmonics only (a square-like wave): no dip at T/2, so the fundamental.
        got = p.estimate(harmonics(130.81, new int[] {1, 3, 5, 7}, new double[] {1, 1 / 3.0, 1 / 5.0, 1 / 7.0}, WINDOW, RATE, 4), 0, WINDOW);
        assertTrue(Math.abs(cents(got, 130.81)) < 5, "odd harmonics over C3: " + got);
    }

    @Test
    void outsideTheRangeIsUnvoicedNotAnOctaveOff() {
        PitchEstimator p = new PitchEstimator(WINDOW, RATE, 40, 1000, PitchEstimator.DEFAULT_THRESHOLD);
        assertTrue(Double.isNaN(p.estimate(Signals.sine(1500, 0.5, WINDOW, RATE), 0, WINDOW)), "1500 Hz with a 1000 Hz top");
        assertTrue(Double.isNaN(p.estimate(Signals.sine(30, 0.5, WINDOW, RATE), 0, WINDOW)), "30 Hz is below the window's lowest: " + p.hz());
        assertEquals(RATE / 1024.0, p.minHz(), 1e-9); // a 2048 window holds two periods of 43 Hz at most
    }

    @Test
    void silenceAndNoiseAreUnvoiced() {
        PitchEstimator p = new PitchEstimator(WINDOW, RATE);
        assertTrue(Double.isNaN(p.estimate(Signals.silence(WINDOW), 0, WINDOW)));
        assertEquals(0, p.confidence());
        assertTrue(Double.isNaN(p.estimate(Signals.sine(220, 1e-4, WINDOW, RATE), 0, WINDOW)), "a sine at −80 dBFS is silence");
        assertEquals(0, p.confidence());
        int voiced = 0;
        double maxConfidence = 0;
        for (int seed = 0; seed < 50; seed++) {
            if (!Double.isNaN(p.estimate(Signals.noise(0.5, WINDOW, seed), 0, WINDOW))) voiced++;
            maxConfidence = Math.max(maxConfidence, p.confidence());
        }
        System.out.printf(Locale.ROOT, "white noise: %d of 50 windows voiced, highest confidence %.3f%n", voiced, maxConfidence);
        assertEquals(0, voiced);
        assertTrue(maxConfidence < 0.5, "noise confidence " + maxConfidence);
    }

    @Test
    void nonFiniteSamplesAreHarmless() {
        PitchEstimator p = new PitchEstimator(WINDOW, RATE);
        float[] nan = new float[WINDOW];
        Arrays.fill(nan, Float.NaN);
        assertTrue(Double.isNaN(p.estimate(nan, 0, WINDOW)));
        assertEquals(0, p.confidence());
        float[] x = Signals.sine(220, 0.5, WINDOW, RATE);
        x[100] = Float.NaN;
        x[900] = Float.POSITIVE_INFINITY;
        x[1500] = Float.NEGATIVE_INFINITY;
        double got = p.estimate(x, 0, WINDOW);
        assertTrue(Double.isNaN(got) || Math.abs(cents(got, 220)) < 20, "three bad samples in 220 Hz: " + got);
        assertTrue(p.confidence() >= 0 && p.confidence() <= 1);
        // and nothing lingers: a clean window afterwards is measured as ever
        assertTrue(Math.abs(cents(p.estimate(Signals.sine(220, 0.5, WINDOW, RATE), 0, WINDOW), 220)) < 3);
    }

    @Test
    void aShortTailAndAnOffsetAreRead() {
        PitchEstimator p = new PitchEstimator(WINDOW, RATE);
        float[] x = Signals.concat(Signals.noise(0.5, 777, 9), Signals.sine(330, 0.5, 3000, RATE));
        assertTrue(Math.abs(cents(p.estimate(x, 777, WINDOW), 330)) < 3);
        // fewer samples than the window (a clip's end): a shorter window, as exact
        for (int n : new int[] {1800, 1000, 300}) assertTrue(Math.abs(cents(p.estimate(x, 777, n), 330)) < 3, n + " samples: " + p.hz());
        assertTrue(Double.isNaN(p.estimate(x, 777, 40)), "40 samples hold no period in range");
        assertTrue(Double.isNaN(p.estimate(Signals.sine(50, 0.5, WINDOW, RATE), 0, 1000)), "50 Hz needs more than 1000 samples");
        assertThrows(IllegalArgumentException.class, () -> p.estimate(x, 3000, WINDOW));
        assertThrows(IllegalArgumentException.class, () -> p.estimate(x, 0, WINDOW + 1));
        assertThrows(IllegalArgumentException.class, () -> new PitchEstimator(WINDOW, RATE, 40, 30000, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new PitchEstimator(32, RATE, 40, 2000, 0.2));
    }

    /** The FFT difference function is YIN's: the same d' as the direct sum, so the same answers. */
    @Test
    void theFftDifferenceIsTheDirectOne() {
        Random r = new Random(11);
        PitchEstimator p = new PitchEstimator(WINDOW, RATE);
        int tauMax = WINDOW / 2;
        for (int trial = 0; trial < 20; trial++) {
            double f0 = 60 + 1500 * r.nextDouble();
            float[] x = harmonics(f0, new int[] {1, 2, 3, 4}, new double[] {r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble()}, WINDOW, RATE, trial);
            float[] n = Signals.noise(0.3 * r.nextDouble(), WINDOW, 100 + trial);
            for (int i = 0; i < WINDOW; i++) x[i] += n[i];
            double[] direct = DirectYin.cmnd(x, WINDOW, tauMax);
            double got = p.estimate(x, 0, WINDOW);
            // the direct curve's own YIN decision, as the class comment states it
            int best = -1;
            for (int tau = 2; tau < tauMax; tau++) {
                if (direct[tau] < PitchEstimator.DEFAULT_THRESHOLD) {
                    while (tau + 1 < tauMax && direct[tau + 1] < direct[tau]) tau++;
                    best = tau;
                    break;
                }
            }
            if (best < RATE / PitchEstimator.DEFAULT_MAX_HZ) {
                assertTrue(Double.isNaN(got), "trial " + trial + ": direct unvoiced, FFT " + got);
                continue;
            }
            assertEquals(1 - direct[best], p.confidence(), 1e-9, "trial " + trial);
            assertEquals(RATE / (double) best, got, RATE / (double) best * 0.03, "trial " + trial); // within the interpolation's half lag
        }
    }

    /** estimate() allocates nothing once warm (the bytes this thread allocated, as ZeroAllocationTest measures them). */
    @Test
    void estimateAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        PitchEstimator p = new PitchEstimator(WINDOW, RATE);
        float[][] inputs = {Signals.sine(220, 0.5, 8192, RATE), Signals.noise(0.5, 8192, 1), Signals.silence(8192), sawtooth(55, 0.5, 8192, RATE)};
        inputs[3][5000] = Float.NaN;
        double sink = 0;
        for (int i = 0; i < 20_000; i++) sink += work(p, inputs, i); // warm: let the JIT settle (it allocates on this thread while it compiles)
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 5_000; i++) sink += work(p, inputs, i);
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        System.out.println("estimate(): " + allocated + " bytes allocated in 5000 calls (" + sink + ")");
        assertEquals(0, allocated, "bytes allocated by 5000 estimates");
    }

    private static double work(PitchEstimator p, float[][] inputs, int i) {
        float[] x = inputs[i % inputs.length];
        double hz = p.estimate(x, (i * 131) % (x.length - WINDOW), WINDOW - (i % 3) * 100);
        return (Double.isNaN(hz) ? 0 : hz) + p.confidence();
    }
}
