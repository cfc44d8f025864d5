package dev.ersatz.engine.analysis;

import dev.ersatz.engine.audio.AudioData;

/**
 * The clip page's two pictures: the waveform (each column's min and max over the channels, the part
 * {@link Trim} would cut drawn dim) and a mel spectrogram in dB. Worker or control threads.
 */
public final class ClipPictures {
    /** Bump when either picture changes, so cached ones are drawn again. */
    public static final int VERSION = 1;
    static final int WAVE_BG = 0x15171c, WAVE_KEPT = 0x7fd1ff, WAVE_CUT = 0x3b4a57, WAVE_AXIS = 0x2a2f38;

    private ClipPictures() { }

    /** {@code width × height} waveform; samples outside {@code trim} are drawn in the dim colour. */
    public static Raster waveform(AudioData audio, Interval trim, int width, int height) {
        int[] rgb = new int[width * height];
        java.util.Arrays.fill(rgb, WAVE_BG);
        int n = audio.frames(), mid = height / 2;
        for (int x = 0; x < width; x++) rgb[mid * width + x] = WAVE_AXIS;
        for (int x = 0; x < width && n > 0; x++) {
            int a = (int) ((long) x * n / width), b = Math.max(a + 1, (int) ((long) (x + 1) * n / width));
            float lo = 0, hi = 0;
            for (float[] ch : audio.channels()) {
                for (int i = a; i < Math.min(b, n); i++) {
                    lo = Math.min(lo, ch[i]);
                    hi = Math.max(hi, ch[i]);
                }
            }
            boolean kept = b > trim.start() && a < trim.end();
            int y0 = Math.max(0, (int) Math.floor(mid - hi * (mid - 1))), y1 = Math.min(height - 1, (int) Math.ceil(mid - lo * (mid - 1)));
            for (int y = y0; y <= y1; y++) rgb[y * width + x] = kept ? WAVE_KEPT : WAVE_CUT;
        }
        return new Raster(width, height, rgb);
    }

    /** A {@code width}-column mel spectrogram of {@code bands} rows (low at the bottom), 80 dB below its peak is black. */
    public static Raster spectrogram(AudioData audio, int width, int bands) {
        int nFft = 2048;
        float[][] s = Spectrogram.magnitude(audio.mono(), nFft, 512);
        double[][] mel = Spectrogram.melPower(s, nFft, audio.sampleRate(), bands, false);
        int frames = s.length;
        double[][] db = new double[width][bands];
        double top = Double.NEGATIVE_INFINITY;
        for (int x = 0; x < width; x++) {
            int a = Thumbnail.from(x, frames, width), b = Thumbnail.to(x, frames, width);
            for (int m = 0; m < bands; m++) {
                double sum = 0;
                for (int f = a; f < b; f++) sum += mel[f][m];
                db[x][m] = 10 * Math.log10(1e-12 + sum / (b - a));
                top = Math.max(top, db[x][m]);
            }
        }
        int[] rgb = new int[width * bands];
        for (int x = 0; x < width; x++) {
            for (int m = 0; m < bands; m++) {
                double v = Math.max(0, Math.min(1, (db[x][m] - (top - 80)) / 80));
                rgb[(bands - 1 - m) * width + x] = heat(v);
            }
        }
        return new Raster(width, bands, rgb);
    }

    /** Black → purple → orange → pale yellow, roughly matplotlib's "magma" (0..1). */
    static int heat(double v) {
        double r = Math.min(1, Math.max(0, 1.6 * v - 0.1)), g = Math.min(1, Math.max(0, 1.5 * v * v)), b = Math.min(1, Math.max(0, Math.sin(Math.PI * v) * 0.6 + 0.4 * v * v));
        return ((int) (r * 255) << 16) | ((int) (g * 255) << 8) | (int) (b * 255);
    }
}
