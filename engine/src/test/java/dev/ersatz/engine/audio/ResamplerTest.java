package dev.ersatz.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ersatz.engine.testing.Signals;
import dev.ersatz.engine.testing.Tools;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {

    /** Least-squares fit of a·sin + b·cos at {@code hz} over x[from, to): returns {a, b}. */
    static double[] fit(float[] x, double hz, int rate, int from, int to) {
        double ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
        for (int i = from; i < to; i++) {
            double w = 2 * Math.PI * hz * i / rate;
            double s = Math.sin(w), c = Math.cos(w);
            ss += s * s; cc += c * c; sc += s * c; xs += x[i] * s; xc += x[i] * c;
        }
        double det = ss * cc - sc * sc;
        return new double[] {(xs * cc - xc * sc) / det, (xc * ss - xs * sc) / det};
    }

    static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += (double) x[i] * x[i];
        return Math.sqrt(s / (to - from));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"44100,48000", "48000,44100", "48000,22050", "8000,48000", "192000,44100", "44100,22050", "22050,44100", "44100,47999"})
    void sineKeepsAmplitudeAndPhase(int from, int to) {
        double amp = 0.5;
        float[] in = Signals.sine(1000, amp, from * 2, from);
        float[] out = Resampler.resample(in, from, to);
        assertEquals(Math.round(in.length * (double) to / from), out.length);
        // Away from the ends, where the kernel sees zeros beyond the signal.
        int margin = to / 10;
        double[] ab = fit(out, 1000, to, margin, out.length - margin);
        double gainDb = 20 * Math.log10(Math.hypot(ab[0], ab[1]) / amp);
        assertTrue(Math.abs(gainDb) < 0.1, "gain " + gainDb + " dB");
        // The analytic sine is a pure sin term: any cos component is a phase (time) shift.
        double phase = Math.atan2(ab[1], ab[0]);
        assertTrue(Math.abs(phase) < 1e-4, "phase error " + phase + " rad");
        // Nothing else but the sine: residual far below it.
        double residual = 0;
        for (int i = margin; i < out.length - margin; i++) {
            double w = 2 * Math.PI * 1000 * i / to;
            double e = out[i] - (ab[0] * Math.sin(w) + ab[1] * Math.cos(w));
            residual += e * e;
        }
        residual = Math.sqrt(residual / (out.length - 2 * margin));
        assertTrue(20 * Math.log10(residual / amp) < -80, "residual " + 20 * Math.log10(residual / amp) + " dB");
    }

    @Test
    void toneAboveTargetNyquistIsRemoved() {
        float[] in = Signals.sine(23000, 1.0, 48000, 48000);
        float[] out = Resampler.resample(in, 48000, 44100);
        double db = 20 * Math.log10(rms(out, 4410, out.length - 4410) / Math.sqrt(0.5));
        assertTrue(db < -80, "23 kHz tone only " + db + " dB down");
    }

    @ParameterizedTest(name = "{0} Hz at {1} → {2}")
    @CsvSource({"22050,48000,44100", "22500,48000,44100", "23900,48000,44100", "11025,48000,22050", "15000,48000,22050",
            "22050,192000,44100", "60000,192000,44100", "95000,192000,44100"})
    void stopBandIsNinetyDecibelsDown(double hz, int from, int to) {
        float[] in = Signals.sine(hz, 1.0, from, from);
        float[] out = Resampler.resample(in, from, to);
        double db = 20 * Math.log10(rms(out, to / 10, out.length - to / 10) / Math.sqrt(0.5));
        assertTrue(db < -90, hz + " Hz only " + db + " dB down");
    }

    @Test
    void passBandIsFlatToNinetyPercentOfNyquist() {
        for (double hz : new double[] {20, 100, 5000, 15000, 19000, 19800}) {
            float[] in = Signals.sine(hz, 0.5, 48000, 48000);
            float[] out = Resampler.resample(in, 48000, 44100);
            double[] ab = fit(out, hz, 44100, 4410, out.length - 4410);
            double gainDb = 20 * Math.log10(Math.hypot(ab[0], ab[1]) / 0.5);
            assertTrue(Math.abs(gainDb) < 0.1, hz + " Hz: gain " + gainDb + " dB");
        }
    }

    @Test
    void constantStaysConstant() {
        float[] in = new float[44100];
        java.util.Arrays.fill(in, 0.25f);
        float[] out = Resampler.resample(in, 44100, 48000);
        for (int i = 200; i < out.length - 200; i++) assertEquals(0.25, out[i], 1e-6, "at " + i);
    }

    @Test
    void matchingRatesReturnTheInput() {
        AudioData a = new AudioData(new float[][] {Signals.sine(440, 0.5, 100, 44100)}, 44100);
        assertSame(a, Resampler.resample(a, 44100));
        AudioData b = Resampler.resample(a, 48000);
        assertEquals(48000, b.sampleRate());
        assertEquals(Math.round(100 * 48000 / 44100.0), b.frames());
    }

    @Test
    void emptyAndTinyInputs() {
        assertEquals(0, Resampler.resample(new float[0], 44100, 48000).length);
        float[] one = Resampler.resample(new float[] {1f}, 44100, 48000);
        assertEquals(1, one.length);
        // Output sample 0 sits exactly on input sample 0: the kernel's centre, the cutoff ratio 0.95 of the input Nyquist.
        assertEquals(0.95f, one[0], 1e-4);
        assertEquals(0, Resampler.resample(new float[] {1f}, 48000, 8000).length); // round(1/6) = 0
    }

    @Test
    void absurdRatesAreRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[10], 1_536_000, 8));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[10], 0, 8000));
        assertEquals(1_536_000, Resampler.resample(new float[8], 8, 1_536_000).length); // one second: upsampling by a lot is fine
    }

    @Test
    void agreesWithSox(@TempDir Path dir) throws Exception {
        float[] music = Signals.music(44100 * 4, 44100, 7);
        Path src = dir.resolve("music.wav");
        WavWriter.write(src, new AudioData(new float[][] {music}, 44100), SampleFormat.FLOAT_32);
        Path soxOut = dir.resolve("sox48k.wav");
        Tools.check(60, "sox", src.toString(), "-e", "floating-point", "-b", "32", soxOut.toString(), "rate", "-v", "48000");
        float[] theirs = AudioFiles.read(soxOut).channels()[0];
        float[] ours = Resampler.resample(music, 44100, 48000);
        assertEquals(theirs.length, ours.length);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < ours.length; i++) {
            sxy += (double) ours[i] * theirs[i];
            sxx += (double) ours[i] * ours[i];
            syy += (double) theirs[i] * theirs[i];
        }
        double corr = sxy / Math.sqrt(sxx * syy);
        assertTrue(corr > 0.9999, "correlation with sox " + corr);
    }
}
