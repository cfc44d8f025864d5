package dev.ersatz.engine.analysis;

import dev.ersatz.engine.testing.Signals;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The cost of one {@link PitchEstimator#estimate} of 2048 samples at 44.1 kHz (τmax 1024, W 1024),
 * and of the same difference function summed directly ({@link DirectYin}), the reason for the FFT
 * form. Prints figures and asserts nothing; not in the suite (the name is no *Test): run it with
 * {@code mvn -B -o -q -pl engine test -Dtest=PitchEstimatorBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Thread CPU time as well as the wall clock, since the build machine is shared.
 */
class PitchEstimatorBenchmark {
    @Test
    void microsecondsPerEstimate() {
        int rate = 44100, window = 2048;
        float[] x = Signals.concat(Signals.sine(110, 0.5, 1 << 16, rate), Signals.noise(0.3, 1 << 16, 3));
        PitchEstimator p = new PitchEstimator(window, rate);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (int i = 0; i < 20_000; i++) sink += fft(p, x, i);
        for (int round = 0; round < 3; round++) {
            int n = 20_000;
            long cpu = mx.getCurrentThreadCpuTime(), wall = System.nanoTime();
            for (int i = 0; i < n; i++) sink += fft(p, x, i);
            cpu = mx.getCurrentThreadCpuTime() - cpu;
            wall = System.nanoTime() - wall;
            System.out.printf(Locale.ROOT, "PitchEstimator (FFT difference), 2048 samples: %.1f µs CPU, %.1f µs wall per estimate (%d estimates)%n", cpu / 1e3 / n, wall / 1e3 / n, n);
        }
        for (int i = 0; i < 300; i++) sink += direct(x, i);
        for (int round = 0; round < 3; round++) {
            int n = 500;
            long cpu = mx.getCurrentThreadCpuTime(), wall = System.nanoTime();
            for (int i = 0; i < n; i++) sink += direct(x, i);
            cpu = mx.getCurrentThreadCpuTime() - cpu;
            wall = System.nanoTime() - wall;
            System.out.printf(Locale.ROOT, "direct difference function (the same d'), 2048 samples: %.1f µs CPU, %.1f µs wall per estimate (%d estimates)%n", cpu / 1e3 / n, wall / 1e3 / n, n);
        }
        System.out.printf(Locale.ROOT, "load average %.2f (%s)%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), sink > 0 ? "ok" : "?");
    }

    private static double fft(PitchEstimator p, float[] x, int i) {
        double hz = p.estimate(x, (i * 997) % (x.length - 2048), 2048);
        return Double.isNaN(hz) ? p.confidence() : hz;
    }

    /** The direct form's d' (its threshold scan costs nothing beside it). */
    private static double direct(float[] x, int i) {
        int from = (i * 997) % (x.length - 2048);
        return DirectYin.cmnd(java.util.Arrays.copyOfRange(x, from, from + 2048), 2048, 1024)[500];
    }
}
